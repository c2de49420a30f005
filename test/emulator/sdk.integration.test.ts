import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import OpenAI from 'openai';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';

// The official SDKs against the emulator: wire format, exact token counts, limits, embeddings, models.
describe('emulator with the official SDKs', () => {
  let emu: RunningEmulator;
  let openai: OpenAI;
  let anthropic: Anthropic;

  before(async () => {
    emu = await startEmulator({ port: 0, fast: true, seed: 7 });
    openai = new OpenAI({ baseURL: emu.url, apiKey: 'test', maxRetries: 0 });
    anthropic = new Anthropic({ baseURL: emu.url.replace(/\/v1$/, ''), apiKey: 'test', maxRetries: 0 });
  });
  after(() => emu.close());

  const messages = [
    { role: 'system' as const, content: 'You are terse.' },
    { role: 'user' as const, content: 'Name three rivers in Europe, please.' },
  ];

  it('chat JSON: usage matches the tokenizer exactly', async () => {
    const r = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
    const text = r.choices[0]?.message.content ?? '';
    assert.ok(text.length > 0);
    assert.equal(r.usage?.completion_tokens, countTokens(text));
    // OpenAI's chat accounting: 3 per message + role + content, 3 to prime the reply.
    const expectedPrompt =
      3 + messages.reduce((n, m) => n + 3 + countTokens(m.role) + countTokens(m.content), 0);
    assert.equal(r.usage?.prompt_tokens, expectedPrompt);
    assert.equal(r.usage?.total_tokens, expectedPrompt + countTokens(text));
    assert.equal(r.choices[0]?.finish_reason, 'stop');
    assert.equal(r.model, 'gpt-4o-mini');
    assert.match(r.id, /^chatcmpl-/);
  });

  it('same prompt gives the same answer; ids differ', async () => {
    const a = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
    const b = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
    assert.equal(a.choices[0]?.message.content, b.choices[0]?.message.content);
    assert.notEqual(a.id, b.id);
  });

  it('max_tokens cuts the answer with finish_reason length', async () => {
    for (const max of [1, 3, 17]) {
      const r = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages, max_tokens: max });
      assert.equal(r.choices[0]?.finish_reason, 'length');
      assert.equal(r.usage?.completion_tokens, max);
      assert.equal(countTokens(r.choices[0]?.message.content ?? ''), max);
    }
    const r = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      max_completion_tokens: 200,
      ignore_eos: true,
    } as OpenAI.ChatCompletionCreateParamsNonStreaming);
    assert.equal(r.usage?.completion_tokens, 200);
    assert.equal(countTokens(r.choices[0]?.message.content ?? ''), 200);
  });

  it('chat stream: usage chunk only when include_usage is set', async () => {
    const plain = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      stream: true,
      max_tokens: 9,
    });
    let text = '';
    let usageSeen = false;
    let finish: string | null = null;
    for await (const chunk of plain) {
      if (chunk.usage) usageSeen = true;
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    assert.equal(usageSeen, false);
    assert.equal(countTokens(text), 9);
    assert.equal(finish, 'length');

    const withUsage = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    let last: OpenAI.ChatCompletionChunk | undefined;
    let streamed = '';
    for await (const chunk of withUsage) {
      streamed += chunk.choices[0]?.delta.content ?? '';
      last = chunk;
    }
    assert.deepEqual(last?.choices, []);
    assert.equal(last?.usage?.completion_tokens, countTokens(streamed));
  });

  it('tools with tool_choice required produce a tool call with JSON arguments', async () => {
    const r = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages,
      tools: [
        {
          type: 'function',
          function: {
            name: 'lookup',
            parameters: {
              type: 'object',
              properties: { city: { type: 'string' }, days: { type: 'integer' } },
            },
          },
        },
      ],
      tool_choice: 'required',
    });
    const call = r.choices[0]?.message.tool_calls?.[0];
    assert.equal(r.choices[0]?.finish_reason, 'tool_calls');
    assert.ok(call && call.type === 'function');
    assert.equal(call.function.name, 'lookup');
    const args = JSON.parse(call.function.arguments) as Record<string, unknown>;
    assert.equal(typeof args.city, 'string');
    assert.equal(typeof args.days, 'number');
  });

  it('embeddings: dimensions honoured, deterministic, similar texts closer, usage counted', async () => {
    const r = await openai.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['the cat sat on the mat', 'the cat sat on a mat', 'quarterly revenue grew'],
      dimensions: 64,
    });
    assert.equal(r.data.length, 3);
    const [a, b, c] = r.data.map((d) => d.embedding);
    assert.equal(a?.length, 64);
    const dot = (x: number[], y: number[]) => x.reduce((s, v, i) => s + v * (y[i] ?? 0), 0);
    assert.ok(Math.abs(dot(a ?? [], a ?? []) - 1) < 1e-4);
    assert.ok(dot(a ?? [], b ?? []) > dot(a ?? [], c ?? []));
    const expected = ['the cat sat on the mat', 'the cat sat on a mat', 'quarterly revenue grew'].reduce(
      (n, t) => n + countTokens(t),
      0,
    );
    assert.equal(r.usage.prompt_tokens, expected);
    const again = await openai.embeddings.create({
      model: 'text-embedding-3-small',
      input: 'the cat sat on the mat',
      dimensions: 64,
    });
    assert.deepEqual(again.data[0]?.embedding, a);
  });

  it('models: lists the emulated model', async () => {
    const page = await openai.models.list();
    const ids = page.data.map((m) => m.id);
    assert.ok(ids.includes('llama-3.1-8b'));
  });

  it('Anthropic messages JSON and stream', async () => {
    const msg = await anthropic.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 12,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Hello there' }],
    });
    const block = msg.content[0];
    assert.ok(block && block.type === 'text');
    assert.equal(msg.usage.output_tokens, countTokens(block.text));
    assert.ok(msg.usage.input_tokens > 0);

    const stream = anthropic.messages.stream({
      model: 'claude-sonnet-4-5',
      max_tokens: 5,
      messages: [{ role: 'user', content: 'Hello there' }],
    });
    let text = '';
    stream.on('text', (t) => {
      text += t;
    });
    const final = await stream.finalMessage();
    assert.equal(final.stop_reason, 'max_tokens');
    assert.equal(final.usage.output_tokens, 5);
    assert.equal(countTokens(text), 5);
  });

  it('Anthropic tool_choice any produces tool_use', async () => {
    const msg = await anthropic.messages.create({
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Weather?' }],
      tools: [
        { name: 'weather', input_schema: { type: 'object', properties: { city: { type: 'string' } } } },
      ],
      tool_choice: { type: 'any' },
    });
    assert.equal(msg.stop_reason, 'tool_use');
    const block = msg.content[0];
    assert.ok(block && block.type === 'tool_use');
    assert.equal(block.name, 'weather');
  });

  it('bad input gets 400 in the OpenAI shape and unknown routes 404', async () => {
    await assert.rejects(
      openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [] }),
      (e: unknown) => e instanceof OpenAI.BadRequestError && /messages/.test(e.message),
    );
    const res = await fetch(`${emu.url}/chat/completions`, { method: 'POST', body: '{not json' });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { error: { message: string } };
    assert.match(body.error.message, /JSON/);
    assert.equal((await fetch(`${emu.url}/nope`)).status, 404);
  });
});
