// Client compatibility: the Vercel AI SDK (`ai` 6) with its OpenAI (Responses API by default), Anthropic and
// OpenAI-compatible providers against the gateway, zero config and cross-vendor. Test names are
// `<feature> [<upstream protocol>]`; each provider is one describe block (one row of the matrix).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { APICallError, embedMany, generateObject, generateText, stepCountIs, streamText, tool } from 'ai';
import { z } from 'zod';
import { type ClientSuite, PIXEL, SLOW_MODEL, startSuite } from './helpers/setup.js';

let zero: ClientSuite;
let cross: ClientSuite;

const Person = z.object({ name: z.string(), age: z.number().int().min(0).max(120) });
const weatherTools = () => ({
  get_weather: tool({
    description: 'Weather for a city',
    inputSchema: z.object({ city: z.string() }),
    execute: async ({ city }) => `21°C in ${city}`,
  }),
});
const twoTools = () => ({
  ...weatherTools(),
  get_forecast: tool({
    description: 'Forecast for a city',
    inputSchema: z.object({ city: z.string() }),
    execute: async ({ city }) => `sunny in ${city}`,
  }),
});
const image = new Uint8Array(Buffer.from(PIXEL, 'base64'));

before(async () => {
  [zero, cross] = await Promise.all([startSuite('zero-config'), startSuite('cross-vendor')]);
});
after(async () => {
  await Promise.all([zero.close(), cross.close()]);
});

const openaiAt = (s: ClientSuite) => createOpenAI({ baseURL: `${s.url}/v1`, apiKey: 'unused' });
const anthropicAt = (s: ClientSuite) => createAnthropic({ baseURL: `${s.url}/v1`, apiKey: 'unused' });
const compatibleAt = (s: ClientSuite) =>
  createOpenAICompatible({
    name: 'margin',
    baseURL: `${s.url}/v1`,
    apiKey: 'unused',
    supportsStructuredOutputs: true,
  });

describe('vercel-ai (@ai-sdk/openai)', () => {
  it('chat [openai]', async () => {
    // openai(model) uses the Responses API.
    const r = await generateText({ model: openaiAt(zero)('gpt-4o-mini'), prompt: 'hi', maxRetries: 0 });
    assert.ok(r.text.length > 0);
    assert.ok((r.usage.inputTokens ?? 0) > 0);
  });

  it('chat [anthropic]', async () => {
    const r = await generateText({
      model: openaiAt(cross)('claude-sonnet-4-5'),
      prompt: 'hi',
      maxRetries: 0,
    });
    assert.ok(r.text.length > 0);
  });

  it('stream [openai]', async () => {
    const r = streamText({ model: openaiAt(zero)('gpt-4o-mini'), prompt: 'count', maxRetries: 0 });
    let text = '';
    for await (const t of r.textStream) text += t;
    assert.ok(text.length > 0);
    assert.ok(((await r.usage).outputTokens ?? 0) > 0);
  });

  it('stream [gemini]', async () => {
    const r = streamText({ model: openaiAt(cross)('gemini-2.5-flash'), prompt: 'count', maxRetries: 0 });
    let text = '';
    for await (const t of r.textStream) text += t;
    assert.ok(text.length > 0);
  });

  it('tools round-trip [openai]', async () => {
    const r = await generateText({
      model: openaiAt(zero)('gpt-4o-mini'),
      prompt: 'Weather in Paris?',
      tools: weatherTools(),
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    });
    assert.equal(r.steps[0]?.toolCalls[0]?.toolName, 'get_weather');
    assert.ok(r.text.length > 0);
  });

  it('tools round-trip [anthropic]', async () => {
    const r = await generateText({
      model: openaiAt(cross)('claude-sonnet-4-5'),
      prompt: 'Weather in Paris?',
      tools: weatherTools(),
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    });
    assert.equal(r.steps[0]?.toolCalls[0]?.toolName, 'get_weather');
    assert.ok(r.text.length > 0);
  });

  it('parallel tools streamed [openai]', async () => {
    const r = streamText({
      model: openaiAt(zero)('gpt-4o-mini'),
      prompt: 'Weather and forecast in Paris?',
      tools: twoTools(),
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    });
    await r.consumeStream();
    const steps = await r.steps;
    assert.equal(steps[0]?.toolCalls.length, 2);
    assert.ok((await r.text).length > 0);
  });

  it('structured output [openai]', async () => {
    const r = await generateObject({
      model: openaiAt(zero)('gpt-4o-mini'),
      schema: Person,
      prompt: 'A person',
      maxRetries: 0,
    });
    assert.ok(Person.parse(r.object));
  });

  it('structured output [anthropic]', async () => {
    const r = await generateObject({
      model: openaiAt(cross)('claude-sonnet-4-5'),
      schema: Person,
      prompt: 'A person',
      maxRetries: 0,
    });
    assert.ok(Person.parse(r.object));
  });

  it('images [openai]', async () => {
    const r = await generateText({
      model: openaiAt(zero)('gpt-4o-mini'),
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What?' },
            { type: 'image', image, mediaType: 'image/png' },
          ],
        },
      ],
      maxRetries: 0,
    });
    assert.ok(r.text.length > 0);
  });

  it('embeddings [openai]', async () => {
    const r = await embedMany({
      model: openaiAt(zero).textEmbeddingModel('text-embedding-3-small'),
      values: ['a', 'b'],
      maxRetries: 0,
    });
    assert.equal(r.embeddings.length, 2);
    assert.ok((r.usage.tokens ?? 0) > 0);
  });

  it('thinking [openai]', async () => {
    const r = await generateText({
      model: openaiAt(zero)('o4-mini'),
      prompt: 'think',
      providerOptions: { openai: { reasoningEffort: 'low', reasoningSummary: 'auto' } },
      maxRetries: 0,
    });
    assert.ok((r.reasoningText ?? '').length > 0);
    assert.ok((r.usage.outputTokenDetails?.reasoningTokens ?? r.usage.reasoningTokens ?? 0) > 0);
  });

  it('cancellation [openai]', async () => {
    const controller = new AbortController();
    const r = streamText({
      model: openaiAt(cross)(SLOW_MODEL),
      prompt: 'long',
      maxOutputTokens: 400,
      abortSignal: controller.signal,
      maxRetries: 0,
    });
    let n = 0;
    const err = await (async () => {
      for await (const _ of r.textStream) if (++n === 3) controller.abort();
    })().catch((e: unknown) => e);
    assert.ok(n >= 3);
    assert.ok(err === undefined || err instanceof Error);
  });

  it('error classes [openai]', async () => {
    const err = await generateText({
      model: openaiAt(zero)('gpt-4o-minii'),
      prompt: 'x',
      maxRetries: 0,
    }).catch((e: unknown) => e);
    assert.ok(APICallError.isInstance(err));
    assert.equal(err.statusCode, 404);
  });

  it('cost labels [openai]', async () => {
    const r = await generateText({ model: openaiAt(zero)('gpt-4o-mini'), prompt: 'hi', maxRetries: 0 });
    const headers = r.response.headers ?? {};
    assert.ok(Number(headers['x-margin-cost-usd']) > 0);
    const rec = await zero.record(headers['x-margin-request-id']);
    assert.equal(rec.endpoint, 'responses');
  });
});

describe('vercel-ai (@ai-sdk/anthropic)', () => {
  it('chat [openai]', async () => {
    const r = await generateText({ model: anthropicAt(zero)('gpt-4o-mini'), prompt: 'hi', maxRetries: 0 });
    assert.ok(r.text.length > 0);
    assert.ok((r.usage.inputTokens ?? 0) > 0);
  });

  it('chat [anthropic]', async () => {
    const r = await generateText({
      model: anthropicAt(cross)('claude-sonnet-4-5'),
      prompt: 'hi',
      maxRetries: 0,
    });
    assert.ok(r.text.length > 0);
  });

  it('stream [openai]', async () => {
    const r = streamText({ model: anthropicAt(zero)('gpt-4o-mini'), prompt: 'count', maxRetries: 0 });
    let text = '';
    for await (const t of r.textStream) text += t;
    assert.ok(text.length > 0);
    assert.ok(((await r.usage).inputTokens ?? 0) > 0);
  });

  it('tools round-trip [openai]', async () => {
    const r = await generateText({
      model: anthropicAt(zero)('gpt-4o-mini'),
      prompt: 'Weather in Paris?',
      tools: weatherTools(),
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    });
    assert.equal(r.steps[0]?.toolCalls[0]?.toolName, 'get_weather');
    assert.ok(r.text.length > 0);
  });

  it('parallel tools streamed [anthropic]', async () => {
    const r = streamText({
      model: anthropicAt(cross)('claude-sonnet-4-5'),
      prompt: 'Weather and forecast in Paris?',
      tools: twoTools(),
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    });
    await r.consumeStream();
    assert.equal((await r.steps)[0]?.toolCalls.length, 2);
  });

  it('structured output [openai]', async () => {
    const r = await generateObject({
      model: anthropicAt(zero)('gpt-4o-mini'),
      schema: Person,
      prompt: 'A person',
      maxRetries: 0,
    });
    assert.ok(Person.parse(r.object));
  });

  it('structured output [anthropic]', async () => {
    const r = await generateObject({
      model: anthropicAt(cross)('claude-sonnet-4-5'),
      schema: Person,
      prompt: 'A person',
      maxRetries: 0,
    });
    assert.ok(Person.parse(r.object));
  });

  it('thinking [anthropic]', async () => {
    const r = await generateText({
      model: anthropicAt(cross)('claude-sonnet-4-5'),
      prompt: 'think',
      providerOptions: { anthropic: { thinking: { type: 'enabled', budgetTokens: 1024 } } },
      maxRetries: 0,
    });
    assert.ok((r.reasoningText ?? '').length > 0);
  });

  it('error classes [openai]', async () => {
    const err = await generateText({
      model: anthropicAt(zero)('gpt-4o-minii'),
      prompt: 'x',
      maxRetries: 0,
    }).catch((e: unknown) => e);
    assert.ok(APICallError.isInstance(err));
    assert.equal(err.statusCode, 404);
  });

  it('cost labels [anthropic]', async () => {
    const r = await generateText({
      model: anthropicAt(cross)('claude-sonnet-4-5'),
      prompt: 'hi',
      maxRetries: 0,
    });
    assert.ok(Number(r.response.headers?.['x-margin-cost-usd']) > 0);
  });
});

describe('vercel-ai (@ai-sdk/openai-compatible)', () => {
  it('chat [openai]', async () => {
    const r = await generateText({
      model: compatibleAt(zero).chatModel('gpt-4o-mini'),
      prompt: 'hi',
      maxRetries: 0,
    });
    assert.ok(r.text.length > 0);
  });

  it('chat [gemini]', async () => {
    const r = await generateText({
      model: compatibleAt(cross).chatModel('gemini-2.5-flash'),
      prompt: 'hi',
      maxRetries: 0,
    });
    assert.equal(r.text, 'AI learns patterns from data to make predictions or decisions.');
  });

  it('stream [anthropic]', async () => {
    const r = streamText({
      model: compatibleAt(cross).chatModel('claude-haiku-4-5'),
      prompt: 'count',
      maxRetries: 0,
    });
    let text = '';
    for await (const t of r.textStream) text += t;
    assert.ok(text.length > 0);
  });

  it('tools round-trip [openai]', async () => {
    const r = await generateText({
      model: compatibleAt(zero).chatModel('gpt-4o-mini'),
      prompt: 'Weather in Paris?',
      tools: weatherTools(),
      stopWhen: stepCountIs(3),
      maxRetries: 0,
    });
    assert.equal(r.steps[0]?.toolCalls[0]?.toolName, 'get_weather');
    assert.ok(r.text.length > 0);
  });

  it('structured output [openai]', async () => {
    const r = await generateObject({
      model: compatibleAt(zero).chatModel('gpt-4o-mini'),
      schema: Person,
      prompt: 'A person',
      maxRetries: 0,
    });
    assert.ok(Person.parse(r.object));
  });

  it('embeddings [openai]', async () => {
    const r = await embedMany({
      model: compatibleAt(zero).textEmbeddingModel('text-embedding-3-small'),
      values: ['a'],
      maxRetries: 0,
    });
    assert.equal(r.embeddings.length, 1);
  });

  it('thinking [anthropic]', async () => {
    // reasoning_content from Claude's thinking, as vLLM / DeepSeek stream it.
    const r = await generateText({
      model: compatibleAt(cross).chatModel('claude-sonnet-4-5'),
      prompt: 'think',
      providerOptions: { margin: { reasoningEffort: 'low' } },
      maxRetries: 0,
    });
    assert.ok((r.reasoningText ?? '').length > 0);
  });
});
