// Client compatibility: the Google Gen AI SDK (`@google/genai`, pointed at the gateway with
// `httpOptions.baseUrl`) against the gateway's Gemini routes, zero config (the emulator's OpenAI protocol:
// translated) and cross-vendor (Gemini models natively to a Gemini-protocol upstream, Claude models over the
// Anthropic protocol). Test names are `<feature> [<upstream protocol>]`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiError, type Content, type FunctionDeclaration, GoogleGenAI, Type } from '@google/genai';
import { type ClientSuite, PIXEL, SLOW_MODEL, startSuite } from './helpers/setup.js';

let zero: ClientSuite;
let cross: ClientSuite;
let client: GoogleGenAI;
let crossClient: GoogleGenAI;

const weather: FunctionDeclaration = {
  name: 'get_weather',
  parametersJsonSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

before(async () => {
  [zero, cross] = await Promise.all([startSuite('zero-config'), startSuite('cross-vendor')]);
  client = new GoogleGenAI({ apiKey: 'unused', httpOptions: { baseUrl: zero.url } });
  crossClient = new GoogleGenAI({ apiKey: 'unused', httpOptions: { baseUrl: cross.url } });
});
after(async () => {
  await Promise.all([zero.close(), cross.close()]);
});

describe('google-genai', () => {
  it('chat [openai]', async () => {
    const r = await client.models.generateContent({
      model: 'gpt-4o-mini',
      contents: 'hi',
      config: { systemInstruction: 'Be brief.', maxOutputTokens: 30 },
    });
    assert.ok((r.text ?? '').length > 0);
    assert.ok((r.usageMetadata?.promptTokenCount ?? 0) > 0);
  });

  it('chat [gemini]', async () => {
    const r = await crossClient.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' });
    assert.equal(r.text, 'AI learns patterns from data to make predictions or decisions.');
  });

  it('chat [anthropic]', async () => {
    const r = await crossClient.models.generateContent({
      model: 'claude-sonnet-4-5',
      contents: 'hi',
      config: { maxOutputTokens: 30 },
    });
    assert.ok((r.text ?? '').length > 0);
  });

  it('stream [openai]', async () => {
    const s = await client.models.generateContentStream({ model: 'gpt-4o-mini', contents: 'count' });
    let text = '';
    let usage: number | undefined;
    for await (const c of s) {
      text += c.text ?? '';
      usage = c.usageMetadata?.candidatesTokenCount ?? usage;
    }
    assert.ok(text.length > 0);
    assert.ok((usage ?? 0) > 0);
  });

  it('stream [gemini]', async () => {
    const s = await crossClient.models.generateContentStream({
      model: 'gemini-2.5-flash',
      contents: 'count',
    });
    let text = '';
    for await (const c of s) text += c.text ?? '';
    assert.ok(text.length > 0);
  });

  it('tools round-trip [openai]', async () => {
    const tools = [{ functionDeclarations: [weather] }];
    const first = await client.models.generateContent({
      model: 'gpt-4o-mini',
      contents: 'Weather in Paris?',
      config: { tools },
    });
    const call = first.functionCalls?.[0];
    assert.equal(call?.name, 'get_weather');
    assert.equal(typeof call?.args?.city, 'string');
    const contents: Content[] = [
      { role: 'user', parts: [{ text: 'Weather in Paris?' }] },
      { role: 'model', parts: [{ functionCall: call }] },
      {
        role: 'user',
        parts: [{ functionResponse: { id: call?.id ?? '', name: 'get_weather', response: { temp: 21 } } }],
      },
    ];
    const answer = await client.models.generateContent({ model: 'gpt-4o-mini', contents, config: { tools } });
    assert.ok((answer.text ?? '').length > 0);
  });

  it('tools round-trip [gemini]', async () => {
    const tools = [{ functionDeclarations: [weather] }];
    const first = await crossClient.models.generateContent({
      model: 'gemini-2.5-flash',
      contents: 'Weather?',
      config: { tools },
    });
    assert.equal(first.functionCalls?.length, 2);
  });

  it('parallel tools streamed [anthropic]', async () => {
    const tools = [{ functionDeclarations: [weather, { ...weather, name: 'get_forecast' }] }];
    const s = await crossClient.models.generateContentStream({
      model: 'claude-sonnet-4-5',
      contents: 'Weather in Paris?',
      config: { tools },
    });
    const calls: string[] = [];
    for await (const c of s) for (const f of c.functionCalls ?? []) calls.push(f.name ?? '');
    assert.deepEqual(calls.sort(), ['get_forecast', 'get_weather']);
  });

  it('structured output [openai]', async () => {
    const r = await client.models.generateContent({
      model: 'gpt-4o-mini',
      contents: 'A person',
      config: {
        responseMimeType: 'application/json',
        responseSchema: {
          type: Type.OBJECT,
          properties: { name: { type: Type.STRING }, age: { type: Type.INTEGER } },
          required: ['name', 'age'],
        },
      },
    });
    const person = JSON.parse(r.text ?? '') as { name: unknown; age: unknown };
    assert.equal(typeof person.name, 'string');
    assert.ok(Number.isInteger(person.age));
  });

  it('structured output [anthropic]', async () => {
    const r = await crossClient.models.generateContent({
      model: 'claude-sonnet-4-5',
      contents: 'A person',
      config: {
        responseMimeType: 'application/json',
        responseJsonSchema: {
          type: 'object',
          properties: { name: { type: 'string' } },
          required: ['name'],
          additionalProperties: false,
        },
      },
    });
    assert.equal(typeof JSON.parse(r.text ?? '').name, 'string');
  });

  it('images [openai]', async () => {
    const r = await client.models.generateContent({
      model: 'gpt-4o-mini',
      contents: [
        { role: 'user', parts: [{ inlineData: { mimeType: 'image/png', data: PIXEL } }, { text: 'What?' }] },
      ],
    });
    assert.ok((r.text ?? '').length > 0);
  });

  it('embeddings [openai]', async () => {
    const r = await client.models.embedContent({
      model: 'text-embedding-3-small',
      contents: ['a', 'b'],
      config: { outputDimensionality: 8 },
    });
    assert.equal(r.embeddings?.length, 2);
    assert.equal(r.embeddings?.[0]?.values?.length, 8);
  });

  it('embeddings [gemini]', async () => {
    const r = await crossClient.models.embedContent({ model: 'gemini-embedding-001', contents: ['a', 'b'] });
    assert.equal(r.embeddings?.length, 2);
  });

  it('count_tokens [openai]', async () => {
    const r = await client.models.countTokens({ model: 'gpt-4o-mini', contents: 'count me' });
    assert.ok((r.totalTokens ?? 0) > 0);
  });

  it('count_tokens [gemini]', async () => {
    const r = await crossClient.models.countTokens({ model: 'gemini-2.5-flash', contents: 'count me' });
    assert.equal(r.totalTokens, 31, 'counted by the upstream');
  });

  it('thinking [anthropic]', async () => {
    const r = await crossClient.models.generateContent({
      model: 'claude-sonnet-4-5',
      contents: 'think',
      config: { maxOutputTokens: 3000, thinkingConfig: { thinkingBudget: 2048, includeThoughts: true } },
    });
    const parts = r.candidates?.[0]?.content?.parts ?? [];
    assert.ok(
      parts.some((p) => p.thought === true && (p.text ?? '').length > 0),
      'thought summary',
    );
    assert.ok((r.usageMetadata?.thoughtsTokenCount ?? 0) >= 0);
  });

  it('cancellation [openai]', async () => {
    const controller = new AbortController();
    const s = await crossClient.models.generateContentStream({
      model: SLOW_MODEL,
      contents: 'long',
      config: { maxOutputTokens: 400, abortSignal: controller.signal },
    });
    let n = 0;
    const err = await (async () => {
      for await (const _ of s) if (++n === 3) controller.abort();
    })().catch((e: unknown) => e);
    assert.ok(err instanceof Error, 'the stream ends with an abort error');
  });

  it('error classes [openai]', async () => {
    const err = await client.models
      .generateContent({ model: 'gpt-4o-minii', contents: 'x' })
      .catch((e: unknown) => e);
    assert.ok(err instanceof ApiError);
    assert.equal(err.status, 404);
    assert.match(err.message, /NOT_FOUND/);
  });

  it('cost labels [openai]', async () => {
    const r = await client.models.generateContent({ model: 'gpt-4o-mini', contents: 'hi' });
    const headers = r.sdkHttpResponse?.headers ?? {};
    assert.ok(Number(headers['x-margin-cost-usd']) > 0);
    const rec = await zero.record(headers['x-margin-request-id']);
    assert.equal(rec.endpoint, 'generate_content');
  });

  it('cost labels [gemini]', async () => {
    const r = await crossClient.models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' });
    const headers = r.sdkHttpResponse?.headers ?? {};
    assert.ok(Number(headers['x-margin-cost-usd']) > 0);
    assert.equal(headers['x-margin-provider'], 'gemini');
    // No key configured for this upstream and no gateway keys: a transparent proxy sends the client's own.
    assert.equal(cross.gemini.seen.at(-1)?.headers['x-goog-api-key'], 'unused');
  });
});
