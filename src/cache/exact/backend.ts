// The one shape every exact-cache backend has (memory, Redis). Backends never throw to the caller:
// a failing store reads as a miss and a failed write is dropped.
import type { CacheEntry } from '../entry.js';

export interface ExactBackend {
  readonly name: string;
  /** The live entry under `key`, or undefined (missing, expired, unreadable or backend down). */
  get(key: string): Promise<CacheEntry | undefined>;
  /** Stores an entry for `ttlMs` milliseconds. */
  set(key: string, entry: CacheEntry, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Releases connections and timers. */
  close(): Promise<void>;
}
