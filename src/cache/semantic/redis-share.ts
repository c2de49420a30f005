// Semantic-cache entries shared by gateway replicas through a Redis stream: each replica appends what it
// stores (prompt text, embedding, answer, expiry) and reads what the others append into its own vector index,
// so a near-duplicate answered by one replica is a hit on every replica. A new replica reads the stream from
// the start (bounded by MAXLEN ≈ the configured entries). Redis trouble is a warning, never a failed request:
// each replica keeps serving from its own index and catches up when Redis is back.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { decodeEntry, encodeEntry } from '../entry.js';
import type { Warner } from '../warn.js';
import type { SemanticCache, SharedEntry } from './semantic-cache.js';

export interface SemanticShareOptions {
  url: string;
  keyPrefix: string;
  /** Stream length kept in Redis (approximately; oldest entries trimmed first). */
  maxEntries: number;
  warner: Warner;
}

const TOPIC = 'cache.semantic.redis';

function encodeVector(v: Float32Array): string {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
}

function decodeVector(s: string): Float32Array | undefined {
  const b = Buffer.from(s, 'base64');
  if (b.length === 0 || b.length % 4 !== 0) return undefined;
  const out = new Float32Array(b.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = b.readFloatLE(i * 4);
  return out.every(Number.isFinite) ? out : undefined;
}

/** Parses one stream entry's fields; undefined when they are not a valid shared entry. */
export function decodeShared(fields: readonly string[]): { replica: string; entry: SharedEntry } | undefined {
  const f = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) f.set(fields[i]!, fields[i + 1]!);
  const entry = decodeEntry(f.get('e') ?? '');
  const vector = decodeVector(f.get('v') ?? '');
  const expiresAt = Number(f.get('x'));
  const namespace = f.get('n');
  const text = f.get('t');
  if (!entry || !vector || !Number.isFinite(expiresAt) || namespace === undefined || text === undefined)
    return undefined;
  return { replica: f.get('r') ?? '', entry: { namespace, text, vector, entry, expiresAt } };
}

export class RedisSemanticShare {
  private readonly writer: Redis;
  private readonly reader: Redis;
  private readonly stream: string;
  private readonly replica = randomUUID();
  private last = '0';
  private closed = false;
  private readonly loop: Promise<void>;

  constructor(
    private readonly cache: SemanticCache,
    private readonly o: SemanticShareOptions,
  ) {
    this.stream = `${o.keyPrefix}entries`;
    const common = {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 1000,
      retryStrategy: (times: number) => Math.min(100 * 2 ** Math.min(times, 6), 2000),
    };
    this.writer = new Redis(o.url, { ...common, commandTimeout: 1000 });
    // The reader blocks in XREAD, so it has its own connection and no command timeout.
    this.reader = new Redis(o.url, common);
    for (const c of [this.writer, this.reader]) c.on('error', (err: Error) => this.fail(err));
    this.loop = this.read();
  }

  /** Resolves once both connections are up (false after `timeoutMs`); requests never wait for this. */
  async ready(timeoutMs = 2000): Promise<boolean> {
    const one = (c: Redis) =>
      c.status === 'ready'
        ? Promise.resolve(true)
        : new Promise<boolean>((resolve) => {
            const t = setTimeout(() => resolve(false), timeoutMs);
            c.once('ready', () => {
              clearTimeout(t);
              resolve(true);
            });
          });
    return (await Promise.all([one(this.writer), one(this.reader)])).every(Boolean);
  }

  /** Appends an entry this replica stored (fire and forget). */
  publish(e: SharedEntry): void {
    if (this.closed || this.writer.status !== 'ready') return;
    this.writer
      .xadd(
        this.stream,
        'MAXLEN',
        '~',
        this.o.maxEntries,
        '*',
        'r',
        this.replica,
        'n',
        e.namespace,
        't',
        e.text,
        'v',
        encodeVector(e.vector),
        'x',
        String(e.expiresAt),
        'e',
        encodeEntry(e.entry),
      )
      .then(() => this.writer.pexpire(this.stream, Math.max(1000, e.expiresAt - Date.now())))
      .catch((err: Error) => this.fail(err));
  }

  private async read(): Promise<void> {
    while (!this.closed) {
      if (this.reader.status !== 'ready') {
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      try {
        const res = (await this.reader.xread(
          'COUNT',
          1000,
          'BLOCK',
          1000,
          'STREAMS',
          this.stream,
          this.last,
        )) as Array<[string, Array<[string, string[]]>]> | null;
        for (const [, entries] of res ?? []) {
          for (const [id, fields] of entries) {
            this.last = id;
            const shared = decodeShared(fields);
            if (shared && shared.replica !== this.replica) await this.cache.addShared(shared.entry);
          }
        }
        this.o.warner.clear(TOPIC, 'Margin semantic cache: Redis reachable again; sharing entries resumed');
      } catch (err) {
        if (this.closed) return;
        this.fail(err as Error);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  private fail(err: Error): void {
    if (this.closed) return;
    this.o.warner.warn(
      TOPIC,
      `Margin semantic cache: Redis unavailable (${err.message}); serving from this replica's entries`,
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.reader.disconnect();
    await this.loop;
    try {
      await this.writer.quit();
    } catch {
      this.writer.disconnect();
    }
  }
}
