// Stand-in scheduler until src/deferral/schedule lands: every group runs at once (mode `now`), with no
// estimate of its cost; the worker and the gateway are written against the same contract (types.ts).
import type { SchedulePlan, ScheduleRequest } from './types.js';

export function planNow(req: ScheduleRequest): SchedulePlan {
  const zero = { usd: 0, co2eG: 0 };
  return {
    mode: 'now',
    startAt: req.now,
    finishBy: req.now + req.runMs,
    expected: zero,
    immediate: zero,
    reason: 'Runs at once.',
    late: req.now + req.runMs > req.deadline,
  };
}
