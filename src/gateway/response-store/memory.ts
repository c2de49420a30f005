// In-process response store: a bounded map in insertion order (oldest evicted first), TTL on read.
import type { ResponseStore, StoredResponse } from './store.js';

export class MemoryResponseStore implements ResponseStore {
  private readonly rows = new Map<string, StoredResponse>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(id: string, tenant: string | null): Promise<StoredResponse | undefined> {
    const r = this.rows.get(id);
    if (!r || r.tenant !== tenant) return undefined;
    if (this.now() - r.createdAt > this.ttlMs) {
      this.rows.delete(id);
      return undefined;
    }
    return r;
  }

  async put(r: StoredResponse): Promise<void> {
    if (this.rows.size >= this.maxEntries) this.rows.delete(this.rows.keys().next().value as string);
    this.rows.set(r.id, r);
  }

  async close(): Promise<void> {
    this.rows.clear();
  }
}
