// Limits kept in this process: monthly budgets with reservations (spent + reserved + this request's worst
// case must fit the budget, so concurrent requests cannot overshoot together) and token buckets for
// requests/min and tokens/min. Spend comes from the key store (SpendBook) and is booked back to it. Exact for
// one process; the Redis backend uses it per replica while Redis is unreachable.
import { MarginError } from '../../errors/index.js';
import type { ApiKey } from '../keys/store.js';
import type { SpendBook } from '../spend.js';
import { rateLimited, TokenBuckets } from './bucket.js';
import type { Hold, Limits } from './types.js';

interface Account {
  month: string;
  spent: number;
  reserved: number;
}

/** The 429 for a reservation that does not fit the budget. */
export function budgetExhausted(key: ApiKey, spent: number, reserved: number, usd: number): MarginError {
  const budget = key.monthlyBudgetUsd ?? 0;
  const left = Math.max(0, budget - spent - reserved);
  return new MarginError(
    'MARGIN_ERR_BUDGET_EXHAUSTED',
    `Monthly budget of $${budget.toFixed(2)} for key ${key.id} would be exceeded: $${spent.toFixed(4)} spent, $${reserved.toFixed(4)} reserved in flight, this request may cost up to $${usd.toFixed(4)} ($${left.toFixed(4)} left).`,
  );
}

export class LocalLimits implements Limits {
  private readonly accounts = new Map<string, Account>();
  private readonly buckets: TokenBuckets;

  constructor(
    private readonly spend: SpendBook,
    now: () => number = Date.now,
  ) {
    this.buckets = new TokenBuckets(now);
    // Spend read back from the key store (other processes included) replaces this process's estimate.
    spend.onRefresh((keyId, month, spent) => {
      const a = this.accounts.get(keyId);
      if (a && a.month === month) a.spent = spent;
    });
  }

  async takeRequest(key: ApiKey): Promise<void> {
    if (key.rateLimitRpm !== null) this.buckets.take(`r:${key.id}`, key.rateLimitRpm, 1, 'requests', key.id);
  }

  /** Raises the account's spend to `spent` when that is higher (what the shared state last said). */
  observe(keyId: string, month: string, spent: number): void {
    const a = this.accounts.get(keyId);
    if (a && a.month === month && spent > a.spent) a.spent = spent;
  }

  private async account(keyId: string, month: string): Promise<Account> {
    const a = this.accounts.get(keyId);
    if (a && a.month === month) return a;
    const spent = await this.spend.spent(keyId, month);
    const again = this.accounts.get(keyId); // another request may have loaded it meanwhile
    if (again && again.month === month) return again;
    const fresh = { month, spent, reserved: 0 };
    this.accounts.set(keyId, fresh);
    return fresh;
  }

  async admit(key: ApiKey, usd: number, tokens: number): Promise<Hold> {
    const month = this.spend.month();
    const budget = key.monthlyBudgetUsd;
    const a = budget === null ? undefined : await this.account(key.id, month);
    // Check both limits before taking from either (no await from here on: atomic within this process).
    const tpm = key.rateLimitTpm;
    if (tpm !== null) {
      const wait = this.buckets.wait(`t:${key.id}`, tpm, tokens);
      if (wait > 0) throw rateLimited('tokens', tpm, key.id, wait);
    }
    const reserve = Math.max(0, usd);
    if (a && budget !== null && a.spent + a.reserved + reserve > budget)
      throw budgetExhausted(key, a.spent, a.reserved, reserve);
    if (tpm !== null) this.buckets.adjust(`t:${key.id}`, tpm, -tokens);
    if (a) a.reserved += reserve;
    let settled = false;
    return {
      settle: (actualUsd, used) => {
        if (settled) return;
        settled = true;
        if (a) {
          a.reserved = Math.max(0, a.reserved - reserve);
          if (a.month === month && actualUsd > 0) a.spent += actualUsd;
        }
        if (tpm !== null && used !== tokens) this.buckets.adjust(`t:${key.id}`, tpm, tokens - used);
        this.spend.add(key.id, month, actualUsd);
      },
    };
  }

  async close(): Promise<void> {}
}
