// The engine's output for one request: how many tokens, their text (or a tool call's JSON arguments) and
// why it stopped. Deterministic from the prompt and the emulator's seed.
import { decode, encode } from 'gpt-tokenizer/encoding/o200k_base';
import { hashString, idFrom, makeRng, type Rng } from '../util/rng.js';
import type { ForcedTool, GenRequest } from './request.js';
import { generateTokens } from './text.js';

export type StopReason = 'stop' | 'length' | 'tool_calls';

export interface Generation {
  /** Text pieces, one per output token (empty for a tool call). */
  pieces: string[];
  text: string;
  outputTokens: number;
  stop: StopReason;
  toolCall: { id: string; name: string; arguments: string; pieces: string[] } | undefined;
}

/** A natural answer length around `mean`: uniform in [mean/2, 3·mean/2], at least 1. */
export function naturalLength(rng: Rng, mean: number): number {
  return Math.max(1, Math.round(mean * (0.5 + rng())));
}

/** Output length and stop reason from the client's limits and the natural length. */
export function outputLength(req: GenRequest, natural: number): { n: number; stop: StopReason } {
  const limit = req.limit;
  if (limit !== undefined && req.ignoreEos) return { n: limit, stop: 'length' };
  const n = Math.max(natural, req.minTokens);
  if (limit !== undefined && n >= limit) return { n: limit, stop: 'length' };
  return { n, stop: 'stop' };
}

/** Example value for a JSON-schema node (good enough for tool-call arguments). */
function exampleFor(schema: unknown, rng: Rng, depth = 0): unknown {
  const s = (schema && typeof schema === 'object' ? schema : {}) as Record<string, unknown>;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[Math.floor(rng() * s.enum.length)];
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  if (type === 'object' || (type === undefined && s.properties)) {
    const props = (s.properties ?? {}) as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    if (depth < 4) for (const [k, v] of Object.entries(props)) out[k] = exampleFor(v, rng, depth + 1);
    return out;
  }
  if (type === 'integer') return Math.floor(rng() * 100);
  if (type === 'number') return Math.round(rng() * 10000) / 100;
  if (type === 'boolean') return rng() < 0.5;
  if (type === 'array') return depth < 4 ? [exampleFor(s.items, rng, depth + 1)] : [];
  if (type === 'null') return null;
  return generateTokens(2, rng).join('');
}

/** Splits text into its o200k tokens' strings (ASCII JSON decodes token by token cleanly). */
function tokenPieces(text: string): string[] {
  return encode(text).map((t) => decode([t]));
}

function toolGeneration(tool: ForcedTool, rng: Rng): Generation {
  const args = JSON.stringify(exampleFor(tool.parameters, rng));
  const pieces = tokenPieces(args);
  return {
    pieces: [],
    text: '',
    outputTokens: Math.max(1, pieces.length),
    stop: 'tool_calls',
    toolCall: { id: idFrom(rng, 24), name: tool.name, arguments: args, pieces },
  };
}

/** The deterministic output for a request under a seed and a default mean length. */
export function generate(req: GenRequest, seed: number, meanOutput: number): Generation {
  const rng = makeRng(hashString(req.promptKey, seed));
  if (req.tool) return toolGeneration(req.tool, rng);
  const { n, stop } = outputLength(req, naturalLength(rng, meanOutput));
  const pieces = generateTokens(n, rng);
  return { pieces, text: pieces.join(''), outputTokens: n, stop, toolCall: undefined };
}
