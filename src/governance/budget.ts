// Monthly budgets with reservations: before the upstream call a request reserves its worst-case cost
// (prompt at the input price + max output at the output price); after metering it settles the real cost.
// Concurrent requests therefore cannot overshoot a cap together. Spend is persisted in batches.
import { MarginError } from '../errors/index.js';
import { type ApiKey, type KeyStore, monthOf } from './key-store.js';

export interface Reservation {
  keyId: string;
  month: string;
  usd: number;
}

interface Account {
  month: string;
  spent: number;
  reserved: number;
}

export class BudgetTracker {
  private readonly accounts = new Map<string, Account>();
  private pending: Array<{ keyId: string; month: string; usd: number }> = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly store: KeyStore,
    private readonly now: () => number = Date.now,
    flushIntervalMs = 1000,
  ) {
    this.timer = setInterval(() => this.flush(), flushIntervalMs);
    this.timer.unref();
  }

  private account(keyId: string): Account {
    const month = monthOf(this.now());
    let a = this.accounts.get(keyId);
    if (!a || a.month !== month) {
      a = { month, spent: this.store.spent(keyId, month), reserved: 0 };
      this.accounts.set(keyId, a);
    }
    return a;
  }

  /** Reserves `estimateUsd` against the key's monthly budget; throws 429 insufficient_quota when it would exceed it. */
  reserve(key: ApiKey, estimateUsd: number): Reservation {
    const a = this.account(key.id);
    const usd = Math.max(0, estimateUsd);
    if (key.monthlyBudgetUsd !== null && a.spent + a.reserved + usd > key.monthlyBudgetUsd) {
      const left = Math.max(0, key.monthlyBudgetUsd - a.spent - a.reserved);
      throw new MarginError(
        'MARGIN_ERR_BUDGET_EXHAUSTED',
        `Monthly budget of $${key.monthlyBudgetUsd.toFixed(2)} for key ${key.id} would be exceeded: $${a.spent.toFixed(4)} spent, $${a.reserved.toFixed(4)} reserved in flight, this request may cost up to $${usd.toFixed(4)} ($${left.toFixed(4)} left).`,
      );
    }
    a.reserved += usd;
    return { keyId: key.id, month: a.month, usd };
  }

  /** Releases a reservation and books the actual cost. */
  settle(r: Reservation, actualUsd: number): void {
    const a = this.account(r.keyId);
    if (a.month === r.month) a.reserved = Math.max(0, a.reserved - r.usd);
    if (actualUsd > 0) {
      if (a.month === r.month) a.spent += actualUsd;
      this.pending.push({ keyId: r.keyId, month: r.month, usd: actualUsd });
    }
  }

  /** Spent and reserved amounts this month. */
  status(keyId: string): { spent: number; reserved: number; month: string } {
    const a = this.account(keyId);
    return { spent: a.spent, reserved: a.reserved, month: a.month };
  }

  /** Writes settled spend to the store. */
  flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    try {
      this.store.addSpend(batch);
    } catch {
      this.pending = batch.concat(this.pending); // keep it for the next attempt
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.flush();
  }
}
