// Starts a gateway for a test with an in-memory ledger and quiet logs.
import { type GatewayConfigInput, parseConfig } from '../../../src/config/index.js';
import { type GatewayHooks, type RunningGateway, startGateway } from '../../../src/gateway/index.js';
import { MemoryLedger } from './memory-ledger.js';

export interface TestGateway {
  gw: RunningGateway;
  ledger: MemoryLedger;
  base: string;
  logs: string[];
}

/** A gateway on an ephemeral port; `models` default to every model → `upstreamUrl`. */
export async function testGateway(
  upstreamUrl: string | undefined,
  config: GatewayConfigInput = {},
  hooks?: GatewayHooks,
): Promise<TestGateway> {
  const ledger = new MemoryLedger();
  const logs: string[] = [];
  const models =
    config.models ??
    (upstreamUrl ? [{ name: '*', provider: 'openai-compatible' as const, baseUrl: upstreamUrl }] : []);
  const gw = await startGateway({
    config: parseConfig({ retries: { max: 0, baseMs: 1, maxMs: 50 }, ...config, models }),
    port: 0,
    ledger,
    env: {},
    log: (l) => logs.push(l),
    ...(hooks ? { hooks } : {}),
  });
  return { gw, ledger, base: `${gw.url}/v1`, logs };
}
