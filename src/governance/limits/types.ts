// What a limits backend does for the gateway: the requests/min take at authentication (stage 2), the budget
// reservation and tokens/min take before the upstream call (stage 4b), and their settlement. The local
// backend keeps them in this process; the Redis one shares them between replicas (local while Redis is down).
import type { ApiKey } from '../keys/store.js';

/** A reservation held while a request runs; settled exactly once. */
export interface Hold {
  /** Books the metered cost and the tokens used (prompt + output), releasing what was reserved. */
  settle(actualUsd: number, tokens: number): void;
}

export interface Limits {
  /** Takes one request from the key's requests/min bucket; throws MARGIN_ERR_RATE_LIMITED (429 + retry-after). */
  takeRequest(key: ApiKey): Promise<void>;
  /**
   * Reserves `usd` of the key's monthly budget and `tokens` of its tokens/min bucket; throws
   * MARGIN_ERR_BUDGET_EXHAUSTED or MARGIN_ERR_RATE_LIMITED. Keys without caps get a hold that only books spend.
   */
  admit(key: ApiKey, usd: number, tokens: number): Promise<Hold>;
  close(): Promise<void>;
}
