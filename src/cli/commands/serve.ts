// `margin serve`: the metering gateway. Upstreams come from --upstream, the config file, or provider keys
// in the environment; with none of them the built-in emulator is started as the upstream.
import { existsSync } from 'node:fs';
import { defaultCatalog } from '../../catalog/index.js';
import { staleClause, staleSummary } from '../../catalog/staleness.js';
import { checkConfig } from '../../config/check.js';
import {
  autoConfigFromEnv,
  type GatewayConfig,
  loadConfigFile,
  parseConfig,
  upstreamConfig,
} from '../../config/index.js';
import { MarginError } from '../../errors/index.js';
import type { Levers } from '../../gateway/levers.js';
import { type Ledger, redact } from '../../ledger/index.js';
import { intOption, parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';

const help = `Usage: margin serve [--config margin.yaml] [--upstream <base-url>] [--port 8787] [--host 127.0.0.1]
                    [--emulator-port N]

Runs the metering gateway: an OpenAI-, Anthropic- and Gemini-compatible API (POST /v1/chat/completions,
/v1/responses, /v1/embeddings, /v1/messages, /v1/messages/count_tokens, /v1beta/models/{model}:generateContent
and friends, GET /v1/models, /metrics, /healthz) that labels every response with its cost, energy and CO2e
and records it in the ledger.

Where requests go, first match wins:
  --upstream <url>    every model to one OpenAI-compatible server (vLLM, SGLang, Ollama, ...),
                      e.g. http://127.0.0.1:8000/v1; no config needed
  models in config    the config file's models list (--config, or ./margin.yaml when present)
  provider keys       OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, DEEPSEEK_API_KEY, MISTRAL_API_KEY,
                      XAI_API_KEY, ... configure those providers by model-name prefix
  none of these       the built-in emulator is started as the upstream (said in the first log line)

Options:
  --config <file>     YAML config (server, models, ledger, meter, retries, timeouts, cache, router,
                      governance)
  --upstream <url>    OpenAI-compatible base URL for every model
  --port N            listen port (default 8787, or server.port)
  --host <addr>       listen address (default 127.0.0.1, or server.host)
  --emulator-port N   port of the built-in emulator when it is started (no upstream configured);
                      default: any free port on 127.0.0.1 (fix it for firewalled machines)

Cost levers (config sections; every one is shown in margin.example.yaml): cache (exact/semantic response
cache, provider prompt caching), router (virtual model names such as margin/auto), governance (API keys
from 'margin keys': with at least one key, every request needs one; rate limits and monthly budgets per
key). On with no config: the exact cache for deterministic requests (temperature 0 or a seed, in memory)
and provider prompt caching (Anthropic cache_control, OpenAI prompt_cache_key); 'cache: off' switches
them off. The first log line lists what is on. The dashboard is served at / when the ledger is on;
with keys on, /, /api/* and /metrics need an admin key ('margin keys create --admin'; browsers log in at
/login), or set server.metricsPort for a keyless /metrics on 127.0.0.1.

SIGTERM / SIGINT stop accepting requests, let in-flight ones finish, flush the ledger and exit 0.
`;

function checkUrl(value: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', `--upstream must be an http(s) URL (got '${value}')`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', `--upstream must be an http(s) URL (got '${value}')`);
  }
  return value;
}

export const command: Command = {
  name: 'serve',
  summary: 'Run the metering gateway (OpenAI/Anthropic compatible)',
  help,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      config: { type: 'string' },
      upstream: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      'emulator-port': { type: 'string' },
    });
    const port = values.port === undefined ? undefined : intOption(values.port, '--port');
    if (port !== undefined && port > 65535) {
      throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', `--port must be at most 65535 (got ${port})`);
    }
    const emulatorPort =
      values['emulator-port'] === undefined
        ? undefined
        : intOption(values['emulator-port'], '--emulator-port');
    if (emulatorPort !== undefined && emulatorPort > 65535) {
      throw new MarginError(
        'MARGIN_ERR_BAD_ARGUMENT',
        `--emulator-port must be at most 65535 (got ${emulatorPort})`,
      );
    }
    const configPath = values.config ?? (existsSync('margin.yaml') ? 'margin.yaml' : undefined);
    let config: GatewayConfig = configPath ? await loadConfigFile(configPath) : parseConfig({});
    const log = (line: string) => io.stderr(`${line}\n`);
    checkConfig(config, defaultCatalog()); // fields named, before an emulator, ledger or listener starts

    let emulator: { url: string; close(): Promise<void> } | undefined;
    if (values.upstream) {
      config = upstreamConfig(config, checkUrl(values.upstream));
    } else if (config.models.length === 0) {
      config = autoConfigFromEnv(config, process.env);
      if (config.models.length === 0) {
        const { startEmulator } = await import('../../emulator/index.js');
        emulator = await startEmulator({ port: emulatorPort ?? 0, host: '127.0.0.1' });
        log(
          `margin: no upstream configured (no --upstream, no models in a config file, no provider API key in the environment): using the built-in emulator at ${emulator.url} as the upstream`,
        );
        config = upstreamConfig(config, emulator.url);
      }
    }

    if (emulatorPort !== undefined && !emulator) {
      log(
        'margin: --emulator-port ignored: an upstream is configured, so the built-in emulator is not started',
      );
    }
    const { createLevers, startGateway } = await import('../../gateway/index.js');
    // The ledger is opened here (not by startGateway) so the dashboard can read its store.
    let ledger: Ledger | undefined;
    let levers: Levers | undefined;
    let gateway: Awaited<ReturnType<typeof startGateway>>;
    try {
      if (config.ledger.url !== 'off') {
        const { openLedger } = await import('../../ledger/index.js');
        ledger = await openLedger({
          url: config.ledger.url,
          flushIntervalMs: config.ledger.flushIntervalMs,
          batchSize: config.ledger.batchSize,
          ...(config.ledger.spool
            ? { spool: config.ledger.spool === 'off' ? false : config.ledger.spool }
            : {}),
          onError: (err) => log(`margin ledger: ${err.message.split('\n')[0]}`),
        });
      }
      levers = await createLevers(config, ledger ? { ledgerStore: ledger.store } : {});
      gateway = await startGateway({
        config,
        log,
        hooks: levers.hooks,
        ledger: ledger ?? null,
        ledgerUrl: config.ledger.url,
        ...(port !== undefined ? { port } : {}),
        ...(values.host !== undefined ? { host: values.host } : {}),
      });
    } catch (err) {
      await levers?.close();
      await ledger?.close();
      await emulator?.close();
      throw err;
    }
    const where = values.upstream
      ? `every model → ${values.upstream}`
      : emulator
        ? `every model → emulator ${emulator.url}`
        : `${config.models.length} model entr${config.models.length === 1 ? 'y' : 'ies'}${configPath ? ` from ${configPath}` : ' from provider keys in the environment'}`;
    const ledgerUrl = config.ledger.url === 'off' ? 'off' : redact(config.ledger.url);
    // Signal handlers go in before the "listening" line: a supervisor may signal as soon as it reads it.
    const stopped = new Promise<number>((resolve) => {
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        log(
          `margin: ${signal}: finishing ${gateway.inFlight()} in-flight request(s) and flushing the ledger`,
        );
        gateway
          .close()
          .then(() => levers?.close())
          .then(() => ledger?.close())
          .then(() => emulator?.close())
          .then(
            () => {
              log('margin: stopped');
              resolve(0);
            },
            (err: unknown) => {
              log(`margin: shutdown error: ${err instanceof Error ? err.message : String(err)}`);
              resolve(1);
            },
          )
          .finally(() => {
            process.off('SIGTERM', onTerm);
            process.off('SIGINT', onInt);
          });
      };
      const onTerm = () => stop('SIGTERM');
      const onInt = () => stop('SIGINT');
      process.on('SIGTERM', onTerm);
      process.on('SIGINT', onInt);
    });
    const policy = { maxAgeDays: config.meter.maxPriceAgeDays, now: new Date() };
    const prices = staleClause(staleSummary(defaultCatalog(), policy), policy);
    const metricsAt = gateway.metricsUrl ? `; metrics also at ${gateway.metricsUrl}/metrics` : '';
    log(
      `margin: gateway listening on ${gateway.url} (base URL ${gateway.url}/v1; ${where}; ledger ${ledgerUrl}${levers.summary.length ? `; ${levers.summary.join('; ')}` : ''}; ${prices}${metricsAt})`,
    );
    return stopped;
  },
};
