// Starts a gateway with the hooks `margin serve` builds from config (cache, prompt caching, router, keys,
// dashboard), an in-memory ledger unless one is given, and quiet logs. Keys are off unless configured.
import { type GatewayConfigInput, parseConfig } from '../../../src/config/index.js';
import {
  createLevers,
  type LedgerSink,
  type Levers,
  type RunningGateway,
  startGateway,
} from '../../../src/gateway/index.js';
import type { LedgerStore } from '../../../src/ledger/store.js';
import { MemoryLedger } from './memory-ledger.js';

export interface LeverGateway {
  gw: RunningGateway;
  levers: Levers;
  ledger: MemoryLedger;
  base: string;
  logs: string[];
  close(): Promise<void>;
}

/** A gateway on an ephemeral port with the config's levers installed. */
export async function leverGateway(
  config: GatewayConfigInput,
  options: { ledger?: LedgerSink; ledgerStore?: LedgerStore } = {},
): Promise<LeverGateway> {
  const cfg = parseConfig({
    retries: { max: 0, baseMs: 1, maxMs: 50 },
    ...config,
    governance: config.governance ?? { keysDb: 'off' },
  });
  const levers = await createLevers(cfg, {
    env: {},
    ...(options.ledgerStore ? { ledgerStore: options.ledgerStore } : {}),
  });
  const memory = new MemoryLedger();
  const logs: string[] = [];
  let gw: RunningGateway;
  try {
    gw = await startGateway({
      config: cfg,
      port: 0,
      ledger: options.ledger ?? memory,
      env: {},
      log: (l) => logs.push(l),
      hooks: levers.hooks,
    });
  } catch (err) {
    await levers.close();
    throw err;
  }
  return {
    gw,
    levers,
    ledger: memory,
    base: `${gw.url}/v1`,
    logs,
    close: async () => {
      await gw.close();
      await levers.close();
    },
  };
}

/** An OpenAI chat completion body (for scripted upstreams). */
export function chatBody(content: string, usage: { prompt: number; completion: number }, extra = {}) {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1,
    model: 'scripted',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop', logprobs: null }],
    usage: {
      prompt_tokens: usage.prompt,
      completion_tokens: usage.completion,
      total_tokens: usage.prompt + usage.completion,
    },
    ...extra,
  };
}

/** An Anthropic Messages response body (for scripted upstreams). */
export function messageBody(text: string, usage: { input: number; output: number }) {
  return {
    id: 'msg_test',
    type: 'message',
    role: 'assistant',
    model: 'scripted',
    content: [{ type: 'text', text }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: usage.input, output_tokens: usage.output },
  };
}
