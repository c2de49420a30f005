// OpenAI Responses API wire format for the emulator: the response object (JSON) and its SSE stream
// (response.created, response.in_progress, output_item.added, content_part.added, output_text.delta…,
// reasoning summary and function-call argument deltas, the .done events, response.completed or
// response.incomplete), every event numbered. Written here rather than shared with src/protocols so that the
// test double stays independent of the gateway code it tests.
import type { Generation, TokenLogprob } from './generate.js';
import { framesOf, JSON_HEADERS, type Reply, SSE_HEADERS, sse } from './reply.js';

export interface ResponsesMeta {
  id: string;
  created: number;
  model: string;
  promptTokens: number;
  cachedTokens: number;
  stream: boolean;
  omitUsage: boolean;
  /** Request fields echoed on the response object. */
  echo: Record<string, unknown>;
  /** Whether reasoning summaries were asked for (`reasoning.summary`). */
  summary: boolean;
}

type Item = Record<string, unknown>;

const logprobsOf = (lps: TokenLogprob[] | undefined) =>
  (lps ?? []).map((l) => ({
    token: l.token,
    logprob: l.logprob,
    bytes: [...Buffer.from(l.token)],
    top_logprobs: l.top.map((t) => ({
      token: t.token,
      logprob: t.logprob,
      bytes: [...Buffer.from(t.token)],
    })),
  }));

function outputItems(meta: ResponsesMeta, gen: Generation): Item[] {
  const items: Item[] = [];
  if (gen.reasoning) {
    const summary = meta.summary ? [{ type: 'summary_text', text: gen.reasoning.text }] : [];
    items.push({ id: `rs_${meta.id}`, type: 'reasoning', summary });
  }
  gen.toolCalls.forEach((tc, k) => {
    items.push({
      id: `fc_${meta.id}_${k}`,
      type: 'function_call',
      status: 'completed',
      arguments: tc.arguments,
      call_id: `call_${tc.id}`,
      name: tc.name,
    });
  });
  if (gen.toolCalls.length === 0) {
    const part: Item = { type: 'output_text', text: gen.text, annotations: [] };
    if (gen.logprobs) part.logprobs = logprobsOf(gen.logprobs);
    items.push({
      id: `msg_${meta.id}`,
      type: 'message',
      status: 'completed',
      role: 'assistant',
      content: [part],
    });
  }
  return items;
}

function responseObject(meta: ResponsesMeta, gen: Generation, done: boolean): Item {
  const incomplete = done && gen.stop === 'length';
  const reasoning = gen.reasoning?.pieces.length ?? 0;
  return {
    id: `resp_${meta.id}`,
    object: 'response',
    created_at: meta.created,
    status: done ? (incomplete ? 'incomplete' : 'completed') : 'in_progress',
    background: false,
    error: null,
    incomplete_details: incomplete ? { reason: 'max_output_tokens' } : null,
    model: meta.model,
    output: done ? outputItems(meta, gen) : [],
    parallel_tool_calls: true,
    temperature: 1,
    top_p: 1,
    tool_choice: 'auto',
    tools: [],
    truncation: 'disabled',
    text: { format: { type: 'text' } },
    reasoning: { effort: null, summary: null },
    store: true,
    previous_response_id: null,
    metadata: {},
    user: null,
    ...meta.echo,
    usage:
      done && !meta.omitUsage
        ? {
            input_tokens: meta.promptTokens,
            input_tokens_details: { cached_tokens: meta.cachedTokens },
            output_tokens: gen.outputTokens,
            output_tokens_details: { reasoning_tokens: reasoning },
            total_tokens: meta.promptTokens + gen.outputTokens,
          }
        : null,
  };
}

/** Responses reply (JSON or SSE). */
export function responsesReply(meta: ResponsesMeta, gen: Generation): Reply {
  if (!meta.stream) {
    return {
      status: 200,
      headers: JSON_HEADERS,
      frames: [JSON.stringify(responseObject(meta, gen, true))],
      stream: false,
      outputTokens: gen.outputTokens,
    };
  }
  let seq = 0;
  const ev = (type: string, body: Item) =>
    sse(JSON.stringify({ type, sequence_number: seq++, ...body }), type);
  const pending = responseObject(meta, gen, false);
  const preamble =
    ev('response.created', { response: pending }) + ev('response.in_progress', { response: pending });
  const perToken: string[] = [];
  const items = outputItems(meta, gen);
  // One item after the other: added, its deltas (one per token), then its done events.
  // One item after the other: added, its deltas (one per token), then its done events. Events are made in
  // stream order so that their sequence numbers increase.
  items.forEach((item, output_index) => {
    const item_id = item.id as string;
    let head: string;
    let deltas: string[];
    let tail: string;
    if (item.type === 'reasoning') {
      const at = { item_id, output_index, summary_index: 0 };
      const part = { type: 'summary_text', text: gen.reasoning?.text ?? '' };
      head = ev('response.output_item.added', { output_index, item: { ...item, summary: [] } });
      if (meta.summary)
        head += ev('response.reasoning_summary_part.added', { ...at, part: { ...part, text: '' } });
      const pieces = meta.summary ? (gen.reasoning?.pieces ?? []) : [];
      deltas = pieces.map((delta) => ev('response.reasoning_summary_text.delta', { ...at, delta }));
      tail = meta.summary
        ? ev('response.reasoning_summary_text.done', { ...at, text: part.text }) +
          ev('response.reasoning_summary_part.done', { ...at, part })
        : '';
    } else if (item.type === 'function_call') {
      const tc = gen.toolCalls[Number(item_id.slice(item_id.lastIndexOf('_') + 1))];
      const at = { item_id, output_index };
      head = ev('response.output_item.added', {
        output_index,
        item: { ...item, status: 'in_progress', arguments: '' },
      });
      deltas = (tc?.pieces ?? []).map((delta) =>
        ev('response.function_call_arguments.delta', { ...at, delta }),
      );
      tail = ev('response.function_call_arguments.done', { ...at, arguments: item.arguments });
    } else {
      const part = (item.content as Item[])[0] as Item;
      const at = { item_id, output_index, content_index: 0 };
      head =
        ev('response.output_item.added', {
          output_index,
          item: { ...item, status: 'in_progress', content: [] },
        }) +
        ev('response.content_part.added', {
          ...at,
          part: { type: 'output_text', text: '', annotations: [] },
        });
      deltas = gen.pieces.map((delta, i) => {
        const lp = gen.logprobs?.[i];
        return ev('response.output_text.delta', { ...at, delta, logprobs: lp ? logprobsOf([lp]) : [] });
      });
      tail =
        ev('response.output_text.done', { ...at, text: gen.text, logprobs: part.logprobs ?? [] }) +
        ev('response.content_part.done', { ...at, part });
    }
    tail += ev('response.output_item.done', { output_index, item });
    if (deltas.length === 0) deltas.push('');
    deltas[0] = head + deltas[0];
    deltas[deltas.length - 1] += tail;
    perToken.push(...deltas);
  });
  const final = responseObject(meta, gen, true);
  const epilogue = ev(final.status === 'incomplete' ? 'response.incomplete' : 'response.completed', {
    response: final,
  });
  return {
    status: 200,
    headers: SSE_HEADERS,
    frames: framesOf(preamble, perToken, epilogue),
    stream: true,
    outputTokens: gen.outputTokens,
  };
}
