// In-process exact-cache backend: an LRU bounded in bytes (serialised size), with per-entry TTL.
// Map insertion order is the recency order: a hit re-inserts the key at the end.
import { type CacheEntry, decodeEntry, encodeEntry } from '../entry.js';
import type { ExactBackend } from './backend.js';

interface Slot {
  text: string;
  bytes: number;
  expiresAt: number;
}

/** Fixed per-entry bookkeeping estimate (Map slot, object header, numbers), bytes. */
const ENTRY_OVERHEAD = 96;

export interface MemoryBackendOptions {
  maxBytes: number;
  /** Clock in milliseconds (tests inject one). */
  now?: () => number;
}

export class MemoryBackend implements ExactBackend {
  readonly name = 'memory';
  private readonly slots = new Map<string, Slot>();
  private used = 0;
  private readonly maxBytes: number;
  private readonly now: () => number;

  constructor(options: MemoryBackendOptions) {
    this.maxBytes = options.maxBytes;
    this.now = options.now ?? Date.now;
  }

  /** Bytes currently accounted (keys + serialised entries + overhead). */
  get bytes(): number {
    return this.used;
  }

  get size(): number {
    return this.slots.size;
  }

  /** Keys from least to most recently used. */
  keys(): string[] {
    return [...this.slots.keys()];
  }

  async get(key: string): Promise<CacheEntry | undefined> {
    return this.getSync(key);
  }

  /** Synchronous lookup (the memory backend needs no I/O). */
  getSync(key: string): CacheEntry | undefined {
    const slot = this.slots.get(key);
    if (!slot) return undefined;
    if (slot.expiresAt <= this.now()) {
      this.remove(key, slot);
      return undefined;
    }
    this.slots.delete(key);
    this.slots.set(key, slot);
    return decodeEntry(slot.text);
  }

  async set(key: string, entry: CacheEntry, ttlMs: number): Promise<void> {
    const text = encodeEntry(entry);
    const bytes = Buffer.byteLength(key) + Buffer.byteLength(text) + ENTRY_OVERHEAD;
    const old = this.slots.get(key);
    if (old) this.remove(key, old);
    if (bytes > this.maxBytes || ttlMs <= 0) return;
    this.slots.set(key, { text, bytes, expiresAt: this.now() + ttlMs });
    this.used += bytes;
    for (const [k, s] of this.slots) {
      if (this.used <= this.maxBytes) break;
      this.remove(k, s);
    }
  }

  async delete(key: string): Promise<void> {
    const slot = this.slots.get(key);
    if (slot) this.remove(key, slot);
  }

  async close(): Promise<void> {
    this.slots.clear();
    this.used = 0;
  }

  private remove(key: string, slot: Slot): void {
    this.slots.delete(key);
    this.used -= slot.bytes;
  }
}
