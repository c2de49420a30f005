// Governance: API keys (hashed) in a key store (SQLite or Postgres), tenants, monthly budgets with
// reservations, requests/min and tokens/min limits — in this process, or shared by replicas through Redis.
export * from './keys/index.js';
export { TokenBuckets } from './limits/bucket.js';
export { LocalLimits } from './limits/local.js';
export type { Hold, Limits } from './limits/types.js';
export { SpendBook } from './spend.js';
