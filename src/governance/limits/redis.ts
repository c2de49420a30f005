// Limits shared by every gateway replica through Redis: each take, admission and settlement is one Lua script
// (lua.ts), atomic across replicas. Reservations are leases (renewed while their request runs, so a replica
// that dies frees them within leaseMs). While Redis is unreachable every call falls back to this replica's
// LocalLimits (said once in the log and in /metrics); when it is back, held reservations are restored and each
// key's spend is raised to what the key store knows (reconciled), then shared limits resume.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { MarginError } from '../../errors/index.js';
import { redact } from '../../ledger/url.js';
import type { ApiKey } from '../keys/store.js';
import type { SpendBook } from '../spend.js';
import { rateLimited } from './bucket.js';
import { budgetExhausted, type LocalLimits } from './local.js';
import { ADMIT, RECONCILE, RENEW, SETTLE, TAKE_REQUEST } from './lua.js';
import type { Hold, Limits } from './types.js';

/** Budget state outlives its month by this much (then Redis drops it). */
const BUDGET_TTL_MS = 40 * 24 * 3600 * 1000;

export interface RedisLimitsOptions {
  url: string;
  /** Prefix of every key this gateway writes (replicas of one gateway share it). */
  keyPrefix: string;
  spend: SpendBook;
  /** Used while Redis is unreachable. */
  local: LocalLimits;
  log: (line: string) => void;
  /** A reservation not renewed for this long is dropped (its replica died); default 60 s. */
  leaseMs?: number;
  /** Per-command timeout: a stalled Redis must not stall requests (default 1000 ms). */
  commandTimeoutMs?: number;
}

interface Held {
  keyId: string;
  month: string;
  usd: number;
}

type Reply = Array<string | number>;

interface Scripts {
  takeRequest(key: string, rate: number): Promise<Reply>;
  admit(k1: string, k2: string, k3: string, ...argv: Array<string | number>): Promise<Reply>;
  settle(k1: string, k2: string, k3: string, ...argv: Array<string | number>): Promise<number>;
  renew(k1: string, k2: string, ...argv: Array<string | number>): Promise<number>;
  reconcile(k1: string, floor: string, ttl: number): Promise<string>;
}

const num = (x: number): string => String(x);

export class RedisLimits implements Limits {
  private readonly client: Redis & Scripts;
  private readonly held = new Map<string, Held>();
  /** Keys with a budget seen by this replica, and their month (reconciled after each spend read-back). */
  private readonly budgeted = new Map<string, string>();
  private readonly leaseMs: number;
  private readonly timer: NodeJS.Timeout;
  private shared = true;
  private recovering = false;
  private closed = false;

  constructor(private readonly o: RedisLimitsOptions) {
    this.leaseMs = o.leaseMs ?? 60_000;
    this.client = new Redis(o.url, {
      // Fail commands at once while disconnected (the local limits answer) instead of queueing them.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: o.commandTimeoutMs ?? 1000,
      enableAutoPipelining: true,
      connectTimeout: 1000,
      retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 6), 2000),
    }) as Redis & Scripts;
    this.client.defineCommand('takeRequest', { numberOfKeys: 1, lua: TAKE_REQUEST });
    this.client.defineCommand('admit', { numberOfKeys: 3, lua: ADMIT });
    this.client.defineCommand('settle', { numberOfKeys: 3, lua: SETTLE });
    this.client.defineCommand('renew', { numberOfKeys: 2, lua: RENEW });
    this.client.defineCommand('reconcile', { numberOfKeys: 1, lua: RECONCILE });
    this.client.on('error', (err: Error) => this.down(err));
    this.client.on('close', () => this.down(new Error('connection closed')));
    this.client.on('ready', () => void this.recover());
    o.spend.onRefresh((keyId, month, spent) => {
      if (this.budgeted.get(keyId) === month)
        this.reconcile(keyId, month, spent).catch((err: Error) => this.down(err));
    });
    // Each tick (≤ 1 s): try to recover while down; every quarter lease: renew the reservations in flight.
    const period = Math.max(10, Math.min(1000, Math.floor(this.leaseMs / 4)));
    const renewEvery = Math.max(1, Math.floor(this.leaseMs / 4 / period));
    let tick = 0;
    this.timer = setInterval(() => {
      if (!this.shared) void this.recover();
      else if (++tick % renewEvery === 0) void this.renewAll();
    }, period);
    this.timer.unref();
  }

  /** 1 while limits are shared through Redis, 0 while this replica enforces them alone. */
  get up(): boolean {
    return this.shared && this.client.status === 'ready';
  }

  /** Resolves true once Redis answers (false after `timeoutMs`); requests never wait for this. */
  async ready(timeoutMs = 2000): Promise<boolean> {
    if (this.client.status === 'ready') return true;
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        this.client.off('ready', onReady);
        resolve(ok);
      };
      const onReady = () => done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.client.on('ready', onReady);
    });
  }

  private key(keyId: string, what: string): string {
    return `${this.o.keyPrefix}{${keyId}}:${what}`;
  }

  private down(err: Error): void {
    if (this.closed || !this.shared) return;
    this.shared = false;
    this.o.log(
      `margin governance: Redis ${redact(this.o.url)} unreachable (${err.message}); enforcing budgets and rate limits per replica until it is back`,
    );
  }

  /** After a reconnect: restore held reservations, reconcile spend, then share limits again. */
  private async recover(): Promise<void> {
    if (this.closed || this.shared || this.recovering || this.client.status !== 'ready') return;
    this.recovering = true;
    try {
      await this.renewAll(true);
      for (const [keyId, month] of this.budgeted) {
        await this.reconcile(keyId, month, await this.o.spend.spent(keyId, month), true);
      }
    } catch {
      return; // tried again within a second
    } finally {
      this.recovering = false;
    }
    this.shared = true;
    this.o.log(
      `margin governance: Redis ${redact(this.o.url)} reachable again; reconciled ${this.budgeted.size} key budget(s), limits shared again`,
    );
  }

  private async reconcile(keyId: string, month: string, floor: number, strict = false): Promise<void> {
    if (!strict && !this.up) return;
    const spent = Number(
      await this.client.reconcile(this.key(keyId, `budget:${month}`), num(floor), BUDGET_TTL_MS),
    );
    this.o.local.observe(keyId, month, spent);
  }

  private async renewAll(strict = false): Promise<void> {
    if (!strict && !this.up) return;
    const groups = new Map<string, { keyId: string; month: string; args: string[] }>();
    for (const [id, h] of this.held) {
      const g = groups.get(`${h.keyId}|${h.month}`) ?? { keyId: h.keyId, month: h.month, args: [] };
      g.args.push(id, num(h.usd));
      groups.set(`${h.keyId}|${h.month}`, g);
    }
    const work: Array<Promise<unknown>> = [];
    for (const g of groups.values()) {
      const seed = await this.o.spend.spent(g.keyId, g.month);
      work.push(
        this.client.renew(
          this.key(g.keyId, `budget:${g.month}`),
          this.key(g.keyId, `holds:${g.month}`),
          this.leaseMs,
          BUDGET_TTL_MS,
          num(seed),
          ...g.args,
        ),
      );
    }
    const results = await Promise.allSettled(work);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) {
      if (strict) throw (failed as PromiseRejectedResult).reason;
      this.down((failed as PromiseRejectedResult).reason as Error);
    }
  }

  async takeRequest(key: ApiKey): Promise<void> {
    const rpm = key.rateLimitRpm;
    if (rpm === null) return;
    if (this.up) {
      let reply: Reply;
      try {
        reply = await this.client.takeRequest(this.key(key.id, 'rpm'), rpm);
      } catch (err) {
        this.down(err as Error);
        return this.o.local.takeRequest(key);
      }
      if (Number(reply[0]) === 1) return;
      throw rateLimited('requests', rpm, key.id, Math.min(60, Math.max(1, Math.ceil(Number(reply[1])))));
    }
    return this.o.local.takeRequest(key);
  }

  async admit(key: ApiKey, usd: number, tokens: number): Promise<Hold> {
    const budget = key.monthlyBudgetUsd;
    const tpm = key.rateLimitTpm;
    if (budget === null && tpm === null) return this.o.local.admit(key, usd, tokens); // books spend only
    const month = this.o.spend.month();
    const seed = budget === null ? 0 : await this.o.spend.spent(key.id, month);
    if (budget !== null) this.budgeted.set(key.id, month);
    const id = randomUUID();
    const reserve = Math.max(0, usd);
    const keys = [
      this.key(key.id, `budget:${month}`),
      this.key(key.id, `holds:${month}`),
      this.key(key.id, 'tpm'),
    ] as const;
    if (!this.up) return this.holdLocally(key, id, month, reserve, tokens, keys);
    let reply: Reply;
    try {
      reply = await this.client.admit(
        ...keys,
        budget === null ? '' : num(budget),
        num(reserve),
        id,
        this.leaseMs,
        num(seed),
        tpm === null ? '' : tpm,
        tokens,
        BUDGET_TTL_MS,
      );
    } catch (err) {
      this.down(err as Error);
      return this.holdLocally(key, id, month, reserve, tokens, keys);
    }
    if (Number(reply[0]) !== 1) {
      if (reply[1] === 'tpm')
        throw rateLimited('tokens', tpm ?? 0, key.id, Math.min(60, Math.max(1, Math.ceil(Number(reply[2])))));
      this.o.local.observe(key.id, month, Number(reply[2]));
      throw budgetExhausted(key, Number(reply[2]), Number(reply[3]), reserve);
    }
    if (budget !== null) {
      this.o.local.observe(key.id, month, Number(reply[1]));
      this.held.set(id, { keyId: key.id, month, usd: reserve });
    }
    return this.hold(key, id, month, tokens, keys, undefined);
  }

  /** Admits against this replica's limits; the reservation is restored to Redis when it is back. */
  private async holdLocally(
    key: ApiKey,
    id: string,
    month: string,
    reserve: number,
    tokens: number,
    keys: readonly [string, string, string],
  ): Promise<Hold> {
    const local = await this.o.local.admit(key, reserve, tokens);
    if (key.monthlyBudgetUsd !== null) this.held.set(id, { keyId: key.id, month, usd: reserve });
    return this.hold(key, id, month, tokens, keys, local);
  }

  private hold(
    key: ApiKey,
    id: string,
    month: string,
    tokens: number,
    keys: readonly [string, string, string],
    local: Hold | undefined,
  ): Hold {
    let settled = false;
    return {
      settle: (actualUsd, used) => {
        if (settled) return;
        settled = true;
        const wasHeld = this.held.delete(id);
        // Spend always reaches the key store: through the local hold, or booked here.
        if (local) local.settle(actualUsd, used);
        else this.o.spend.add(key.id, month, actualUsd);
        // A local hold's tokens were taken locally; its reservation was restored to Redis if Redis came back.
        if (!this.up || (local && (!wasHeld || key.monthlyBudgetUsd === null))) return;
        const seed = this.o.spend.spentNow(key.id, month) - Math.max(0, actualUsd);
        this.client
          .settle(
            ...keys,
            id,
            num(Math.max(0, actualUsd)),
            num(Math.max(0, seed)),
            key.rateLimitTpm === null ? '' : key.rateLimitTpm,
            local ? 0 : tokens - used,
            BUDGET_TTL_MS,
            key.monthlyBudgetUsd === null ? '' : '1',
          )
          .catch((err: Error) => this.down(err));
      },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    try {
      await this.client.quit();
    } catch {
      this.client.disconnect();
    }
  }
}

/** A Redis URL for `governance.redis` (redis:// or rediss://), or a config error naming the field. */
export function checkRedisUrl(url: string, field: string): string {
  if (!/^rediss?:\/\/[^\s]*$/i.test(url)) {
    throw new MarginError(
      'MARGIN_ERR_CONFIG',
      `${field} must be a redis:// or rediss:// URL (got '${redact(url)}')`,
      {
        param: field,
      },
    );
  }
  return url;
}
