// The engine's output for one request: how many tokens, their text (or tool calls' JSON arguments, or JSON
// that satisfies a requested schema), optional reasoning text, per-token logprobs, and why it stopped.
// Deterministic from the prompt and the emulator's seed.
import { decode, encode } from 'gpt-tokenizer/encoding/o200k_base';
import { hashString, idFrom, makeRng, type Rng } from '../util/rng.js';
import type { GenRequest, ToolSpec } from './request.js';
import { exampleFor } from './structured.js';
import { generateTokens, vocabulary } from './text.js';

export type StopReason = 'stop' | 'length' | 'tool_calls';

export interface ToolCallGen {
  id: string;
  name: string;
  arguments: string;
  /** The arguments split into token strings (streamed one per frame). */
  pieces: string[];
}

/** Log probability of one output token and its most likely alternatives. */
export interface TokenLogprob {
  token: string;
  logprob: number;
  top: Array<{ token: string; logprob: number }>;
}

export interface Generation {
  /** Text pieces, one per output token (empty when the answer is only tool calls). */
  pieces: string[];
  text: string;
  /** Billed output tokens: text, reasoning and tool-call arguments. */
  outputTokens: number;
  stop: StopReason;
  /** The stop sequence that ended the text, when one did. */
  stopSequence: string | undefined;
  toolCalls: ToolCallGen[];
  /** Reasoning ("thinking") text generated before the answer, when the request asked for it. */
  reasoning: { pieces: string[]; text: string } | undefined;
  /** One entry per text piece when the request asked for logprobs. */
  logprobs: TokenLogprob[] | undefined;
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

/** Splits text into its o200k tokens' strings (ASCII JSON decodes token by token cleanly). */
function tokenPieces(text: string): string[] {
  return encode(text).map((t) => decode([t]));
}

/** Independent streams per concern, so that turning one option on never changes the others' output. */
const streamRng = (req: GenRequest, seed: number, salt: number): Rng =>
  makeRng(hashString(req.promptKey, seed ^ salt));

/** The tools this request calls: none, the named one, or (forced, or auto when the seeded coin says so)
 * the first tool, or every tool (up to 4) when parallel calls are allowed and several are given. */
export function chooseTools(req: GenRequest, rng: Rng, toolRate: number): ToolSpec[] {
  const plan = req.tools;
  if (!plan || plan.tools.length === 0 || plan.mode === 'none') return [];
  if (plan.named !== undefined) {
    const named = plan.tools.find((t) => t.name === plan.named);
    return [named ?? { name: plan.named, parameters: undefined }];
  }
  if (plan.mode === 'auto' && (plan.afterToolResult || rng() >= toolRate)) return [];
  return plan.parallel ? plan.tools.slice(0, 4) : plan.tools.slice(0, 1);
}

function toolCalls(tools: ToolSpec[], rng: Rng): ToolCallGen[] {
  return tools.map((t) => {
    const args = JSON.stringify(exampleFor(t.parameters, rng) ?? {});
    return { id: idFrom(rng, 24), name: t.name, arguments: args, pieces: tokenPieces(args) };
  });
}

function logprobsFor(pieces: string[], top: number, rng: Rng): TokenLogprob[] {
  const words = vocabulary();
  return pieces.map((token) => {
    const logprob = -Math.round(rng() * 150) / 100;
    const alts: Array<{ token: string; logprob: number }> = [{ token, logprob }];
    for (let k = 1; k < top; k++) {
      const w = words[Math.floor(rng() * words.length)] ?? 'the';
      alts.push({ token: ` ${w}`, logprob: Math.round((logprob - 0.5 - k - rng()) * 100) / 100 });
    }
    return { token, logprob, top: top > 0 ? alts : [] };
  });
}

/** Cuts the pieces at the first stop sequence (which is not emitted), as engines do. */
function applyStop(
  pieces: string[],
  stops: readonly string[],
): { pieces: string[]; hit: string | undefined } {
  if (stops.length === 0) return { pieces, hit: undefined };
  const text = pieces.join('');
  let at = -1;
  let hit: string | undefined;
  for (const s of stops) {
    const i = s === '' ? -1 : text.indexOf(s);
    if (i !== -1 && (at === -1 || i < at)) {
      at = i;
      hit = s;
    }
  }
  if (at === -1) return { pieces, hit: undefined };
  const out: string[] = [];
  let len = 0;
  for (const p of pieces) {
    if (len + p.length <= at) {
      out.push(p);
      len += p.length;
      continue;
    }
    if (at > len) out.push(p.slice(0, at - len));
    break;
  }
  return { pieces: out, hit };
}

/** The text pieces of an answer in the requested format (JSON that fits the schema) or free text. */
function answerPieces(req: GenRequest, rng: Rng, meanOutput: number): { pieces: string[]; stop: StopReason } {
  const format = req.format;
  if (format) {
    const value =
      format.schema === undefined
        ? { answer: generateTokens(6, rng).join('') }
        : exampleFor(format.schema, rng);
    const pieces = tokenPieces(JSON.stringify(value));
    if (req.limit !== undefined && pieces.length > req.limit)
      return { pieces: pieces.slice(0, req.limit), stop: 'length' };
    return { pieces, stop: 'stop' };
  }
  const { n, stop } = outputLength(req, naturalLength(rng, meanOutput));
  return { pieces: generateTokens(n, rng), stop };
}

/** The deterministic output for a request under a seed, a default mean length and a tool-call rate. */
export function generate(req: GenRequest, seed: number, meanOutput: number, toolRate = 1): Generation {
  const rng = makeRng(hashString(req.promptKey, seed));
  let reasoning: Generation['reasoning'];
  if (req.reasoning > 0) {
    const r = streamRng(req, seed, 0x5eed);
    const pieces = generateTokens(Math.min(req.reasoning, naturalLength(r, meanOutput)), r);
    reasoning = { pieces, text: pieces.join('') };
  }
  const reasoningTokens = reasoning?.pieces.length ?? 0;
  const tools = chooseTools(req, streamRng(req, seed, 0xc0140), toolRate);
  if (tools.length > 0) {
    const calls = toolCalls(tools, rng);
    const argTokens = calls.reduce((a, c) => a + c.pieces.length, 0);
    return {
      pieces: [],
      text: '',
      outputTokens: Math.max(1, argTokens) + reasoningTokens,
      stop: 'tool_calls',
      stopSequence: undefined,
      toolCalls: calls,
      reasoning,
      logprobs: undefined,
    };
  }
  const answer = answerPieces(req, rng, meanOutput);
  const cut = applyStop(answer.pieces, req.stop);
  const pieces = cut.pieces;
  const logprobs =
    req.logprobs === undefined ? undefined : logprobsFor(pieces, req.logprobs, streamRng(req, seed, 0x109));
  return {
    pieces,
    text: pieces.join(''),
    outputTokens: pieces.length + reasoningTokens,
    stop: cut.hit === undefined ? answer.stop : 'stop',
    stopSequence: cut.hit,
    toolCalls: [],
    reasoning,
    logprobs,
  };
}

/** `n` independent answers to one request (OpenAI `n`, Gemini `candidateCount`). */
export function generateChoices(
  req: GenRequest,
  seed: number,
  meanOutput: number,
  toolRate: number,
): Generation[] {
  const out = [generate(req, seed, meanOutput, toolRate)];
  for (let i = 1; i < req.n; i++) {
    out.push(generate({ ...req, promptKey: `${req.promptKey}#${i}` }, seed, meanOutput, toolRate));
  }
  return out;
}

/** A given answer text as the engine's output (`--answers`), billed as `outputTokens`. */
export function textGeneration(text: string, outputTokens: number): Generation {
  return {
    pieces: tokenPieces(text),
    text,
    outputTokens,
    stop: 'stop',
    stopSequence: undefined,
    toolCalls: [],
    reasoning: undefined,
    logprobs: undefined,
  };
}
