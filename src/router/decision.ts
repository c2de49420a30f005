// What a routing policy decides for one request, and the request facts policies look at.
import type { ChatRequest } from '../protocols/canonical.js';

export interface RouteInput {
  /** The (virtual) model name the client asked for. */
  requestedModel: string;
  request: ChatRequest;
  /** Prompt text (all message text joined) for classifiers. */
  promptText: string;
  /** Prompt tokens (counted or estimated). */
  promptTokens: number;
  tenant: string | null;
}

export interface CascadePlan {
  /** Model to escalate to when the cheap answer fails a check. */
  escalateTo: string;
  checks: ReadonlyArray<'format' | 'refusal' | 'logprobs' | 'verifier'>;
  minMeanLogprob: number;
  verifier?: string;
}

export interface RouteDecision {
  /** Models to try in order (the first serves unless it fails; the rest are fallbacks). */
  models: string[];
  policy: string;
  /** Why, for the ledger and `x-margin-route`. */
  reason: string;
  /** Structured facts for the ledger's route JSON (the learned router's cluster and reference head). */
  detail?: Record<string, string | number | boolean>;
  /** Present for cascades: the gateway checks the answer of models[0] and may escalate. */
  cascade?: CascadePlan;
}

/** All text of a chat request's messages, in order (images and tool schemas excluded). */
export function promptTextOf(req: ChatRequest): string {
  const parts: string[] = [];
  for (const m of req.messages) {
    if (typeof m.content === 'string') parts.push(m.content);
    else if (Array.isArray(m.content)) for (const p of m.content) if (p.type === 'text') parts.push(p.text);
  }
  return parts.join('\n');
}
