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
  type LoadedWorkload,
  type MemoryFit,
  memoryFit,
  type OperatingPoint,
  operatingPoint,
  type Workload as PhysicsWorkload,
} from '../physics/index.js';

export type { Deployment, Engine, Infeasible, LoadedWorkload, MemoryFit, OperatingPoint, PhysicsWorkload };

export interface PlannerPhysics {
  memoryFit(d: Deployment, opts?: { minContextTokens?: number }): MemoryFit;
  bestOperatingPoint(
    d: Deployment,
    w: PhysicsWorkload,
    targets: { ttftS?: number; tpotS?: number },
  ): OperatingPoint | Infeasible;
  /** The replica at a given concurrency (slots); the p95 TTFT sizing searches over it. */
  operatingPoint(d: Deployment, w: LoadedWorkload): OperatingPoint | Infeasible;
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
  operatingPoint: (d, w) => operatingPoint(d, w),
  explain: (d, w) => explain(d, w),
  idlePowerW: (d) => Math.max(1, Math.floor(d.count)) * idleWatts(d.hardware),
  hostPowerOverhead: CALIBRATION.hostPowerOverhead,
};

export function isInfeasible(x: OperatingPoint | Infeasible): x is Infeasible {
  return x.feasible === false;
}
