// Emulator options: what it emulates (model, GPU), how fast (timed or zero-delay), and which faults to inject.
import type { Precision } from '../catalog/schema.js';

export interface FaultOptions {
  /** Share of requests answered with an error status (0..1). */
  errorRate?: number;
  /** Statuses picked (uniformly, seeded) for injected errors; default [429, 500, 503]. */
  errorStatus?: number[];
  /** `retry-after` seconds sent with injected 429/503 errors. */
  retryAfterS?: number;
  /** Share of requests whose time to first token gets `latencySpikeMs` added. */
  latencySpikeRate?: number;
  latencySpikeMs?: number;
  /** Share of requests whose connection is cut mid-way (streams: after about half the tokens). */
  disconnectRate?: number;
  /** Share of requests that carry one malformed chunk (streams) or a truncated JSON body. */
  malformedRate?: number;
  /** Never report usage (JSON usage, the stream usage chunk, Anthropic message_delta usage). */
  omitUsage?: boolean;
  /** Batch APIs: share of batch lines answered with an error status (from `errorStatus`). */
  batchLineErrorRate?: number;
  /** Batch APIs: share of batches that fail as a whole (OpenAI `failed`; Anthropic: every line errored). */
  batchFailRate?: number;
  /** Batch APIs: share of batches that run past their completion window (about half their lines expire). */
  batchExpireRate?: number;
}

export interface EmulatorOptions {
  /** 0 = ephemeral (the CLI defaults to 8000). */
  port?: number;
  host?: string;
  /** Zero delay and cached response bodies: the bench upstream. */
  fast?: boolean;
  /** Simulate the provider's prompt cache (cached_tokens / cache reads and writes); default: on unless fast. */
  promptCache?: boolean;
  /** Open-weight model facts id used for timing. */
  model?: string;
  /** Hardware id used for timing. */
  hardware?: string;
  precision?: Precision;
  gpus?: number;
  /** Mean output length when a request sets no max tokens. */
  defaultOutputTokens?: number;
  faults?: FaultOptions;
  /** Seed for faults and generated text (deterministic runs). */
  seed?: number;
  /**
   * Model names answered besides the catalog's and `model` (`'*'` = any name). Other names get 404
   * `model_not_found`, as from a real server.
   */
  models?: readonly string[] | '*';
  /** Chance (0..1, seeded per prompt) that `tool_choice: auto` with tools answers with tool calls. */
  toolCallRate?: number;
  /** Recorded answers (a RouterBench/RouteLLM CSV or a directory of them) served instead of generated text. */
  answers?: string;
  /**
   * Batch APIs: multiplier on the modelled provider time (validation, queueing, the engine's work,
   * finalising, the 24 h completion window). 1 = real time; default 0.01 (a small batch ends in ~20 s).
   */
  batchTimeScale?: number;
  /** Batch APIs: largest accepted upload (default 200 MB, OpenAI's batch input limit); larger gets 413. */
  batchMaxFileBytes?: number;
}

export interface ResolvedFaults {
  errorRate: number;
  errorStatus: number[];
  retryAfterS: number | undefined;
  latencySpikeRate: number;
  latencySpikeMs: number;
  disconnectRate: number;
  malformedRate: number;
  omitUsage: boolean;
  batchLineErrorRate: number;
  batchFailRate: number;
  batchExpireRate: number;
}

export interface ResolvedOptions {
  port: number;
  host: string;
  fast: boolean;
  promptCache: boolean;
  model: string;
  hardware: string;
  precision: Precision;
  gpus: number;
  defaultOutputTokens: number;
  faults: ResolvedFaults;
  seed: number;
  models: readonly string[] | '*';
  toolCallRate: number;
  answers: string | undefined;
  batchTimeScale: number;
  batchMaxFileBytes: number;
}

function rate(v: number | undefined, name: string): number {
  const r = v ?? 0;
  if (!Number.isFinite(r) || r < 0 || r > 1)
    throw new RangeError(`${name} must be between 0 and 1 (got ${r})`);
  return r;
}

/** Fills defaults and checks ranges (throws RangeError naming the bad option). */
export function resolveOptions(o: EmulatorOptions = {}): ResolvedOptions {
  const f = o.faults ?? {};
  const errorStatus = f.errorStatus ?? [429, 500, 503];
  if (errorStatus.length === 0 || errorStatus.some((s) => !Number.isInteger(s) || s < 400 || s > 599)) {
    throw new RangeError(`errorStatus must be HTTP error statuses 400-599 (got ${errorStatus.join(',')})`);
  }
  const gpus = o.gpus ?? 1;
  if (!Number.isInteger(gpus) || gpus < 1)
    throw new RangeError(`gpus must be a positive integer (got ${gpus})`);
  const defaultOutputTokens = o.defaultOutputTokens ?? 64;
  if (!Number.isInteger(defaultOutputTokens) || defaultOutputTokens < 1) {
    throw new RangeError(`defaultOutputTokens must be a positive integer (got ${defaultOutputTokens})`);
  }
  const batchTimeScale = o.batchTimeScale ?? 0.01;
  if (!Number.isFinite(batchTimeScale) || batchTimeScale <= 0)
    throw new RangeError(`batchTimeScale must be a positive number (got ${batchTimeScale})`);
  const batchMaxFileBytes = o.batchMaxFileBytes ?? 200 * 1024 * 1024;
  if (!Number.isInteger(batchMaxFileBytes) || batchMaxFileBytes < 1)
    throw new RangeError(`batchMaxFileBytes must be a positive integer (got ${batchMaxFileBytes})`);
  return {
    port: o.port ?? 0,
    host: o.host ?? '127.0.0.1',
    fast: o.fast ?? false,
    promptCache: o.promptCache ?? !(o.fast ?? false),
    model: o.model ?? 'llama-3.1-8b',
    hardware: o.hardware ?? 'h100-sxm',
    precision: o.precision ?? 'bf16',
    gpus,
    defaultOutputTokens,
    seed: o.seed ?? 1,
    models: o.models ?? [],
    toolCallRate: rate(o.toolCallRate ?? 0.5, 'toolCallRate'),
    answers: o.answers,
    batchTimeScale,
    batchMaxFileBytes,
    faults: {
      errorRate: rate(f.errorRate, 'errorRate'),
      errorStatus,
      retryAfterS: f.retryAfterS,
      latencySpikeRate: rate(f.latencySpikeRate, 'latencySpikeRate'),
      latencySpikeMs: f.latencySpikeMs ?? 1000,
      disconnectRate: rate(f.disconnectRate, 'disconnectRate'),
      malformedRate: rate(f.malformedRate, 'malformedRate'),
      omitUsage: f.omitUsage ?? false,
      batchLineErrorRate: rate(f.batchLineErrorRate, 'batchLineErrorRate'),
      batchFailRate: rate(f.batchFailRate, 'batchFailRate'),
      batchExpireRate: rate(f.batchExpireRate, 'batchExpireRate'),
    },
  };
}
