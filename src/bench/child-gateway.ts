// Bench child: the gateway as `margin serve --upstream` runs it (the default levers on: exact cache for
// deterministic requests, prompt caching) with the ledger on (SQLite file, spooled unless asked not to), API
// keys and shared limits when asked, printing {"url": "…/v1"} once it listens and shutting down cleanly
// (ledger flushed) on SIGTERM.
import { parseConfig, upstreamConfig } from '../config/index.js';
import { createLevers, startGateway } from '../gateway/index.js';

interface GatewayArg {
  upstream: string;
  ledgerUrl: string;
  /** false: no ledger spool (to measure what it costs). */
  spool?: boolean;
  /** Key store with the bench's key: every request authenticated, rate-limited and budgeted. */
  keysDb?: string;
  /** Redis sharing those limits, and the prefix to use there. */
  redis?: string;
  redisKeyPrefix?: string;
}

const arg = JSON.parse(process.argv[2] ?? '{}') as GatewayArg;
const config = upstreamConfig(
  parseConfig({
    ledger: { url: arg.ledgerUrl, ...(arg.spool === false ? { spool: 'off' } : {}) },
    governance: {
      keysDb: arg.keysDb ?? 'off',
      ...(arg.redis ? { redis: arg.redis, redisKeyPrefix: arg.redisKeyPrefix } : {}),
    },
  }),
  arg.upstream,
);
const levers = await createLevers(config);
const gw = await startGateway({ config, port: 0, host: '127.0.0.1', hooks: levers.hooks });
process.stdout.write(`${JSON.stringify({ url: `${gw.url}/v1` })}\n`);
const stop = () =>
  void gw
    .close()
    .then(() => levers.close())
    .then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
