// Client compatibility: LangChain's `@langchain/openai` (chat completions and `useResponsesApi`, embeddings)
// and `@langchain/anthropic` against the gateway, zero config and cross-vendor. Test names are
// `<feature> [<upstream protocol>]`; each package is one describe block (one row of the matrix).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ChatAnthropic } from '@langchain/anthropic';
import {
  type AIMessage,
  type AIMessageChunk,
  type BaseMessage,
  HumanMessage,
  ToolMessage,
} from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { ChatOpenAI, OpenAIEmbeddings } from '@langchain/openai';
import { z } from 'zod';
import { type ClientSuite, PIXEL, SLOW_MODEL, startSuite } from './helpers/setup.js';

let zero: ClientSuite;
let cross: ClientSuite;

const Person = z.object({ name: z.string(), age: z.number().int().min(0).max(120) });
const weather = tool(async ({ city }) => `21°C in ${city}`, {
  name: 'get_weather',
  description: 'Weather for a city',
  schema: z.object({ city: z.string() }),
});
const forecast = tool(async ({ city }) => `sunny in ${city}`, {
  name: 'get_forecast',
  description: 'Forecast for a city',
  schema: z.object({ city: z.string() }),
});

/** LangChain's usage metadata (typed loosely: its message generics hide it). */
const usageOf = (m: unknown) =>
  (
    m as {
      usage_metadata?: {
        input_tokens?: number;
        output_tokens?: number;
        output_token_details?: { reasoning?: number };
      };
    }
  ).usage_metadata;

before(async () => {
  [zero, cross] = await Promise.all([startSuite('zero-config'), startSuite('cross-vendor')]);
});
after(async () => {
  await Promise.all([zero.close(), cross.close()]);
});

const openaiChat = (s: ClientSuite, model: string, extra: Record<string, unknown> = {}) =>
  new ChatOpenAI({
    model,
    apiKey: 'unused',
    configuration: { baseURL: `${s.url}/v1` },
    maxRetries: 0,
    ...extra,
  });
const anthropicChat = (s: ClientSuite, model: string, extra: Record<string, unknown> = {}) =>
  new ChatAnthropic({ model, apiKey: 'unused', anthropicApiUrl: s.url, maxRetries: 0, ...extra });

interface ToolModel {
  invoke(m: BaseMessage[]): Promise<AIMessage>;
  stream(m: BaseMessage[]): Promise<AsyncIterable<AIMessageChunk>>;
}

/** One turn through `.stream()`, the chunks merged (tool-call fragments included). */
async function streamed(model: ToolModel, messages: BaseMessage[]): Promise<AIMessage> {
  let acc: AIMessageChunk | undefined;
  for await (const c of await model.stream(messages)) acc = acc ? acc.concat(c) : c;
  assert.ok(acc, 'chunks');
  return acc;
}

/**
 * Calls tools until the model answers in text; returns the tool calls of the first turn. (`streaming: true`
 * with invoke() would make LangChain download a tokenizer to estimate usage: `.stream()` is used instead.)
 */
async function toolLoop(model: ToolModel, stream = false) {
  const messages: BaseMessage[] = [new HumanMessage('Weather in Paris?')];
  const first = stream ? await streamed(model, messages) : await model.invoke(messages);
  assert.ok((first.tool_calls?.length ?? 0) > 0, 'a tool call');
  messages.push(first);
  for (const call of first.tool_calls ?? []) {
    messages.push(new ToolMessage({ content: '21°C', tool_call_id: call.id ?? '' }));
  }
  const answer = stream ? await streamed(model, messages) : await model.invoke(messages);
  assert.ok(typeof answer.content === 'string' ? answer.content.length > 0 : answer.content.length > 0);
  return first.tool_calls ?? [];
}

describe('langchain (@langchain/openai)', () => {
  it('chat [openai]', async () => {
    const r = await openaiChat(zero, 'gpt-4o-mini').invoke('hi');
    assert.ok(String(r.content).length > 0);
    assert.ok((usageOf(r)?.input_tokens ?? 0) > 0);
  });

  it('chat [anthropic]', async () => {
    const r = await openaiChat(cross, 'claude-sonnet-4-5', { maxTokens: 40 }).invoke('hi');
    assert.ok(String(r.content).length > 0);
  });

  it('stream [openai]', async () => {
    let text = '';
    for await (const c of await openaiChat(zero, 'gpt-4o-mini', { streamUsage: true }).stream('count'))
      text += String(c.content);
    assert.ok(text.length > 0);
  });

  it('tools round-trip [openai]', async () => {
    await toolLoop(openaiChat(zero, 'gpt-4o-mini').bindTools([weather]));
  });

  it('tools round-trip [gemini]', async () => {
    const calls = await toolLoop(openaiChat(cross, 'gemini-2.5-flash').bindTools([weather]));
    assert.equal(calls[0]?.name, 'get_weather');
  });

  it('parallel tools streamed [openai]', async () => {
    const calls = await toolLoop(openaiChat(zero, 'gpt-4o-mini').bindTools([weather, forecast]), true);
    assert.equal(calls.length, 2);
  });

  it('structured output [openai]', async () => {
    const r = await openaiChat(zero, 'gpt-4o-mini').withStructuredOutput(Person).invoke('A person');
    assert.ok(Person.parse(r));
  });

  it('structured output [anthropic]', async () => {
    const r = await openaiChat(cross, 'claude-sonnet-4-5', { maxTokens: 300 })
      .withStructuredOutput(Person)
      .invoke('A person');
    assert.ok(Person.parse(r));
  });

  it('images [openai]', async () => {
    const r = await openaiChat(zero, 'gpt-4o-mini').invoke([
      new HumanMessage({
        content: [
          { type: 'text', text: 'What?' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${PIXEL}` } },
        ],
      }),
    ]);
    assert.ok(String(r.content).length > 0);
  });

  it('embeddings [openai]', async () => {
    const e = new OpenAIEmbeddings({
      model: 'text-embedding-3-small',
      apiKey: 'unused',
      configuration: { baseURL: `${zero.url}/v1` },
      dimensions: 8,
    });
    const v = await e.embedDocuments(['a', 'b']);
    assert.equal(v.length, 2);
    assert.equal(v[0]?.length, 8);
  });

  it('responses api [openai]', async () => {
    const r = await openaiChat(zero, 'gpt-4o-mini', { useResponsesApi: true }).invoke('hi');
    assert.ok(r.text.length > 0);
    assert.ok((usageOf(r)?.output_tokens ?? 0) > 0);
  });

  it('responses api tools [anthropic]', async () => {
    const calls = await toolLoop(
      openaiChat(cross, 'claude-sonnet-4-5', { useResponsesApi: true }).bindTools([weather]),
    );
    assert.equal(calls[0]?.name, 'get_weather');
  });

  it('thinking [openai]', async () => {
    const r = await openaiChat(zero, 'o4-mini', { reasoning: { effort: 'low' } }).invoke('think');
    assert.ok((usageOf(r)?.output_token_details?.reasoning ?? 0) > 0);
  });

  it('cancellation [openai]', async () => {
    const controller = new AbortController();
    const stream = await openaiChat(cross, SLOW_MODEL, { maxTokens: 400 }).stream('long', {
      signal: controller.signal,
    });
    let n = 0;
    const err = await (async () => {
      for await (const _ of stream) if (++n === 3) controller.abort();
    })().catch((e: unknown) => e);
    assert.ok(err instanceof Error, 'aborted');
  });

  it('error classes [openai]', async () => {
    const err = await openaiChat(zero, 'gpt-4o-minii')
      .invoke('x')
      .catch((e: unknown) => e);
    assert.ok(err instanceof Error);
    assert.equal((err as { status?: number }).status, 404);
    assert.equal((err as { lc_error_code?: string }).lc_error_code, 'MODEL_NOT_FOUND');
  });

  it('cost labels [openai]', async () => {
    const before = zero.ledger.records.length;
    await openaiChat(zero, 'gpt-4o-mini').invoke('hi');
    await new Promise((r) => setTimeout(r, 20));
    const rec = zero.ledger.records.slice(before).find((x) => x.endpoint === 'chat.completions');
    assert.ok(rec && rec.costUsd.total > 0);
  });
});

describe('langchain (@langchain/anthropic)', () => {
  it('chat [openai]', async () => {
    const r = await anthropicChat(zero, 'gpt-4o-mini').invoke('hi');
    assert.ok(String(r.content).length > 0);
    assert.ok((usageOf(r)?.input_tokens ?? 0) > 0);
  });

  it('chat [anthropic]', async () => {
    const r = await anthropicChat(cross, 'claude-sonnet-4-5').invoke('hi');
    assert.ok(String(r.content).length > 0);
  });

  it('stream [openai]', async () => {
    // ChatAnthropic reads input tokens from message_start: Margin counts them when it translates.
    let input = 0;
    let text = '';
    const stream = await anthropicChat(zero, 'gpt-4o-mini', { streamUsage: true }).stream('count');
    for await (const c of stream) {
      text += typeof c.content === 'string' ? c.content : '';
      input += (c.usage_metadata as { input_tokens?: number } | undefined)?.input_tokens ?? 0;
    }
    assert.ok(text.length > 0);
    assert.ok(input > 0, 'input tokens reported');
  });

  it('tools round-trip [openai]', async () => {
    await toolLoop(anthropicChat(zero, 'gpt-4o-mini').bindTools([weather]));
  });

  it('tools round-trip [anthropic]', async () => {
    await toolLoop(anthropicChat(cross, 'claude-sonnet-4-5').bindTools([weather]));
  });

  it('parallel tools streamed [anthropic]', async () => {
    const calls = await toolLoop(
      anthropicChat(cross, 'claude-sonnet-4-5').bindTools([weather, forecast]),
      true,
    );
    assert.equal(calls.length, 2);
  });

  it('structured output [openai]', async () => {
    const r = await anthropicChat(zero, 'gpt-4o-mini').withStructuredOutput(Person).invoke('A person');
    assert.ok(Person.parse(r));
  });

  it('structured output [anthropic]', async () => {
    const r = await anthropicChat(cross, 'claude-sonnet-4-5').withStructuredOutput(Person).invoke('A person');
    assert.ok(Person.parse(r));
  });

  it('thinking [anthropic]', async () => {
    const r = await anthropicChat(cross, 'claude-sonnet-4-5', {
      maxTokens: 3000,
      thinking: { type: 'enabled', budget_tokens: 1024 },
    }).invoke('think');
    assert.ok(
      Array.isArray(r.content) && r.content.some((b) => (b as { type?: string }).type === 'thinking'),
    );
  });

  it('error classes [openai]', async () => {
    const err = await anthropicChat(zero, 'gpt-4o-minii')
      .invoke('x')
      .catch((e: unknown) => e);
    assert.ok(err instanceof Error);
    assert.equal((err as { status?: number }).status, 404);
  });
});
