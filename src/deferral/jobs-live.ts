// Runs one job line through the gateway's live request path: a POST to the gateway's own listener over
// loopback, carrying a one-time internal token (src/gateway/internal.ts) that names the line's caller, its
// fixed ledger id and the deferral facts for its ledger record. Routes, the cache, budgets, retries,
// fallbacks, metering and the ledger all apply exactly as for a client request. The line's id is sent as
// `idempotency-key`, which the gateway forwards to providers that honour it.
import { INTERNAL_HEADER, registerInternal, releaseInternal } from '../gateway/internal.js';
import type { Job, PlannedGroup } from './store/types.js';
import type { LiveOutcome } from './worker.js';

/** The ledger id of a job line: fixed, so a re-run after a crash leaves one ledger record. */
export const ledgerIdOf = (jobId: string, idx: number): string => `${jobId}-${idx}`;

/** Immediate ÷ planned CO2e of a group (1 when the plan says nothing). */
export function co2eRatio(group: PlannedGroup | undefined): number {
  if (!group || group.expected.co2eG <= 0 || group.immediate.co2eG <= 0) return 1;
  return group.immediate.co2eG / group.expected.co2eG;
}

const RATE_LIMIT_RETRY_MS = 30_000;

export function liveRunner(
  selfUrl: () => string,
  now: () => number,
): (
  job: Job,
  line: { idx: number; request: unknown },
  group: PlannedGroup | undefined,
) => Promise<LiveOutcome> {
  return async (job, line, group) => {
    const ledgerId = ledgerIdOf(job.id, line.idx);
    const token = registerInternal({
      ledgerId,
      principal: job.keyId ? { keyId: job.keyId, tenant: job.tenant } : null,
      deferral: {
        jobId: job.id,
        mode: group?.mode ?? 'now',
        immediateAt: job.createdAt,
        co2eRatio: co2eRatio(group),
      },
    });
    try {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        [INTERNAL_HEADER]: token,
        'idempotency-key': ledgerId,
      };
      if (job.endpoint === '/v1/messages') headers['anthropic-version'] = '2023-06-01';
      const res = await fetch(`${selfUrl()}${job.endpoint}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(line.request),
      });
      const text = await res.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      // The caller's own per-minute token limit (Margin's 429, not the upstream's): wait and run it again.
      if (res.status === 429 && res.headers.get('x-margin-provider') === 'none') {
        const code = (body as { error?: { code?: unknown } })?.error?.code;
        if (code === 'rate_limit_exceeded' && now() < job.deadline) {
          const after = Number(res.headers.get('retry-after'));
          return { retryAt: now() + (after > 0 ? after * 1000 : RATE_LIMIT_RETRY_MS) };
        }
      }
      return {
        result: { status: res.status, body, requestId: res.headers.get('x-margin-request-id') ?? ledgerId },
      };
    } finally {
      releaseInternal(token);
    }
  };
}
