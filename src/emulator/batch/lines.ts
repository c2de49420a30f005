// One batch line answered by the emulator's own endpoints (same text, usage and timing model as a live
// request), forced non-streaming; with `batchLineErrorRate`, some lines get an injected error instead.
import { anthropicError } from '../anthropic-wire.js';
import type { EndpointContext, Ident, Prepared } from '../endpoints.js';
import { openaiError } from '../openai-wire.js';
import type { Timer } from '../server.js';
import { InfeasibleLoad } from '../timing.js';
import { BATCH_CONCURRENCY } from './job.js';

export type LineHandler = (body: unknown, ctx: EndpointContext, ident: Ident) => Prepared;

export interface LineOutcome {
  status: number;
  /** The reply body (a completion, a message, or an error body in the protocol's shape). */
  body: unknown;
  /** Engine seconds: time to first token plus decoding, at the batch's concurrency. */
  engineS: number;
}

export interface LineRun {
  handler: LineHandler;
  protocol: 'openai' | 'anthropic';
  ctx: EndpointContext;
  timer: Timer;
  /** Lines in the batch (sets the engine's concurrency). */
  lines: number;
}

function errorOutcome(protocol: LineRun['protocol'], status: number, message: string): LineOutcome {
  const reply = protocol === 'anthropic' ? anthropicError(status, message) : openaiError(status, message);
  return { status, body: JSON.parse(reply.frames.join('')), engineS: 0 };
}

/** Answers one line (`injected`: an error status drawn by the fault flags). */
export function runLine(run: LineRun, body: unknown, ident: Ident, injected?: number): LineOutcome {
  if (injected !== undefined)
    return errorOutcome(run.protocol, injected, `Emulated upstream error ${injected}`);
  const request =
    body && typeof body === 'object' && !Array.isArray(body) ? { ...body, stream: false } : body;
  const p = run.handler(request, run.ctx, ident);
  const reply = p.reply;
  const parsed: unknown = JSON.parse(reply.frames.join(''));
  if (reply.status !== 200) return { status: reply.status, body: parsed, engineS: 0 };
  if (run.ctx.o.fast || reply.outputTokens === 0) return { status: 200, body: parsed, engineS: 0 };
  try {
    const concurrency = Math.min(run.lines, BATCH_CONCURRENCY);
    const out = Math.max(1, reply.outputTokens);
    const t = run.timer(p.promptTokens, p.cachedTokens, out, concurrency);
    return { status: 200, body: parsed, engineS: t.ttftS + (out - 1) * t.tpotS };
  } catch (err) {
    if (!(err instanceof InfeasibleLoad)) throw err;
    return errorOutcome(run.protocol, 400, `This request cannot run on the emulated engine: ${err.message}`);
  }
}
