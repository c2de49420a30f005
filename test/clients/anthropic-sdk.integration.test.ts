// Client compatibility: the official `@anthropic-ai/sdk` against the gateway, zero config (the emulator's
// OpenAI protocol: every request translated) and cross-vendor (Claude models natively over the Anthropic
// protocol, Gemini models over Gemini's). Test names are `<feature> [<upstream protocol>]`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { type ClientSuite, PERSON, PIXEL, SLOW_MODEL, startSuite } from './helpers/setup.js';

let zero: ClientSuite;
let cross: ClientSuite;
let client: Anthropic;
let crossClient: Anthropic;

const weather: Anthropic.Tool = {
  name: 'get_weather',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const forecast: Anthropic.Tool = { ...weather, name: 'get_forecast' };

before(async () => {
  [zero, cross] = await Promise.all([startSuite('zero-config'), startSuite('cross-vendor')]);
  client = new Anthropic({ baseURL: zero.url, apiKey: 'unused', maxRetries: 0 });
  crossClient = new Anthropic({ baseURL: cross.url, apiKey: 'unused', maxRetries: 0 });
});
after(async () => {
  await Promise.all([zero.close(), cross.close()]);
});

async function toolRoundTrip(c: Anthropic, model: string, stream: boolean, tools: Anthropic.Tool[]) {
  const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'Weather in Paris?' }];
  const first = stream
    ? await c.messages.stream({ model, max_tokens: 300, messages, tools }).finalMessage()
    : await c.messages.create({ model, max_tokens: 300, messages, tools });
  assert.equal(first.stop_reason, 'tool_use');
  const uses = first.content.filter((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use');
  for (const u of uses) assert.equal(typeof (u.input as { city?: unknown }).city, 'string');
  messages.push({ role: 'assistant', content: first.content });
  messages.push({
    role: 'user',
    content: uses.map((u) => ({ type: 'tool_result' as const, tool_use_id: u.id, content: '21°C' })),
  });
  const answer = await c.messages.create({ model, max_tokens: 300, messages, tools });
  assert.equal(answer.stop_reason, 'end_turn');
  return uses;
}

describe('anthropic', () => {
  it('chat [openai]', async () => {
    const m = await client.messages.create({
      model: 'gpt-4o-mini',
      max_tokens: 50,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.equal(m.type, 'message');
    assert.ok(m.content[0]?.type === 'text' && m.content[0].text.length > 0);
    assert.ok(m.usage.input_tokens > 0);
  });

  it('chat [anthropic]', async () => {
    const m = await crossClient.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.ok(m.content[0]?.type === 'text');
  });

  it('chat [gemini]', async () => {
    const m = await crossClient.messages.create({
      model: 'gemini-2.5-flash',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'hi' }],
    });
    assert.ok(m.content[0]?.type === 'text');
    assert.equal(m.content[0].text, 'AI learns patterns from data to make predictions or decisions.');
  });

  it('stream [openai]', async () => {
    const s = client.messages.stream({
      model: 'gpt-4o-mini',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'hi' }],
    });
    let start: Anthropic.Message | undefined;
    s.on('streamEvent', (ev) => {
      if (ev.type === 'message_start') start = ev.message;
    });
    const final = await s.finalMessage();
    // message_start announces the input tokens (counted by Margin) and the model the JSON answer shows.
    assert.ok((start?.usage.input_tokens ?? 0) > 0);
    assert.equal(start?.model, final.model);
    assert.equal(final.usage.input_tokens, start?.usage.input_tokens);
    assert.ok(final.usage.output_tokens > 0);
  });

  it('stream [anthropic]', async () => {
    const final = await crossClient.messages
      .stream({ model: 'claude-haiku-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] })
      .finalMessage();
    assert.ok(final.content[0]?.type === 'text');
  });

  it('stream [gemini]', async () => {
    const final = await crossClient.messages
      .stream({ model: 'gemini-2.5-flash', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] })
      .finalMessage();
    assert.ok(final.content[0]?.type === 'text' && final.content[0].text.length > 0);
    assert.ok(final.usage.output_tokens > 0);
  });

  it('tools round-trip [openai]', async () => {
    await toolRoundTrip(client, 'gpt-4o-mini', false, [weather]);
  });

  it('tools round-trip [anthropic]', async () => {
    await toolRoundTrip(crossClient, 'claude-sonnet-4-5', false, [weather]);
  });

  it('parallel tools streamed [openai]', async () => {
    const uses = await toolRoundTrip(client, 'gpt-4o-mini', true, [weather, forecast]);
    assert.equal(uses.length, 2);
  });

  it('parallel tools streamed [anthropic]', async () => {
    const uses = await toolRoundTrip(crossClient, 'claude-sonnet-4-5', true, [weather, forecast]);
    assert.equal(uses.length, 2);
  });

  it('structured output [openai]', async () => {
    const m = await client.messages.create({
      model: 'gpt-4o-mini',
      max_tokens: 300,
      messages: [{ role: 'user', content: 'A person' }],
      output_config: { format: { type: 'json_schema', schema: PERSON } },
    });
    const block = m.content[0];
    assert.ok(block?.type === 'text');
    const person = JSON.parse(block.text) as { name: unknown; age: unknown };
    assert.equal(typeof person.name, 'string');
    assert.ok(Number.isInteger(person.age));
  });

  it('structured output [anthropic]', async () => {
    const m = await crossClient.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 300,
      messages: [{ role: 'user', content: 'A person' }],
      output_config: { format: { type: 'json_schema', schema: PERSON } },
    });
    const block = m.content[0];
    assert.ok(block?.type === 'text' && typeof JSON.parse(block.text).name === 'string');
  });

  it('images [openai]', async () => {
    const m = await client.messages.create({
      model: 'gpt-4o-mini',
      max_tokens: 30,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PIXEL } },
            { type: 'text', text: 'What is this?' },
          ],
        },
      ],
    });
    assert.ok(m.content[0]?.type === 'text');
  });

  it('count_tokens [openai]', async () => {
    const r = await client.messages.countTokens({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'count me' }],
    });
    assert.ok(r.input_tokens > 0);
    const raw = await fetch(`${zero.url}/v1/messages/count_tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'count me' }] }),
    });
    assert.equal(raw.headers.get('x-margin-token-count'), 'estimated');
  });

  it('count_tokens [anthropic]', async () => {
    const params = { model: 'claude-sonnet-4-5', messages: [{ role: 'user' as const, content: 'count me' }] };
    const counted = await crossClient.messages.countTokens(params);
    const billed = await crossClient.messages.create({ ...params, max_tokens: 5 });
    assert.equal(counted.input_tokens, billed.usage.input_tokens, 'counted natively by the upstream');
  });

  it('thinking [openai]', async () => {
    const m = await client.messages.create({
      model: 'o4-mini',
      max_tokens: 3000,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [{ role: 'user', content: 'think' }],
    });
    assert.equal(m.content[0]?.type, 'thinking');
    assert.ok(m.content.some((b) => b.type === 'text'));
  });

  it('thinking [anthropic]', async () => {
    const final = await crossClient.messages
      .stream({
        model: 'claude-sonnet-4-5',
        max_tokens: 3000,
        thinking: { type: 'enabled', budget_tokens: 1024 },
        messages: [{ role: 'user', content: 'think' }],
      })
      .finalMessage();
    assert.ok(final.content[0]?.type === 'thinking' && final.content[0].signature.length > 0);
  });

  it('cancellation [openai]', async () => {
    const s = crossClient.messages.stream({
      model: SLOW_MODEL,
      max_tokens: 400,
      messages: [{ role: 'user', content: 'long' }],
    });
    let n = 0;
    s.on('text', () => {
      if (++n === 3) s.abort();
    });
    const err = await s.finalMessage().catch((e: unknown) => e);
    assert.ok(err instanceof Anthropic.APIUserAbortError, String(err));
  });

  it('error classes [openai]', async () => {
    const err = await client.messages
      .create({ model: 'gpt-4o-minii', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e);
    assert.ok(err instanceof Anthropic.NotFoundError);
    const bad = await client.messages
      .create({ model: 'gpt-4o-mini', max_tokens: 5, messages: [] })
      .catch((e: unknown) => e);
    assert.ok(bad instanceof Anthropic.BadRequestError);
  });

  it('error classes [gemini]', async () => {
    const err = await crossClient.messages
      .create({ model: 'gemini-unknown-model', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] })
      .catch((e: unknown) => e);
    // Google's NOT_FOUND reworded as Anthropic's not_found_error.
    assert.ok(err instanceof Anthropic.NotFoundError);
    assert.equal((err.error as { error?: { type?: string } }).error?.type, 'not_found_error');
  });

  it('cost labels [openai]', async () => {
    const { response } = await client.messages
      .create({ model: 'gpt-4o-mini', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    assert.ok(Number(response.headers.get('x-margin-cost-usd')) > 0);
    const rec = await zero.record(response.headers.get('x-margin-request-id'));
    assert.equal(rec.endpoint, 'messages');
  });

  it('cost labels [anthropic]', async () => {
    const { response } = await crossClient.messages
      .create({ model: 'claude-sonnet-4-5', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    assert.ok(Number(response.headers.get('x-margin-cost-usd')) > 0);
    assert.equal(response.headers.get('x-margin-provider'), 'anthropic');
  });
});
