// Governance: API keys (hashed), tenants, monthly budgets with reservations and rate limits.
export { BudgetTracker, type Reservation } from './budget.js';
export { type ApiKey, checkCaps, hashKey, KeyStore, MAX_RPM, monthOf, type NewKey } from './key-store.js';
export { RateLimiter } from './rate-limit.js';
