// One gateway per test file for the client-compatibility suite, in two configurations:
// - zero config: every model to the built-in emulator (what `margin serve` does with no upstream, no config);
// - cross-vendor: `claude-*` served by the emulator's Anthropic protocol, `gemini-*` by a Gemini-protocol
//   fixture server, everything else by the emulator's OpenAI protocol — so each client also talks to
//   upstreams of the other two protocols through translation.
// The emulator answers `tool_choice: auto` with tool calls (rate 1) so tool tests are deterministic;
// SLOW_MODEL (cross-vendor) streams in real time for cancellation tests.
import { parseConfig, upstreamConfig } from '../../../src/config/index.js';
import { type RunningEmulator, startEmulator } from '../../../src/emulator/index.js';
import { type RunningGateway, startGateway } from '../../../src/gateway/index.js';
import { MemoryLedger, until } from '../../gateway/helpers/memory-ledger.js';
import { type GeminiFixtureServer, startGeminiFixtures } from './gemini-fixtures.js';

export interface ClientSuite {
  /** Gateway origin, e.g. http://127.0.0.1:1234 (OpenAI clients use `${url}/v1`). */
  url: string;
  ledger: MemoryLedger;
  gemini: GeminiFixtureServer;
  close(): Promise<void>;
  /** The ledger record of a request id, once written. */
  record(id: string | null | undefined): Promise<import('../../../src/ledger/record.js').LedgerRecord>;
}

export type Mode = 'zero-config' | 'cross-vendor';

/** A model the cross-vendor gateway serves from a timed emulator (streams take seconds: cancellation). */
export const SLOW_MODEL = 'llama-3.1-70b';

export async function startSuite(mode: Mode): Promise<ClientSuite> {
  const emu: RunningEmulator = await startEmulator({ port: 0, fast: true, seed: 11, toolCallRate: 1 });
  // Timed like an engine (tokens over time), so that a client can cancel mid-stream.
  const slow: RunningEmulator = await startEmulator({ port: 0, seed: 11 });
  const gemini = await startGeminiFixtures();
  const base = parseConfig({ ledger: { url: 'off' }, retries: { max: 0, baseMs: 1, maxMs: 10 } });
  const origin = new URL(emu.url).origin;
  const config =
    mode === 'zero-config'
      ? upstreamConfig(base, emu.url)
      : parseConfig({
          ledger: { url: 'off' },
          retries: { max: 0, baseMs: 1, maxMs: 10 },
          models: [
            { name: 'claude-*', provider: 'anthropic', baseUrl: origin },
            { name: 'gemini-*', provider: 'gemini', baseUrl: gemini.url },
            { name: SLOW_MODEL, provider: 'openai-compatible', baseUrl: slow.url },
            { name: '*', provider: 'openai-compatible', baseUrl: emu.url },
          ],
        });
  const ledger = new MemoryLedger();
  const gw: RunningGateway = await startGateway({ config, port: 0, ledger, env: {}, log: () => {} });
  return {
    url: gw.url,
    ledger,
    gemini,
    async record(id) {
      await until(() => ledger.byId(id ?? null) !== undefined, `ledger record ${id}`);
      const r = ledger.byId(id ?? null);
      if (!r) throw new Error(`no record ${id}`);
      return r;
    },
    async close() {
      await gw.close();
      await emu.close();
      await slow.close();
      await gemini.close();
    },
  };
}

/** A 1×1 PNG as a data URL (images tests). */
export const PIXEL =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/** The JSON schema most structured-output tests ask for. */
export const PERSON = {
  type: 'object',
  properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 0, maximum: 120 } },
  required: ['name', 'age'],
  additionalProperties: false,
} as const;
