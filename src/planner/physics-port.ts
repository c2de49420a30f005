// The planner's view of the physics module, gathered in one interface so the planner gets the real
// performance model by default and a deterministic stand-in in unit tests. No physics lives here.
import {
  bestOperatingPoint,
  CALIBRATION,
  type Deployment,
  type Engine,
  explain,
  type Infeasible,
  idleWatts,
  type MemoryFit,
  memoryFit,
  type OperatingPoint,
  type Workload as PhysicsWorkload,
} from '../physics/index.js';

export type { Deployment, Engine, Infeasible, MemoryFit, OperatingPoint, PhysicsWorkload };

export interface PlannerPhysics {
  memoryFit(d: Deployment, opts?: { minContextTokens?: number }): MemoryFit;
  bestOperatingPoint(
    d: Deployment,
    w: PhysicsWorkload,
    targets: { ttftS?: number; tpotS?: number },
  ): OperatingPoint | Infeasible;
  explain(d: Deployment, w: PhysicsWorkload): string[];
  /** Idle power of all devices of a replica, W (devices only). */
  idlePowerW(d: Deployment): number;
  /** Host (CPU, memory, network) power as a share of device power. */
  hostPowerOverhead: number;
}

/** The real performance model (src/physics). */
export const defaultPhysics: PlannerPhysics = {
  memoryFit: (d, opts) => memoryFit(d, opts),
  bestOperatingPoint: (d, w, t) => bestOperatingPoint(d, w, t),
  explain: (d, w) => explain(d, w),
  idlePowerW: (d) => Math.max(1, Math.floor(d.count)) * idleWatts(d.hardware),
  hostPowerOverhead: CALIBRATION.hostPowerOverhead,
};

export function isInfeasible(x: OperatingPoint | Infeasible): x is Infeasible {
  return x.feasible === false;
}
