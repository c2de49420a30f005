// `margin emulate`: run the emulated inference server until SIGINT/SIGTERM.

import { precisionSchema } from '../../catalog/schema.js';
import { type EmulatorOptions, startEmulator } from '../../emulator/index.js';
import { MarginError } from '../../errors/index.js';
import { intOption, numberOption, parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';

const help = `Usage: margin emulate [options]

Runs an OpenAI- and Anthropic-compatible server that behaves like an inference engine: exact token counts,
generated text of the requested length, TTFT/TPOT from a performance model of the chosen model and GPU
(slower under concurrency), and optional injected faults. No GPU needed.

Serves POST /v1/chat/completions, /v1/completions, /v1/embeddings, /v1/messages (Anthropic);
GET /v1/models, /healthz, /emulator/stats; the OpenAI Files + Batch API (/v1/files, /v1/batches) and
Anthropic Message Batches (/v1/messages/batches).

Options:
  --port N                 port (default 8000; 0 = any free port)
  --host H                 bind address (default 127.0.0.1)
  --model ID               open-weight model facts used for timing (default llama-3.1-8b)
  --hardware ID            accelerator used for timing (default h100-sxm)
  --gpus N                 accelerators per replica (default 1)
  --precision P            bf16 | fp8 | int8 | int4 | fp4 | fp32 (default bf16)
  --output-tokens N        mean answer length when a request sets no max tokens (default 64)
  --fast                   no delays, cached replies (load-generator target)
  --seed N                 seed for generated text and faults (default 1)
  --answers F              answer from recorded data instead of generated text: for a prompt (the last
                           user turn) in F, the requested model's recorded response and usage (cl100k token
                           counts of the recorded prompt and response). F: a RouterBench CSV, a RouteLLM
                           CSV (prompt, <model> True/False, optional <model>_response; MMLU files record no
                           text, so a choice letter agreeing with the recorded correctness is synthesised),
                           or a directory of them (e.g. ../shared/routing). Other prompts get a 400.
Faults:
  --error-rate R           share of requests failed with an error status (0..1)
  --error-status LIST      statuses to fail with (default 429,500,503)
  --retry-after S          retry-after seconds on injected 429/503
  --latency-spike-rate R   share of requests with an extra delay before the first token
  --latency-spike-ms MS    size of that delay (default 1000)
  --disconnect-rate R      share of requests whose connection is cut mid-way
  --malformed-rate R       share of requests with a malformed chunk / truncated body
  --omit-usage             never report usage
Batch APIs:
  --batch-time-scale S     multiplier on modelled batch time (validation, 30 min queue, engine time,
                           finalising, the 24 h window); 1 = real time, default 0.01 (~20 s per batch)
  --batch-line-error-rate R  share of batch lines answered with an error status (--error-status)
  --batch-fail-rate R      share of batches that fail as a whole (Anthropic: every request errored)
  --batch-expire-rate R    share of batches that run past their window (about half their lines expire)

Requests: /v1/chat/completions, /v1/completions, /v1/responses (JSON and SSE), /v1/messages (+ count_tokens),
/v1/embeddings; n, stop, logprobs, response_format / output_config / text.format (JSON fitting the schema),
thinking / reasoning_effort / reasoning, tools with tool_choice auto | required | named (parallel calls).
  --models LIST            extra model names answered besides the catalog's (comma-separated, or '*' for
                           any); other names get 404 model_not_found with close matches
  --tool-call-rate R       chance that tool_choice auto answers with tool calls (0..1, default 0.5)
`;

function rateOption(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const r = numberOption(value, flag);
  if (r < 0 || r > 1)
    throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', `${flag} must be between 0 and 1 (got '${value}')`);
  return r;
}

/** Turns CLI flags into emulator options (exported for tests). */
export function emulatorOptionsFromArgs(argv: string[]): EmulatorOptions {
  const { values: v } = parseCommandArgs(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    model: { type: 'string' },
    hardware: { type: 'string' },
    gpus: { type: 'string' },
    precision: { type: 'string' },
    'output-tokens': { type: 'string' },
    fast: { type: 'boolean' },
    seed: { type: 'string' },
    'error-rate': { type: 'string' },
    'error-status': { type: 'string' },
    'retry-after': { type: 'string' },
    'latency-spike-rate': { type: 'string' },
    'latency-spike-ms': { type: 'string' },
    'disconnect-rate': { type: 'string' },
    'malformed-rate': { type: 'string' },
    'omit-usage': { type: 'boolean' },
    models: { type: 'string' },
    'tool-call-rate': { type: 'string' },
    answers: { type: 'string' },
    'batch-time-scale': { type: 'string' },
    'batch-line-error-rate': { type: 'string' },
    'batch-fail-rate': { type: 'string' },
    'batch-expire-rate': { type: 'string' },
  });
  const port = intOption(v.port, '--port', 8000);
  if (port > 65535)
    throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', `--port must be at most 65535 (got ${port})`);
  let precision: EmulatorOptions['precision'];
  if (v.precision !== undefined) {
    const p = precisionSchema.safeParse(v.precision);
    if (!p.success) {
      throw new MarginError(
        'MARGIN_ERR_BAD_ARGUMENT',
        `--precision must be one of ${precisionSchema.options.join('|')} (got '${v.precision}')`,
      );
    }
    precision = p.data;
  }
  const errorStatus = v['error-status']?.split(',').map((s) => intOption(s.trim(), '--error-status'));
  if (errorStatus?.some((s) => s < 400 || s > 599)) {
    throw new MarginError(
      'MARGIN_ERR_BAD_ARGUMENT',
      `--error-status takes HTTP error statuses 400-599 (got '${v['error-status']}')`,
    );
  }
  const gpus = v.gpus === undefined ? undefined : intOption(v.gpus, '--gpus');
  if (gpus === 0) throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', '--gpus must be at least 1');
  const outputTokens =
    v['output-tokens'] === undefined ? undefined : intOption(v['output-tokens'], '--output-tokens');
  if (outputTokens === 0)
    throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', '--output-tokens must be at least 1');
  const faults: NonNullable<EmulatorOptions['faults']> = {};
  const set = <K extends keyof typeof faults>(k: K, value: (typeof faults)[K] | undefined) => {
    if (value !== undefined) faults[k] = value;
  };
  set('errorRate', rateOption(v['error-rate'], '--error-rate'));
  set('errorStatus', errorStatus);
  set(
    'retryAfterS',
    v['retry-after'] === undefined
      ? undefined
      : numberOption(v['retry-after'], '--retry-after', undefined, 0),
  );
  set('latencySpikeRate', rateOption(v['latency-spike-rate'], '--latency-spike-rate'));
  set(
    'latencySpikeMs',
    v['latency-spike-ms'] === undefined
      ? undefined
      : numberOption(v['latency-spike-ms'], '--latency-spike-ms', undefined, 0),
  );
  set('disconnectRate', rateOption(v['disconnect-rate'], '--disconnect-rate'));
  set('malformedRate', rateOption(v['malformed-rate'], '--malformed-rate'));
  if (v['omit-usage']) faults.omitUsage = true;
  set('batchLineErrorRate', rateOption(v['batch-line-error-rate'], '--batch-line-error-rate'));
  set('batchFailRate', rateOption(v['batch-fail-rate'], '--batch-fail-rate'));
  set('batchExpireRate', rateOption(v['batch-expire-rate'], '--batch-expire-rate'));
  const o: EmulatorOptions = { port, host: v.host ?? '127.0.0.1', fast: v.fast ?? false, faults };
  if (v.model) o.model = v.model;
  if (v.hardware) o.hardware = v.hardware;
  if (precision) o.precision = precision;
  if (gpus !== undefined) o.gpus = gpus;
  if (outputTokens !== undefined) o.defaultOutputTokens = outputTokens;
  if (v.seed !== undefined) o.seed = intOption(v.seed, '--seed');
  if (v.models !== undefined)
    o.models =
      v.models.trim() === '*'
        ? '*'
        : v.models
            .split(',')
            .map((m) => m.trim())
            .filter(Boolean);
  if (v.answers !== undefined) o.answers = v.answers;
  const toolRate = rateOption(v['tool-call-rate'], '--tool-call-rate');
  if (toolRate !== undefined) o.toolCallRate = toolRate;
  if (v['batch-time-scale'] !== undefined) {
    const scale = numberOption(v['batch-time-scale'], '--batch-time-scale');
    if (scale <= 0)
      throw new MarginError(
        'MARGIN_ERR_BAD_ARGUMENT',
        `--batch-time-scale must be positive (got '${scale}')`,
      );
    o.batchTimeScale = scale;
  }
  return o;
}

function describeFaults(f: NonNullable<EmulatorOptions['faults']>): string {
  const parts = Object.entries(f).map(
    ([k, val]) => `${k}=${Array.isArray(val) ? val.join(',') : String(val)}`,
  );
  return parts.length ? `; faults: ${parts.join(' ')}` : '';
}

export const command: Command = {
  name: 'emulate',
  summary: 'Run an emulated inference server (no GPU needed)',
  help,
  async run(argv, io) {
    const options = emulatorOptionsFromArgs(argv);
    let emu: Awaited<ReturnType<typeof startEmulator>>;
    try {
      emu = await startEmulator(options);
    } catch (err) {
      if (err instanceof RangeError) throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', err.message);
      const code = (err as { code?: string }).code;
      if (code === 'EADDRINUSE' || code === 'EACCES') {
        throw new MarginError(
          'MARGIN_ERR_BAD_ARGUMENT',
          `cannot listen on ${options.host}:${options.port} (${code})`,
        );
      }
      throw err;
    }
    const o = emu.options;
    const mode = o.fast ? 'fast mode (no delays)' : `${o.model} on ${o.gpus}x ${o.hardware} ${o.precision}`;
    const recorded = emu.answers
      ? `; answering ${emu.answers.prompts} recorded prompts for ${emu.answers.models.length} models from ${o.answers}`
      : '';
    io.stdout(
      `margin emulate: emulating ${mode} at ${emu.url}${recorded}${describeFaults(options.faults ?? {})}\n`,
    );
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        void emu.close().then(resolve);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    const s = emu.stats();
    io.stdout(`margin emulate: stopped after ${s.requests} requests\n`);
    return 0;
  },
};
