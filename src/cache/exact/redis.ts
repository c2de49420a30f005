// Redis exact-cache backend (ioredis): keys under a configured prefix, TTL as PX. When Redis is down every
// call reads as a miss and one rate-limited warning is logged; ioredis keeps reconnecting in the background.
import { Redis } from 'ioredis';
import { type CacheEntry, decodeEntry, encodeEntry } from '../entry.js';
import { createWarner, type Warner } from '../warn.js';
import type { ExactBackend } from './backend.js';

export interface RedisBackendOptions {
  url: string;
  keyPrefix: string;
  /** Rate-limited logger for outages (default: console.warn once a minute). */
  warner?: Warner;
  /** Per-command timeout, ms: a stalled Redis must not stall requests (default 250). */
  commandTimeoutMs?: number;
}

const TOPIC = 'cache.redis';

export class RedisBackend implements ExactBackend {
  readonly name = 'redis';
  private readonly client: Redis;
  private readonly prefix: string;
  private readonly warner: Warner;
  private closed = false;

  constructor(options: RedisBackendOptions) {
    this.prefix = options.keyPrefix;
    this.warner = options.warner ?? createWarner();
    this.client = new Redis(options.url, {
      // Fail commands at once while disconnected instead of queueing them behind a dead socket.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 250,
      connectTimeout: 1000,
      retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 6), 5000),
    });
    this.client.on('error', (err: Error) => this.fail(err));
    this.client.on('ready', () =>
      this.warner.clear(TOPIC, 'Margin cache: Redis reachable again; caching resumed'),
    );
  }

  /** The underlying client (tests clean their prefix with it). */
  get redis(): Redis {
    return this.client;
  }

  /** Resolves true once connected (false after `timeoutMs`); requests never wait for this. */
  async ready(timeoutMs = 2000): Promise<boolean> {
    if (this.client.status === 'ready') return true;
    return new Promise((resolve) => {
      const done = (ok: boolean): void => {
        clearTimeout(timer);
        this.client.off('ready', onReady);
        resolve(ok);
      };
      const onReady = (): void => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.client.on('ready', onReady);
    });
  }

  /** While (re)connecting, calls are misses at once; the connection error itself is what gets logged. */
  private get up(): boolean {
    return this.client.status === 'ready';
  }

  async get(key: string): Promise<CacheEntry | undefined> {
    if (!this.up) return undefined;
    try {
      const text = await this.client.get(this.prefix + key);
      return text === null ? undefined : decodeEntry(text);
    } catch (err) {
      this.fail(err);
      return undefined;
    }
  }

  async set(key: string, entry: CacheEntry, ttlMs: number): Promise<void> {
    if (ttlMs <= 0 || !this.up) return;
    try {
      await this.client.set(this.prefix + key, encodeEntry(entry), 'PX', Math.ceil(ttlMs));
    } catch (err) {
      this.fail(err);
    }
  }

  async delete(key: string): Promise<void> {
    if (!this.up) return;
    try {
      await this.client.del(this.prefix + key);
    } catch (err) {
      this.fail(err);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.client.quit();
    } catch {
      this.client.disconnect();
    }
  }

  private fail(err: unknown): void {
    if (this.closed) return;
    const msg = err instanceof Error ? err.message : String(err);
    this.warner.warn(TOPIC, `Margin cache: Redis unavailable (${msg}); serving without the exact cache`);
  }
}
