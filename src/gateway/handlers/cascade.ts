// Cascade routes (non-streaming chat): call the cheap model, check its answer (format/refusal, mean token
// logprob, a verifier's second opinion), and when a check fails call the stronger model and serve that.
// The ledger record carries the total cost of every call and, in `route`, why it escalated. Streaming
// requests cannot be checked before they are sent: they are served by the cheap model, marked skipped.
import type { ServerResponse } from 'node:http';
import type { Label } from '../../meter/index.js';
import type { ChatRequest } from '../../protocols/canonical.js';
import { responseText } from '../../protocols/openai-chat/response.js';
import { answersAgree, asksForChoice, checkAnswer, extractChoice } from '../../router/cascade-check.js';
import { promptTextOf } from '../../router/decision.js';
import type { ClientCodec } from '../codecs/types.js';
import { type Exchange, num } from '../exchange.js';
import type { CascadePlan } from '../hooks.js';
import { addLabels } from '../metering.js';
import type { ResolvedModel } from '../models.js';
import type { GatewayState } from '../state.js';
import type { ChatCaller } from './chat.js';
import { type Completion, readCompletion, writeCompletion } from './completion.js';
import { unknownModel } from './route.js';
import { relayUpstreamError } from './upstream-error.js';

interface Call {
  role: 'cheap' | 'verifier' | 'strong';
  model: string;
  costUsd: number;
}

/** Mean token logprob of the first choice of an OpenAI body (undefined when the upstream gave none). */
export function meanLogprob(json: unknown): number | undefined {
  const content = (json as { choices?: Array<{ logprobs?: { content?: unknown } | null }> } | null)
    ?.choices?.[0]?.logprobs?.content;
  if (!Array.isArray(content) || content.length === 0) return undefined;
  let sum = 0;
  for (const t of content) {
    const lp = (t as { logprob?: unknown } | null)?.logprob;
    if (typeof lp !== 'number' || !Number.isFinite(lp)) return undefined;
    sum += lp;
  }
  return sum / content.length;
}

/** Format, refusal and logprob checks on the cheap answer; the reason to escalate, or undefined. */
function failedCheck(
  plan: CascadePlan,
  prompt: string,
  request: ChatRequest,
  c: Completion,
): string | undefined {
  const choice = c.canonical?.choices[0];
  if (choice?.message.tool_calls?.length) return undefined; // a tool call is not prose to check
  const answer = c.canonical ? responseText(c.canonical) : '';
  const wantsFormat = plan.checks.includes('format');
  if (wantsFormat || plan.checks.includes('refusal')) {
    if (
      plan.checks.includes('refusal') &&
      typeof choice?.message.refusal === 'string' &&
      choice.message.refusal
    )
      return 'refusal';
    const fmt = request.response_format?.type;
    const r = checkAnswer(prompt, answer, { json: fmt === 'json_object' || fmt === 'json_schema' });
    if (!r.pass && (r.reason === 'refusal' ? plan.checks.includes('refusal') : wantsFormat)) return r.reason;
  }
  if (plan.checks.includes('logprobs') && c.model.adapter.protocol === 'openai') {
    const mean = meanLogprob(c.json);
    if (mean !== undefined && mean < plan.minMeanLogprob)
      return `low confidence (mean logprob ${mean.toFixed(3)} < ${plan.minMeanLogprob})`;
  }
  return undefined;
}

/** The model and its configured fallbacks, by config name. */
function candidatesOf(state: GatewayState, name: string): ResolvedModel[] {
  const primary = state.models.resolve(name);
  if (!primary) throw unknownModel(name);
  const list = [primary];
  for (const f of primary.fallbacks) {
    const m = state.models.resolve(f);
    if (m && !list.includes(m)) list.push(m);
  }
  return list;
}

function labelOf(state: GatewayState, c: Completion, at: number): Label | undefined {
  return state.meterer.label(state.meterer.priceId(c.model, c.responseModel), c.usage, at);
}

/** Drops logprobs the gateway asked for on the client's behalf (the client did not ask for them). */
function stripLogprobs(c: Completion): Completion {
  const choices = (c.json as { choices?: Array<Record<string, unknown>> } | null)?.choices;
  if (!Array.isArray(choices)) return c;
  for (const ch of choices) ch.logprobs = null;
  for (const ch of c.canonical?.choices ?? []) ch.logprobs = null;
  return { ...c, text: JSON.stringify(c.json) };
}

export async function runCascade(
  state: GatewayState,
  ex: Exchange,
  res: ServerResponse,
  codec: ClientCodec,
  request: ChatRequest,
  candidates: readonly ResolvedModel[],
  call: ChatCaller,
): Promise<void> {
  const plan = ex.cascade as CascadePlan;
  const prompt = promptTextOf(request);
  const calls: Call[] = [];
  const spend = (role: Call['role'], c: Completion) => {
    const label = labelOf(state, c, ex.ts);
    calls.push({ role, model: c.model.target.upstreamModel, costUsd: num(label?.costUsd.total ?? 0) });
    if (label) ex.prior = ex.prior ? addLabels(ex.prior, label) : label;
  };
  const logprobs = plan.checks.includes('logprobs');
  let why: string | undefined;
  let cheap: Completion | undefined;
  const first = await call(candidates, { logprobs });
  if (!first.ok) {
    why = `cheap model failed (HTTP ${first.status})`;
    calls.push({ role: 'cheap', model: first.model.target.upstreamModel, costUsd: 0 });
  } else {
    try {
      cheap = await readCompletion(request, codec, first, codec.isNative(first.model, request), true);
    } catch (err) {
      why = `cheap model answer unreadable (${err instanceof Error ? err.message : String(err)})`;
    }
  }
  if (cheap) why = failedCheck(plan, prompt, request, cheap);
  let verifier: string | undefined;
  if (cheap && !why && plan.checks.includes('verifier') && plan.verifier && asksForChoice(prompt)) {
    const v = await call(candidatesOf(state, plan.verifier));
    if (v.ok) {
      const vc = await readCompletion(request, codec, v, codec.isNative(v.model, request), true).catch(
        () => undefined,
      );
      if (vc?.canonical) {
        spend('verifier', vc);
        const a = cheap.canonical ? responseText(cheap.canonical) : '';
        const b = responseText(vc.canonical);
        verifier = `${vc.model.target.upstreamModel}: ${extractChoice(b) ?? '?'}`;
        if (answersAgree(prompt, a, b) === false)
          why = `verifier disagrees (${extractChoice(a) ?? '?'} vs ${extractChoice(b) ?? '?'})`;
      }
    } else verifier = `unavailable (HTTP ${v.status})`;
  }
  const record = (escalated: boolean, served: string) => {
    const decision = ex.route ? (JSON.parse(ex.route) as Record<string, unknown>) : {};
    ex.route = JSON.stringify({
      ...decision,
      cascade: {
        escalated,
        ...(why ? { why } : {}),
        ...(verifier ? { verifier } : {}),
        served,
        calls,
        totalUsd: num(ex.label?.costUsd.total ?? 0),
      },
    });
  };

  if (cheap && !why) {
    const served = logprobs && request.logprobs !== true && cheap.model.adapter.protocol === 'openai';
    const c = served ? stripLogprobs(cheap) : cheap;
    const before = ex.prior;
    writeCompletion(state, ex, res, codec, request, c, () => {
      calls.unshift({
        role: 'cheap',
        model: c.model.target.upstreamModel,
        costUsd: num((ex.label?.costUsd.total ?? 0) - (before?.costUsd.total ?? 0)),
      });
      record(false, c.model.target.upstreamModel);
    });
    return;
  }

  // Escalate: the cheap call (if it answered) is paid for and added to this request's cost.
  if (cheap) spend('cheap', cheap);
  const strong = await call(candidatesOf(state, plan.escalateTo));
  ex.provider = strong.model.provider;
  ex.servedModel = strong.model.target.upstreamModel || ex.requestedModel;
  if (!strong.ok) {
    if (ex.prior) ex.label = ex.prior;
    record(true, strong.model.target.upstreamModel);
    return relayUpstreamError(state, ex, res, codec.protocol, strong);
  }
  const c = await readCompletion(
    request,
    codec,
    strong,
    codec.isNative(strong.model, request),
    ex.cacheStore,
  );
  const before = ex.prior?.costUsd.total ?? 0;
  writeCompletion(state, ex, res, codec, request, c, () => {
    calls.push({
      role: 'strong',
      model: c.model.target.upstreamModel,
      costUsd: num((ex.label?.costUsd.total ?? 0) - before),
    });
    record(true, c.model.target.upstreamModel);
  });
}

/** A streaming request on a cascade route: served by the cheap model, the ledger says the cascade was skipped. */
export function skipCascadeForStream(ex: Exchange): void {
  const decision = ex.route ? (JSON.parse(ex.route) as Record<string, unknown>) : {};
  ex.route = JSON.stringify({ ...decision, cascade: { skipped: 'streaming request: answer not checked' } });
  ex.cascade = undefined;
}
