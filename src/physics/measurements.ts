// Reading ../shared/calibration/measurements.csv: each published row becomes a deployment, a workload and
// a load (max throughput, a fixed concurrency, or latency limits), so the model can predict the row.
// How the free-text columns are read is documented here and in readme-physics.md.
import type { Catalog } from '../catalog/catalog.js';
import type { Hardware, ModelFacts, Precision } from '../catalog/schema.js';
import { csvRecords } from './csv.js';
import { routedExperts } from './memory.js';
import type { Engine, Workload } from './types.js';

export const MEASUREMENT_COLUMNS = [
  'id',
  'model',
  'precision',
  'hardware',
  'hw_count',
  'engine',
  'scenario',
  'isl',
  'osl',
  'batch_or_concurrency',
  'metric',
  'value',
  'unit',
] as const;

export type Load =
  | { kind: 'max' }
  | { kind: 'concurrency'; n: number }
  | { kind: 'latency'; ttftS?: number; tpotS?: number };

export interface RowPlan {
  id: string;
  kind: 'throughput' | 'energy';
  measured: number;
  model: ModelFacts;
  hardware: Hardware;
  hwCount: number;
  precision: Precision;
  engine: Engine;
  workload: Workload;
  load: Load;
  /** Tensor-parallel sizes to try (replicas = hwCount / tp); the best is the prediction. */
  tpOptions: number[];
  /** Energy rows: accelerator-only (ML.ENERGY) or whole-system wall power (MLPerf power). */
  energyScope: 'gpu' | 'system';
  /** Single-stream decode rate (llama-bench tg), not end-to-end requests. */
  decodeOnly: boolean;
  /** Per-device power limit the row's system ran at, W, where its hardware text names one. */
  powerLimitW?: number;
  /** How free-text columns were read. */
  assumptions: string[];
}

export type Planned = RowPlan | { id: string; skip: string };

/** A mixture-of-experts row (routed experts): fitted and reported apart from the dense rows. */
export function isMoeRow(p: RowPlan): boolean {
  return routedExperts(p.model) !== undefined;
}

/**
 * Per-device power limit named in a row's hardware text: "(700W)", or NVIDIA's higher-TDP custom-thermal
 * H200 configuration of MLPerf v4.0 (1,000 W per GPU, the MGX liquid-cooled H200 NVIDIA submitted beside
 * its 700 W HGX results: the row's note gives 31,712 vs 27,738 tok/s for eight GPUs).
 */
export function powerLimitOf(hardware: string): number | undefined {
  const w = /\((\d{3,4})\s*W\)/i.exec(hardware);
  if (w?.[1]) return Number(w[1]);
  if (/custom-thermal/i.test(hardware)) return 1000;
  return undefined;
}

/**
 * Mean request shapes of named benchmark datasets whose rows give no number. Estimates, not fitted:
 * MLPerf llama2-70b OpenOrca (input capped at 1024, mean not published in the rows: ≈ 400 assumed — a mean
 * of ≥ 680 would need > 90% of FP8 peak for the H200 v5.0 result; output 294.45 per the MLCommons reference
 * README), MLPerf 405B
 * long-context mix (mean input ≈ 9.4k, output ≈ 680), MLPerf Mixtral mix (OpenOrca/GSM8K/MBXP, ≈ 500/150),
 * MLPerf Llama-3.1-8B CNN/DailyMail (≈ 780 in, ≈ 70 out), ML.ENERGY LM-Arena chat prompts (≈ 250 in).
 */
const DATASETS: Array<{ match: RegExp; isl: number; osl: number }> = [
  { match: /openorca/i, isl: 400, osl: 294 },
  { match: /long-context/i, isl: 9400, osl: 680 },
  { match: /^mixed/i, isl: 500, osl: 150 },
  { match: /cnn|dailymail/i, isl: 780, osl: 70 },
  { match: /chat prompts/i, isl: 250, osl: 400 },
];

/** Reads the CSV text (RFC 4180) into records; throws naming a missing column. */
export function readMeasurements(text: string): Array<Record<string, string>> {
  return csvRecords(text, MEASUREMENT_COLUMNS);
}

const stripNotes = (s: string): string =>
  s
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

function findIn<T>(find: (id: string) => T | undefined, raw: string): T | undefined {
  const base = stripNotes(raw);
  const variants = [
    raw,
    base,
    base.replace(/^(AMD|Intel|NVIDIA|Google|Apple)\s+/i, ''),
    base.split('/')[0] ?? base,
    base.replace(/\s+/g, '-'),
  ];
  for (const v of variants) {
    const hit = v ? find(v.trim()) : undefined;
    if (hit) return hit;
  }
  return undefined;
}

/** First number in a field like "~293", "~396 avg", "1,000"; undefined when the field is not numeric. */
function leadingNumber(s: string): number | undefined {
  const m = /^~?\s*([\d][\d,]*(?:\.\d+)?)/.exec(s.trim());
  return m?.[1] ? Number(m[1].replace(/,/g, '')) : undefined;
}

function precisionOf(s: string): Precision | undefined {
  const m = /(mxfp4|nvfp4|fp8|fp4|fp16|bf16|f16|int8|int4|fp32|q8|q4)/i.exec(s);
  const p = m?.[1]?.toLowerCase();
  if (!p) return undefined;
  if (p === 'fp16' || p === 'f16') return 'bf16';
  if (p === 'nvfp4') return 'fp4';
  if (p === 'q8') return 'int8';
  if (p === 'q4') return 'int4';
  return p as Precision;
}

function engineOf(s: string): Engine {
  if (/tensorrt|trt/i.test(s)) return 'trtllm';
  if (/vllm/i.test(s)) return 'vllm';
  if (/sglang/i.test(s)) return 'sglang';
  if (/llama\.cpp|ollama/i.test(s)) return 'llamacpp';
  return 'generic';
}

function seconds(m: RegExpExecArray | null): number | undefined {
  if (!m?.[1]) return undefined;
  const v = Number(m[1]);
  return m[2] === 'ms' ? v / 1000 : v;
}

/** Batch column: "max"/"max (offline)" = memory maximum; a number = concurrency; "Poisson N qps" = server limits. */
function loadOf(batch: string, scenario: string): Load | string {
  const b = batch.trim();
  if (/^max/i.test(b)) return { kind: 'max' };
  if (/poisson/i.test(b)) {
    const ttftS = seconds(/TTFT\s*<=\s*([\d.]+)\s*(ms|s)/i.exec(scenario));
    const tpotS = seconds(/TPOT\s*<=\s*([\d.]+)\s*(ms|s)/i.exec(scenario));
    if (ttftS === undefined && tpotS === undefined) return `server row without latency limits in scenario`;
    return {
      kind: 'latency',
      ...(ttftS !== undefined ? { ttftS } : {}),
      ...(tpotS !== undefined ? { tpotS } : {}),
    };
  }
  const n = leadingNumber(b);
  if (n !== undefined && n > 0) return { kind: 'concurrency', n };
  return `unparseable batch_or_concurrency '${batch}'`;
}

/** Turns one CSV record into a prediction plan, or a reason to skip it. */
export function planRow(r: Record<string, string>, catalog: Catalog): Planned {
  const id = r.id ?? '?';
  const skip = (why: string): Planned => ({ id, skip: why });
  const metric = (r.metric ?? '').toLowerCase();
  const measured = Number(r.value);
  if (!Number.isFinite(measured) || measured <= 0) return skip(`unparseable value '${r.value}'`);
  const isEnergy = /energy/.test(metric);
  if (!isEnergy && !/tokens\/s/.test(metric))
    return skip(`metric '${r.metric}' is neither throughput nor energy`);
  if (/per node/.test(metric))
    return skip('per-node production fleet rate (disaggregated prefill/decode), not one replica');
  const model = findIn((n) => catalog.models.find(n), r.model ?? '');
  if (!model) return skip(`model '${r.model}' not in the catalog`);
  const hardware = findIn((n) => catalog.hardware.find(n), r.hardware ?? '');
  if (!hardware) return skip(`hardware '${r.hardware}' not in the catalog`);
  const hwCount = Number(r.hw_count);
  if (!Number.isInteger(hwCount) || hwCount < 1) return skip(`unparseable hw_count '${r.hw_count}'`);
  const precision = precisionOf(r.precision ?? '');
  if (!precision) return skip(`unparseable precision '${r.precision}'`);
  const load = loadOf(r.batch_or_concurrency ?? '', r.scenario ?? '');
  if (typeof load === 'string') return skip(load);
  const assumptions: string[] = [];
  const ds = DATASETS.find((d) => d.match.test(r.isl ?? '') || d.match.test(r.scenario ?? ''));
  let isl = leadingNumber(r.isl ?? '');
  let osl = leadingNumber(r.osl ?? '');
  if (isl === undefined && ds) {
    isl = ds.isl;
    assumptions.push(`isl≈${isl} (dataset mean)`);
  }
  if (osl === undefined && ds) {
    osl = ds.osl;
    assumptions.push(`osl≈${osl} (dataset mean)`);
  }
  if (isl === undefined || osl === undefined)
    return skip(`no input/output length in '${r.isl}' / '${r.osl}'`);
  const tpMatch = /\bTP(\d+)\b/.exec(`${id} ${r.scenario ?? ''}`);
  let tpOptions: number[];
  if (tpMatch?.[1]) tpOptions = [Number(tpMatch[1])];
  else if (load.kind === 'concurrency') tpOptions = [hwCount];
  else tpOptions = [1, 2, 4, 8, 16, 32, 64].filter((t) => t <= hwCount && hwCount % t === 0);
  if (/\(.*\)/.test(r.precision ?? ''))
    assumptions.push(`precision read as ${precision} from '${r.precision}'`);
  const powerLimitW = powerLimitOf(r.hardware ?? '');
  if (powerLimitW !== undefined && powerLimitW !== hardware.tdpW)
    assumptions.push(`power limit ${powerLimitW} W from '${r.hardware}'`);
  return {
    id,
    kind: isEnergy ? 'energy' : 'throughput',
    measured,
    model,
    hardware,
    hwCount,
    precision,
    engine: engineOf(r.engine ?? ''),
    workload: { inputTokens: isl, outputTokens: Math.max(1, osl) },
    load,
    tpOptions,
    energyScope: /system/.test(metric) ? 'system' : 'gpu',
    decodeOnly: /^decode tokens/.test(metric),
    ...(powerLimitW !== undefined ? { powerLimitW } : {}),
    assumptions,
  };
}
