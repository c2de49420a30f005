// `npm run bench:governance [-- --redis redis://127.0.0.1:6379] [--requests 20000] [--concurrency 32]`
// What the limits cost per request in the gateway's process: a requests/min take, a budget + tokens/min
// admission and its settlement, for one key with every cap set — in-process (LocalLimits) and shared by
// replicas through Redis (RedisLimits, a random key prefix removed afterwards). Rounds alternate between the
// two and the medians are printed: µs of this process's CPU per request, and wall latency of one request's
// take + admit (the settlement is not awaited by the gateway).
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { median, quantile } from '../src/bench/stats.js';
import { type ApiKey, type Limits, LocalLimits, SpendBook, SqliteKeyStore } from '../src/governance/index.js';
import { RedisLimits } from '../src/governance/limits/redis.js';

const { values } = parseArgs({
  options: {
    redis: { type: 'string', default: 'redis://127.0.0.1:6379' },
    requests: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '32' },
    rounds: { type: 'string', default: '5' },
  },
});
const N = Number(values.requests);
const C = Number(values.concurrency);
const ROUNDS = Number(values.rounds);

async function round(
  limits: Limits,
  key: ApiKey,
): Promise<{ cpuUs: number; p50: number; p99: number; rps: number }> {
  const lat: number[] = [];
  let next = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: C }, async () => {
      while (next++ < N) {
        const s = performance.now();
        await limits.takeRequest(key);
        const hold = await limits.admit(key, 0.000_01, 200);
        lat.push(performance.now() - s);
        hold.settle(0.000_008, 260);
      }
    }),
  );
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  lat.sort((a, b) => a - b);
  return {
    cpuUs: (c.user + c.system) / N,
    p50: quantile(lat, 0.5),
    p99: quantile(lat, 0.99),
    rps: N / (wall / 1000),
  };
}

async function main(): Promise<void> {
  const store = new SqliteKeyStore(':memory:');
  const { key } = await store.create({
    tenant: 'bench',
    monthlyBudgetUsd: 1e9,
    rateLimitRpm: 60_000_000,
    rateLimitTpm: 1e12,
  });
  const spend = new SpendBook(store, (e) => console.error(e.message));
  const local = new LocalLimits(spend);
  const prefix = `margin:bench:${randomBytes(4).toString('hex')}:`;
  const shared = new RedisLimits({ url: values.redis!, keyPrefix: prefix, spend, local, log: console.error });
  if (!(await shared.ready())) throw new Error(`no Redis at ${values.redis}`);
  const results: Record<'local' | 'redis', Array<Awaited<ReturnType<typeof round>>>> = {
    local: [],
    redis: [],
  };
  try {
    await round(local, key); // warm-up (JIT, key-store read)
    await round(shared, key);
    for (let i = 0; i < ROUNDS; i++) {
      const order: Array<'local' | 'redis'> = i % 2 ? ['redis', 'local'] : ['local', 'redis'];
      for (const name of order) results[name].push(await round(name === 'local' ? local : shared, key));
    }
  } finally {
    await shared.close();
    const r = new Redis(values.redis!);
    const keys = await r.keys(`${prefix}*`);
    if (keys.length) await r.del(...keys);
    r.disconnect();
    await spend.close();
    await store.close();
  }
  console.log(
    `governance bench: ${ROUNDS} alternating rounds of ${N} requests at concurrency ${C} (take + admit + settle per request; medians)`,
  );
  for (const name of ['local', 'redis'] as const) {
    const rs = results[name];
    const m = (f: (r: (typeof rs)[number]) => number) => median(rs.map(f));
    console.log(
      `${name === 'local' ? 'in-process ' : 'Redis (Lua)'}: ${m((r) => r.cpuUs).toFixed(1)} µs CPU per request in this process, take + admit p50 ${m((r) => r.p50).toFixed(3)} ms, p99 ${m((r) => r.p99).toFixed(3)} ms, ${Math.round(m((r) => r.rps)).toLocaleString('en')} requests/s`,
    );
  }
  const extra = median(results.redis.map((r) => r.cpuUs)) - median(results.local.map((r) => r.cpuUs));
  console.log(
    `shared counters cost ${extra.toFixed(1)} µs of gateway CPU per request more than in-process ones`,
  );
}

await main();
