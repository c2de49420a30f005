// Test helpers for the planner: repo-root lookup (works from test/ under tsx and dist/test/ compiled),
// a small catalog, a deterministic physics stand-in, and captured CLI io.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CommandIO } from '../../src/cli/command.js';
import type { OperatingPoint, PhysicsWorkload, PlannerPhysics } from '../../src/planner/physics-port.js';

/** The directory holding package.json, walking up from this file. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above the test file');
    dir = up;
  }
  return dir;
}

/** Fixture path (fixtures stay in test/planner/fixtures; dist/ does not copy them). */
export function fixture(name: string): string {
  return join(repoRoot(), 'test', 'planner', 'fixtures', name);
}

function fakePoint(c: number, rps: number, w: PhysicsWorkload, powerW: number): OperatingPoint {
  const r = (rps * c) / 10;
  return {
    feasible: true,
    concurrency: c,
    ttftS: 0.2,
    tpotS: 0.03,
    outputTokS: r * w.outputTokens,
    inputTokS: r * w.inputTokens,
    requestsPerS: r,
    powerW,
    energyPerOutputTokenJ: powerW / (r * w.outputTokens),
    energyPerRequestJ: powerW / r,
    computeBound: false,
    utilisation: 0.5,
    clockShare: 1,
  };
}

/** A physics stand-in with a fixed capacity: every deployment serves `rps` requests/s at `powerW`. */
export function fakePhysics(rps: number, powerW = 1000, idleW = 200): PlannerPhysics {
  return {
    memoryFit: (d) => {
      const weightsGB = d.model.paramsTotalB * 2;
      const availableGB = d.hardware.memoryGB * d.count;
      const fits = weightsGB < availableGB;
      return {
        fits,
        weightsGB,
        kvGBPerToken: 0,
        overheadGB: 0,
        overheadParts: { runtimeGB: 0, activationsGB: 0, reserveGB: 0 },
        availableGB,
        maxKvTokens: fits ? 1e6 : 0,
        ...(fits
          ? {}
          : { reason: `needs ${weightsGB} GB, ${d.count}× ${d.hardware.id} has ${availableGB} GB` }),
      };
    },
    // Capacity grows linearly with concurrency up to 10 slots; TTFT and TPOT stay fixed.
    bestOperatingPoint: (_d, w) => fakePoint(10, rps, w, powerW),
    operatingPoint: (_d, w) => fakePoint(Math.min(10, w.concurrency), rps, w, powerW),
    explain: () => ['fake physics'],
    idlePowerW: () => idleW,
    hostPowerOverhead: 0,
  };
}

/** Captures a command's stdout/stderr. */
export function captureIO(): CommandIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (t: string) => {
      io.out += t;
    },
    stderr: (t: string) => {
      io.err += t;
    },
  };
  return io;
}
