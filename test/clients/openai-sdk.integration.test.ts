// Client compatibility: the official `openai` SDK (v6) against the gateway, zero config (every model to the
// emulator) and cross-vendor (Claude models over the Anthropic protocol, Gemini models over Gemini's).
// Test names are `<feature> [<upstream protocol>]`; docs/protocols.md's matrix is generated from them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { zodResponseFormat, zodTextFormat } from 'openai/helpers/zod';
import { z } from 'zod';
import { type ClientSuite, PIXEL, SLOW_MODEL, startSuite } from './helpers/setup.js';

let zero: ClientSuite;
let cross: ClientSuite;
let client: OpenAI;
let crossClient: OpenAI;

const Person = z.object({ name: z.string(), age: z.number().int().min(0).max(120) });
const weatherTool = (name = 'get_weather'): OpenAI.ChatCompletionFunctionTool => ({
  type: 'function',
  function: {
    name,
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
});

before(async () => {
  [zero, cross] = await Promise.all([startSuite('zero-config'), startSuite('cross-vendor')]);
  client = new OpenAI({ baseURL: `${zero.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  crossClient = new OpenAI({ baseURL: `${cross.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});
after(async () => {
  await Promise.all([zero.close(), cross.close()]);
});

async function toolRoundTrip(
  c: OpenAI,
  model: string,
  stream: boolean,
  tools: OpenAI.ChatCompletionFunctionTool[],
) {
  const messages: OpenAI.ChatCompletionMessageParam[] = [
    { role: 'user', content: 'Weather in Paris and Rome?' },
  ];
  let calls: OpenAI.ChatCompletionMessageFunctionToolCall[];
  if (stream) {
    const s = c.chat.completions.stream({ model, messages, tools });
    const done = await s.finalChatCompletion();
    calls = (done.choices[0]?.message.tool_calls ?? []) as OpenAI.ChatCompletionMessageFunctionToolCall[];
  } else {
    const r = await c.chat.completions.create({ model, messages, tools });
    calls = (r.choices[0]?.message.tool_calls ?? []) as OpenAI.ChatCompletionMessageFunctionToolCall[];
  }
  assert.ok(calls.length >= 1, 'a tool call');
  for (const call of calls) assert.equal(typeof JSON.parse(call.function.arguments).city, 'string');
  messages.push({ role: 'assistant', content: null, tool_calls: calls });
  for (const call of calls) messages.push({ role: 'tool', tool_call_id: call.id, content: '21°C, sunny' });
  const answer = await c.chat.completions.create({ model, messages, tools });
  assert.equal(answer.choices[0]?.finish_reason, 'stop');
  assert.ok(answer.choices[0]?.message.content);
  return calls;
}

describe('openai', () => {
  it('chat [openai]', async () => {
    const r = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.ok(r.choices[0]?.message.content);
    assert.ok((r.usage?.prompt_tokens ?? 0) > 0);
  });

  it('chat [anthropic]', async () => {
    const r = await crossClient.chat.completions.create({
      model: 'claude-sonnet-4-5',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hi' },
      ],
      max_tokens: 20,
    });
    assert.ok(r.choices[0]?.message.content);
    assert.equal(r.model, 'claude-sonnet-4-5');
  });

  it('chat [gemini]', async () => {
    const r = await crossClient.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.equal(
      r.choices[0]?.message.content,
      'AI learns patterns from data to make predictions or decisions.',
    );
    assert.equal(r.usage?.prompt_tokens, 8);
  });

  it('stream [openai]', async () => {
    const s = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'count' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const c of s) {
      text += c.choices[0]?.delta.content ?? '';
      usage = c.usage ?? usage;
    }
    assert.ok(text.length > 0);
    assert.ok((usage?.completion_tokens ?? 0) > 0);
  });

  it('stream [anthropic]', async () => {
    const s = await crossClient.chat.completions.create({
      model: 'claude-haiku-4-5',
      messages: [{ role: 'user', content: 'count' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const c of s) {
      text += c.choices[0]?.delta.content ?? '';
      usage = c.usage ?? usage;
    }
    assert.ok(text.length > 0);
    assert.ok((usage?.prompt_tokens ?? 0) > 0);
  });

  it('tools round-trip [openai]', async () => {
    await toolRoundTrip(client, 'gpt-4o-mini', false, [weatherTool()]);
  });

  it('tools round-trip [anthropic]', async () => {
    await toolRoundTrip(crossClient, 'claude-sonnet-4-5', false, [weatherTool()]);
  });

  it('tools round-trip [gemini]', async () => {
    const r = await crossClient.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools: [weatherTool()],
    });
    const calls = r.choices[0]?.message.tool_calls ?? [];
    assert.equal(calls.length, 2);
    const answer = await crossClient.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: null, tool_calls: calls },
        ...calls.map((c) => ({ role: 'tool' as const, tool_call_id: c.id, content: '{"temp":21}' })),
      ],
      tools: [weatherTool()],
    });
    assert.ok(answer.choices[0]?.message.content);
    // The function responses reached Gemini as functionResponse parts, thought signature restored.
    const last = cross.gemini.seen.at(-1)?.body.contents as Array<{ parts: Array<Record<string, unknown>> }>;
    assert.ok(last.some((c) => c.parts.some((p) => p.functionResponse)));
    assert.ok(last.some((c) => c.parts.some((p) => typeof p.thoughtSignature === 'string')));
  });

  it('parallel tools streamed [openai]', async () => {
    const calls = await toolRoundTrip(client, 'gpt-4o-mini', true, [
      weatherTool('get_weather'),
      weatherTool('get_forecast'),
    ]);
    assert.equal(calls.length, 2);
  });

  it('parallel tools streamed [anthropic]', async () => {
    const calls = await toolRoundTrip(crossClient, 'claude-sonnet-4-5', true, [
      weatherTool('get_weather'),
      weatherTool('get_forecast'),
    ]);
    assert.equal(calls.length, 2);
  });

  it('structured output [openai]', async () => {
    const r = await client.chat.completions.parse({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'A person' }],
      response_format: zodResponseFormat(Person, 'person'),
    });
    assert.equal(typeof r.choices[0]?.message.parsed?.name, 'string');
  });

  it('structured output [anthropic]', async () => {
    const r = await crossClient.chat.completions.parse({
      model: 'claude-sonnet-4-5',
      messages: [{ role: 'user', content: 'A person' }],
      response_format: zodResponseFormat(Person, 'person'),
      max_tokens: 200,
    });
    assert.ok(Person.parse(r.choices[0]?.message.parsed));
  });

  it('images [openai]', async () => {
    const r = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${PIXEL}` } },
          ],
        },
      ],
    });
    assert.ok(r.choices[0]?.message.content);
  });

  it('images [anthropic]', async () => {
    const r = await crossClient.chat.completions.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 20,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${PIXEL}` } },
          ],
        },
      ],
    });
    assert.ok(r.choices[0]?.message.content);
  });

  it('embeddings [openai]', async () => {
    const r = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['a', 'b'],
      dimensions: 8,
    });
    assert.equal(r.data.length, 2);
    assert.equal(r.data[0]?.embedding.length, 8);
  });

  it('responses api [openai]', async () => {
    const r = await client.responses.create({
      model: 'gpt-4o-mini',
      input: 'hello',
      instructions: 'Be brief.',
    });
    assert.ok(r.output_text.length > 0);
    assert.match(r.id, /^resp_/);
    const s = await client.responses.create({ model: 'gpt-4o-mini', input: 'hello', stream: true });
    const types: string[] = [];
    let completed: OpenAI.Responses.Response | undefined;
    for await (const ev of s) {
      if (types.at(-1) !== ev.type) types.push(ev.type);
      if (ev.type === 'response.completed') completed = ev.response;
    }
    assert.deepEqual(types, [
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    assert.ok((completed?.usage?.output_tokens ?? 0) > 0);
  });

  it('responses api [anthropic]', async () => {
    const r = await crossClient.responses.create({
      model: 'claude-sonnet-4-5',
      input: 'hello',
      max_output_tokens: 30,
    });
    assert.ok(r.output_text.length > 0);
    assert.ok((r.usage?.input_tokens ?? 0) > 0);
  });

  it('responses api [gemini]', async () => {
    const r = await crossClient.responses.create({ model: 'gemini-2.5-flash', input: 'hello' });
    assert.equal(r.output_text, 'AI learns patterns from data to make predictions or decisions.');
  });

  it('responses api tools [openai]', async () => {
    const tools: OpenAI.Responses.Tool[] = [
      {
        type: 'function',
        name: 'get_weather',
        strict: true,
        parameters: weatherTool().function.parameters ?? null,
      },
    ];
    const first = await client.responses.create({ model: 'gpt-4o-mini', input: 'Weather in Paris?', tools });
    const call = first.output.find((o) => o.type === 'function_call');
    assert.ok(call?.type === 'function_call');
    const next = await client.responses.create({
      model: 'gpt-4o-mini',
      previous_response_id: first.id,
      input: [{ type: 'function_call_output', call_id: call.call_id, output: '21°C' }],
      tools,
    });
    assert.ok(next.output_text.length > 0);
    assert.ok((next.usage?.input_tokens ?? 0) > (first.usage?.input_tokens ?? 0), 'the stored turn was sent');
  });

  it('responses api tools [anthropic]', async () => {
    const tools: OpenAI.Responses.Tool[] = [
      {
        type: 'function',
        name: 'get_weather',
        strict: true,
        parameters: weatherTool().function.parameters ?? null,
      },
    ];
    const s = await crossClient.responses.create({
      model: 'claude-sonnet-4-5',
      input: 'Weather?',
      tools,
      stream: true,
    });
    let call: OpenAI.Responses.ResponseFunctionToolCall | undefined;
    let id = '';
    for await (const ev of s) {
      if (ev.type === 'response.output_item.done' && ev.item.type === 'function_call') call = ev.item;
      if (ev.type === 'response.completed') id = ev.response.id;
    }
    assert.ok(call);
    assert.equal(typeof JSON.parse(call.arguments).city, 'string');
    const next = await crossClient.responses.create({
      model: 'claude-sonnet-4-5',
      previous_response_id: id,
      input: [{ type: 'function_call_output', call_id: call.call_id, output: '21°C' }],
      tools,
    });
    assert.ok(next.output_text.length > 0);
  });

  it('responses api structured output [openai]', async () => {
    const r = await client.responses.parse({
      model: 'gpt-4o-mini',
      input: 'A person',
      text: { format: zodTextFormat(Person, 'person') },
    });
    assert.ok(Person.parse(r.output_parsed));
  });

  it('thinking [openai]', async () => {
    const r = await client.chat.completions.create({
      model: 'o4-mini',
      messages: [{ role: 'user', content: 'think' }],
      reasoning_effort: 'low',
    });
    assert.ok((r.usage?.completion_tokens_details?.reasoning_tokens ?? 0) > 0);
  });

  it('thinking [anthropic]', async () => {
    const r = await crossClient.responses.create({
      model: 'claude-sonnet-4-5',
      input: 'think',
      reasoning: { effort: 'low', summary: 'auto' },
      max_output_tokens: 4000,
    });
    const reasoning = r.output.find((o) => o.type === 'reasoning');
    assert.ok(reasoning?.type === 'reasoning' && (reasoning.summary[0]?.text.length ?? 0) > 0, 'summary');
    assert.ok((r.usage?.output_tokens_details.reasoning_tokens ?? 0) >= 0);
  });

  it('cancellation [openai]', async () => {
    const controller = new AbortController();
    const { data: s, response } = await crossClient.chat.completions
      .create(
        { model: SLOW_MODEL, messages: [{ role: 'user', content: 'long' }], stream: true, max_tokens: 400 },
        { signal: controller.signal },
      )
      .withResponse();
    const id = response.headers.get('x-margin-request-id');
    let n = 0;
    const err = await (async () => {
      for await (const _ of s) if (++n === 3) controller.abort();
    })().catch((e: unknown) => e);
    // openai v6 ends the iteration quietly on abort (older versions threw APIUserAbortError).
    assert.ok(err === undefined || err instanceof OpenAI.APIUserAbortError, String(err));
    const rec = await cross.record(id);
    assert.equal(rec.clientAborted, true);
    assert.ok(rec.usage.outputTokens > 0 && rec.usage.outputTokens < 400, 'the partial answer is billed');
  });

  it('error classes [openai]', async () => {
    const notFound = await client.chat.completions
      .create({ model: 'gpt-4o-minii', messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e);
    assert.ok(notFound instanceof OpenAI.NotFoundError);
    assert.equal(notFound.code, 'model_not_found');
    const bad = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [] })
      .catch((e: unknown) => e);
    assert.ok(bad instanceof OpenAI.BadRequestError);
  });

  it('error classes [anthropic]', async () => {
    const err = await crossClient.chat.completions
      .create({ model: 'claude-no-such-model', messages: [{ role: 'user', content: 'x' }], max_tokens: 5 })
      .catch((e: unknown) => e);
    assert.ok(err instanceof OpenAI.NotFoundError);
    // Anthropic's `not_found_error` reworded in OpenAI's vocabulary.
    assert.equal(err.type, 'invalid_request_error');
    assert.equal(err.code, 'not_found');
  });

  it('cost labels [openai]', async () => {
    const { response } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    assert.ok(Number(response.headers.get('x-margin-cost-usd')) > 0);
    assert.ok(response.headers.get('x-margin-energy-wh'));
    const rec = await zero.record(response.headers.get('x-margin-request-id'));
    assert.ok(rec.costUsd.total > 0);
    const r = await client.responses.create({ model: 'gpt-4o-mini', input: 'hi' }).withResponse();
    const rr = await zero.record(r.response.headers.get('x-margin-request-id'));
    assert.equal(rr.endpoint, 'responses');
    assert.ok(rr.costUsd.total > 0 && rr.usage.outputTokens === r.data.usage?.output_tokens);
  });

  it('cost labels [anthropic]', async () => {
    const { response } = await crossClient.chat.completions
      .create({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'hi' }], max_tokens: 10 })
      .withResponse();
    assert.ok(Number(response.headers.get('x-margin-cost-usd')) > 0);
    assert.equal(response.headers.get('x-margin-provider'), 'anthropic');
  });
});
