// `startEmulator`: an OpenAI- and Anthropic-compatible server that behaves like an inference engine (token
// counts from the tokenizer, generated text of the requested length, TTFT/TPOT from a performance model,
// slower under concurrency, injected faults). The test double for the gateway and the bench's upstream.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type EmulatorOptions, type ResolvedOptions, resolveOptions } from './options.js';
import { Scheduler } from './scheduler.js';
import { deploymentTimer, EmulatorHandler } from './server.js';
import type { EmulatorStatsSnapshot } from './stats.js';
import { emulatedDeployment } from './timing.js';

export type { EmulatorOptions, FaultOptions } from './options.js';
export type { EmulatorStatsSnapshot } from './stats.js';
export { type OperatingPoint, operatingPointFor } from './timing.js';

export interface RunningEmulator {
  /** Base URL including `/v1`, e.g. `http://127.0.0.1:8000/v1`. */
  url: string;
  port: number;
  host: string;
  options: ResolvedOptions;
  close(): Promise<void>;
  stats(): EmulatorStatsSnapshot;
  /** With `answers`: the recorded prompts and models served. */
  answers: { prompts: number; models: string[] } | undefined;
}

/** Starts an emulator; resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const o = resolveOptions(options);
  const deployment = emulatedDeployment(o.model, o.hardware, o.precision, o.gpus);
  const scheduler = new Scheduler();
  const handler = new EmulatorHandler(o, scheduler, deploymentTimer(deployment));
  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => handler.handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const hostForUrl = o.host.includes(':') ? `[${o.host}]` : o.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${hostForUrl}:${port}/v1`,
    port,
    host: o.host,
    options: o,
    stats: () => handler.stats.snapshot(),
    answers: handler.answers,
    close() {
      closing ??= new Promise<void>((resolve) => {
        scheduler.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
