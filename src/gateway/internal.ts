// Requests the gateway makes to itself: the deferral worker runs each batch or deferred line through the
// same live path as a client request (parse, route, cache, budget, upstream, meter, ledger) by calling the
// gateway's own listener over loopback with a one-time token. The token is random and held only in this
// process, so a client cannot pose as the worker; it carries the line's caller (its API key id and tenant),
// a fixed ledger id (a re-run after a crash writes the same id, which the ledger keeps once) and the
// deferral facts the ledger record adds.
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const INTERNAL_HEADER = 'x-margin-internal';

export interface InternalCall {
  /** Ledger record id for this line (deterministic per job line). */
  ledgerId: string;
  /** The job's caller; null = anonymous. */
  principal: { keyId: string; tenant: string | null } | null;
  deferral: {
    jobId: string;
    /** How the scheduler ran it (`now`, `price-window`, `low-carbon`, …). */
    mode: string;
    /** When the job was accepted: running it then is the counterfactual (immediate cost). */
    immediateAt: number;
    /** Plan's immediate ÷ expected CO2e (the meter's CO2e does not vary by hour; the plan's estimate does). */
    co2eRatio: number;
  };
}

const pending = new Map<string, InternalCall>();

/** Registers a call; returns the header value that identifies it (valid until `release`). */
export function registerInternal(call: InternalCall): string {
  const token = randomUUID();
  pending.set(token, call);
  return token;
}

export function releaseInternal(token: string): void {
  pending.delete(token);
}

/** The internal call a request carries, if its token is one this process issued. */
export function internalCallOf(headers: IncomingHttpHeaders): InternalCall | undefined {
  const t = headers[INTERNAL_HEADER];
  return typeof t === 'string' ? pending.get(t) : undefined;
}
