// The emulator honours the request options clients rely on — /v1/responses (JSON and SSE, stored
// conversations), n, stop, logprobs, structured output (JSON that validates against the schema), thinking /
// reasoning, tool_choice (auto by a seeded coin, required, named, parallel) — and answers unknown models with
// 404 model_not_found and close matches. Driven with the official SDKs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { Ajv } from 'ajv';
import OpenAI from 'openai';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';

let emu: RunningEmulator;
let never: RunningEmulator;
let openai: OpenAI;
let neverClient: OpenAI;
let anthropic: Anthropic;

const weather = {
  type: 'object',
  properties: {
    city: { type: 'string', minLength: 2 },
    days: { type: 'integer', minimum: 1, maximum: 7 },
    unit: { type: 'string', enum: ['c', 'f'] },
    tags: { type: 'array', items: { type: 'string' }, minItems: 2 },
    when: { type: 'string', format: 'date-time' },
    note: { anyOf: [{ type: 'string' }, { type: 'null' }] },
    place: { $ref: '#/$defs/place' },
  },
  required: ['city', 'days', 'unit', 'tags', 'when', 'note', 'place'],
  additionalProperties: false,
  $defs: {
    place: {
      type: 'object',
      properties: { lat: { type: 'number', minimum: -90, maximum: 90 } },
      required: ['lat'],
      additionalProperties: false,
    },
  },
};
const validate = new Ajv({ strict: false, validateFormats: false }).compile(weather);

const fn = (name: string) => ({
  type: 'function' as const,
  function: { name, parameters: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] } },
});

before(async () => {
  emu = await startEmulator({ port: 0, fast: true, seed: 3, toolCallRate: 1 });
  never = await startEmulator({ port: 0, fast: true, seed: 3, toolCallRate: 0 });
  openai = new OpenAI({ baseURL: emu.url, apiKey: 'x', maxRetries: 0 });
  neverClient = new OpenAI({ baseURL: never.url, apiKey: 'x', maxRetries: 0 });
  anthropic = new Anthropic({ baseURL: emu.url.replace(/\/v1$/, ''), apiKey: 'x', maxRetries: 0 });
});

after(async () => {
  await emu.close();
  await never.close();
});

describe('emulator request options', () => {
  it('unknown models get 404 model_not_found with close matches (OpenAI and Anthropic shapes)', async () => {
    const err = await openai.chat.completions
      .create({ model: 'gpt-4o-minii', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    assert.ok(err instanceof OpenAI.NotFoundError);
    assert.equal(err.code, 'model_not_found');
    assert.match(err.message, /Did you mean: .*gpt-4o-mini/);
    const a = await anthropic.messages
      .create({ model: 'claude-sonet-4-5', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    assert.ok(a instanceof Anthropic.NotFoundError);
    assert.match(String(a.message), /claude-sonnet-4-5/);
  });

  it('n returns that many choices, JSON and streamed', async () => {
    const r = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'three answers' }],
      n: 3,
      max_tokens: 6,
    });
    assert.deepEqual(
      r.choices.map((c) => c.index),
      [0, 1, 2],
    );
    assert.notEqual(r.choices[0]?.message.content, r.choices[1]?.message.content);
    const s = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'three answers' }],
      n: 2,
      max_tokens: 6,
      stream: true,
    });
    const seen = new Set<number>();
    for await (const c of s) for (const ch of c.choices) seen.add(ch.index);
    assert.deepEqual([...seen].sort(), [0, 1]);
  });

  it('stop sequences cut the text (Anthropic reports which one)', async () => {
    const full = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'a long one' }],
    });
    const text = full.choices[0]?.message.content ?? '';
    const word = text.split(' ')[3] ?? '';
    const cut = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'a long one' }],
      stop: [` ${word}`],
    });
    assert.equal(cut.choices[0]?.message.content, text.slice(0, text.indexOf(` ${word}`)));
    assert.equal(cut.choices[0]?.finish_reason, 'stop');
    const m = await anthropic.messages.create({
      model: 'claude-haiku-4-5',
      max_tokens: 200,
      messages: [{ role: 'user', content: 'a long one' }],
      stop_sequences: ['.'],
    });
    assert.equal(m.stop_reason, 'stop_sequence');
    assert.equal(m.stop_sequence, '.');
  });

  it('logprobs with top alternatives, per token', async () => {
    const r = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 5,
      logprobs: true,
      top_logprobs: 2,
    });
    const lp = r.choices[0]?.logprobs?.content ?? [];
    assert.equal(lp.length, r.usage?.completion_tokens);
    assert.equal(lp.map((t) => t.token).join(''), r.choices[0]?.message.content);
    assert.ok(lp.every((t) => t.logprob <= 0 && t.top_logprobs.length === 2));
  });

  it('structured output validates against the schema: response_format, output_config.format, text.format', async () => {
    const chat = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'weather' }],
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'weather', schema: weather, strict: true },
      },
    });
    assert.ok(validate(JSON.parse(chat.choices[0]?.message.content ?? '')), JSON.stringify(validate.errors));
    const msg = await anthropic.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 400,
      messages: [{ role: 'user', content: 'weather' }],
      output_config: { format: { type: 'json_schema', schema: weather } },
    });
    const block = msg.content[0];
    assert.ok(block?.type === 'text' && validate(JSON.parse(block.text)));
    const resp = await openai.responses.create({
      model: 'gpt-4o-mini',
      input: 'weather',
      text: { format: { type: 'json_schema', name: 'weather', schema: weather, strict: true } },
    });
    assert.ok(validate(JSON.parse(resp.output_text)));
    const obj = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'json please' }],
      response_format: { type: 'json_object' },
    });
    assert.equal(typeof JSON.parse(obj.choices[0]?.message.content ?? ''), 'object');
  });

  it('thinking: Anthropic thinking blocks with a signature, OpenAI reasoning tokens', async () => {
    const m = await anthropic.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 2000,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [{ role: 'user', content: 'think' }],
    });
    assert.equal(m.content[0]?.type, 'thinking');
    assert.equal(m.content[1]?.type, 'text');
    const stream = anthropic.messages.stream({
      model: 'claude-sonnet-4-5',
      max_tokens: 2000,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      messages: [{ role: 'user', content: 'think' }],
    });
    const final = await stream.finalMessage();
    assert.deepEqual(
      final.content.map((b) => b.type),
      ['thinking', 'text'],
    );
    assert.ok(final.content[0]?.type === 'thinking' && final.content[0].signature.length > 0);
    const o = await openai.chat.completions.create({
      model: 'o4-mini',
      messages: [{ role: 'user', content: 'think' }],
      reasoning_effort: 'low',
    });
    assert.ok((o.usage?.completion_tokens_details?.reasoning_tokens ?? 0) > 0);
  });

  it('tool_choice: auto follows the seeded coin, answers in text after a tool result; required calls every tool in parallel', async () => {
    const ask = (client: OpenAI, extra: Partial<OpenAI.ChatCompletionCreateParamsNonStreaming> = {}) =>
      client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'search' }],
        tools: [fn('search')],
        ...extra,
      });
    assert.equal((await ask(openai)).choices[0]?.finish_reason, 'tool_calls');
    assert.equal((await ask(neverClient)).choices[0]?.finish_reason, 'stop');
    assert.equal(
      (await ask(neverClient, { tool_choice: 'required' })).choices[0]?.finish_reason,
      'tool_calls',
    );
    const first = await ask(openai);
    const call = first.choices[0]?.message.tool_calls?.[0];
    assert.ok(call?.type === 'function');
    const after = await ask(openai, {
      messages: [
        { role: 'user', content: 'search' },
        { role: 'assistant', content: null, tool_calls: [call] },
        { role: 'tool', tool_call_id: call.id, content: 'found it' },
      ],
    });
    assert.equal(after.choices[0]?.finish_reason, 'stop');
    const both = await ask(neverClient, { tools: [fn('a'), fn('b')], tool_choice: 'required' });
    assert.deepEqual(
      both.choices[0]?.message.tool_calls?.map((t) => (t.type === 'function' ? t.function.name : '')),
      ['a', 'b'],
    );
    const one = await ask(neverClient, {
      tools: [fn('a'), fn('b')],
      tool_choice: 'required',
      parallel_tool_calls: false,
    });
    assert.equal(one.choices[0]?.message.tool_calls?.length, 1);
  });

  it('Anthropic count_tokens equals the input tokens /v1/messages bills', async () => {
    const params = {
      model: 'claude-sonnet-4-5',
      system: 'be brief',
      messages: [{ role: 'user' as const, content: 'count me' }],
    };
    const counted = await anthropic.messages.countTokens(params);
    const billed = await anthropic.messages.create({ ...params, max_tokens: 4 });
    assert.equal(counted.input_tokens, billed.usage.input_tokens);
  });

  it('/v1/responses: JSON, the documented SSE event sequence, tools, reasoning summaries, previous_response_id', async () => {
    const r = await openai.responses.create({ model: 'gpt-4o-mini', input: 'hello', max_output_tokens: 16 });
    assert.equal(r.object, 'response');
    assert.ok(r.output_text.length > 0);
    assert.equal(r.usage?.total_tokens, (r.usage?.input_tokens ?? 0) + (r.usage?.output_tokens ?? 0));
    const types: string[] = [];
    const stream = await openai.responses.create({
      model: 'o4-mini',
      input: 'hello',
      reasoning: { effort: 'low', summary: 'auto' },
      stream: true,
    });
    let seq = -1;
    for await (const ev of stream) {
      assert.equal(ev.sequence_number, seq + 1);
      seq = ev.sequence_number;
      if (types.at(-1) !== ev.type) types.push(ev.type);
    }
    assert.deepEqual(types, [
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const tools = await openai.responses.create({
      model: 'gpt-4o-mini',
      input: 'search',
      tools: [{ type: 'function', name: 'search', parameters: fn('s').function.parameters, strict: true }],
    });
    const call = tools.output.find((o) => o.type === 'function_call');
    assert.ok(call?.type === 'function_call');
    assert.equal(JSON.parse(call.arguments).q.length > 0, true);
    const next = await openai.responses.create({
      model: 'gpt-4o-mini',
      previous_response_id: tools.id,
      input: [{ type: 'function_call_output', call_id: call.call_id, output: 'sunny' }],
      tools: [{ type: 'function', name: 'search', parameters: fn('s').function.parameters, strict: true }],
    });
    assert.ok(next.output_text.length > 0);
    assert.ok((next.usage?.input_tokens ?? 0) > (tools.usage?.input_tokens ?? 0), 'history counted as input');
    const missing = await openai.responses
      .create({ model: 'gpt-4o-mini', input: 'x', previous_response_id: 'resp_nope' })
      .catch((e: unknown) => e);
    assert.ok(missing instanceof OpenAI.BadRequestError);
    assert.equal(missing.code, 'previous_response_not_found');
  });
});
