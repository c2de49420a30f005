// Settled spend per key and month, durably in the key store (the source of truth): settlements are added
// in batches (every flushIntervalMs), and after each batch the spend of the keys in use is read back, so a
// process also learns what other processes sharing the key store have spent.
import { type KeyStore, monthOf, type SpendEntry } from './keys/store.js';

interface Known {
  month: string;
  /** Spend in the key store when last read. */
  stored: number;
  /** This process's settlements not yet in the store (pending or being written). */
  unflushed: number;
  /** Read back after the next flush (settled or reserved since the last one). */
  active: boolean;
  /** `stored` has been read from the store at least once. */
  loaded: boolean;
}

export class SpendBook {
  private readonly known = new Map<string, Known>();
  private readonly loading = new Map<string, Promise<Known>>();
  private pending: SpendEntry[] = [];
  private readonly listeners: Array<(keyId: string, month: string, spent: number) => void> = [];
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly store: KeyStore,
    private readonly onError: (err: Error) => void,
    private readonly now: () => number = Date.now,
    flushIntervalMs = 1000,
  ) {
    this.timer = setInterval(() => void this.flush(), flushIntervalMs);
    this.timer.unref();
  }

  month(): string {
    return monthOf(this.now());
  }

  /** Calls `fn` with a key's spend (store + this process's unflushed part) each time it is read back. */
  onRefresh(fn: (keyId: string, month: string, spent: number) => void): void {
    this.listeners.push(fn);
  }

  /** The key's spend this month as far as this process knows: the store's plus its own unflushed settlements. */
  async spent(keyId: string, month: string): Promise<number> {
    const k = await this.entry(keyId, month);
    k.active = true;
    return k.stored + k.unflushed;
  }

  /** Like `spent`, without waiting: 0 for a key not read yet. */
  spentNow(keyId: string, month: string): number {
    const k = this.known.get(keyId);
    return k && k.month === month ? k.stored + k.unflushed : 0;
  }

  private entry(keyId: string, month: string): Promise<Known> | Known {
    const k = this.known.get(keyId);
    if (k && k.month === month && k.loaded) return k;
    const id = `${keyId}|${month}`;
    let p = this.loading.get(id);
    if (!p) {
      p = this.store.spent([keyId], month).then(
        (m) => {
          this.loading.delete(id);
          let cur = this.known.get(keyId);
          if (!cur || cur.month !== month) {
            cur = { month, stored: 0, unflushed: 0, active: true, loaded: false };
            this.known.set(keyId, cur);
          }
          if (!cur.loaded) {
            cur.stored = m.get(keyId) ?? 0;
            cur.loaded = true;
          }
          return cur;
        },
        (err: unknown) => {
          this.loading.delete(id);
          throw err;
        },
      );
      this.loading.set(id, p);
    }
    return p;
  }

  /** Books a settlement (written with the next batch). */
  add(keyId: string, month: string, usd: number): void {
    if (!(usd > 0)) return;
    this.pending.push({ keyId, month, usd });
    const k = this.known.get(keyId);
    if (k && k.month === month) {
      k.unflushed += usd;
      k.active = true;
    } else if (!k || k.month < month) {
      // Not read yet: the store's part is filled in when first asked for, or by the next read-back.
      this.known.set(keyId, { month, stored: 0, unflushed: usd, active: true, loaded: false });
    }
  }

  /** Writes pending settlements, then reads back the spend of the keys used since the last flush. */
  flush(): Promise<void> {
    this.flushing ??= this.write().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async write(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) {
      try {
        await this.store.addSpend(batch);
      } catch (err) {
        this.pending = batch.concat(this.pending); // kept for the next attempt
        this.onError(err as Error);
        return;
      }
      for (const e of batch) {
        const k = this.known.get(e.keyId);
        if (k && k.month === e.month) {
          k.unflushed -= e.usd;
          k.stored += e.usd;
        }
      }
    }
    await this.readBack();
  }

  private async readBack(): Promise<void> {
    const byMonth = new Map<string, string[]>();
    for (const [keyId, k] of this.known) {
      if (!k.active) continue;
      k.active = false;
      const list = byMonth.get(k.month) ?? [];
      list.push(keyId);
      byMonth.set(k.month, list);
    }
    for (const [month, keyIds] of byMonth) {
      let stored: Map<string, number>;
      try {
        stored = await this.store.spent(keyIds, month);
      } catch (err) {
        this.onError(err as Error);
        continue;
      }
      for (const keyId of keyIds) {
        const k = this.known.get(keyId);
        if (!k || k.month !== month) continue;
        k.stored = stored.get(keyId) ?? k.stored;
        k.loaded = true;
        for (const fn of this.listeners) fn(keyId, month, k.stored + k.unflushed);
      }
    }
  }

  /** Stops the timer and writes what is pending (failures are reported, not thrown). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flushing;
    await this.flush();
  }
}
