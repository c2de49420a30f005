import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MarginError } from '../../../src/errors/index.js';
import { makeUsage } from '../../../src/meter/usage.js';
import type { ChatChunk, ChatRequest } from '../../../src/protocols/canonical.js';
import { adapter, generatePath } from '../../../src/providers/gemini/index.js';
import { decodeToolId } from '../../../src/providers/gemini/tool-id.js';
import type { UpstreamTarget } from '../../../src/providers/types.js';
import { fixtureEvents, fixtureJson, fixtureText } from '../../fixtures/anthropic/read.js';

const target: UpstreamTarget = {
  baseUrl: 'https://generativelanguage.googleapis.com',
  apiKey: 'AIza-test',
  upstreamModel: 'gemini-2.5-flash',
  headers: {},
};

const body = (req: ChatRequest, t = target) =>
  JSON.parse(adapter.buildChatRequest(req, t).body ?? '') as Record<string, unknown>;

function decode(name: string) {
  const decoder = adapter.createStreamDecoder(target);
  const chunks: ChatChunk[] = [];
  for (const ev of fixtureEvents(name)) chunks.push(...decoder.push(ev));
  return { chunks, decoder };
}

describe('gemini adapter: request', () => {
  it('targets generateContent / streamGenerateContent with x-goog-api-key', () => {
    const r = adapter.buildChatRequest({ model: 'g', messages: [{ role: 'user', content: 'Hi' }] }, target);
    assert.equal(r.path, '/v1beta/models/gemini-2.5-flash:generateContent');
    assert.equal(r.headers['x-goog-api-key'], 'AIza-test');
    const s = adapter.buildChatRequest(
      { model: 'g', stream: true, messages: [{ role: 'user', content: 'Hi' }] },
      {
        ...target,
        upstreamModel: 'models/gemini-2.5-pro',
      },
    );
    assert.equal(s.path, '/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse');
    assert.equal(
      generatePath('https://example.com/google/v1beta/', 'gemini-x', false),
      '/google/v1beta/models/gemini-x:generateContent',
    );
  });

  it('builds contents, systemInstruction and generationConfig', () => {
    const b = body({
      model: 'g',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello!' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Describe' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBOR' } },
            { type: 'image_url', image_url: { url: 'https://example.com/a.webp' } },
          ],
        },
      ],
      max_tokens: 300,
      temperature: 0.4,
      top_p: 0.95,
      top_k: 32,
      stop: ['END'],
      seed: 7,
      response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' } } },
      reasoning_effort: 'low',
    });
    assert.deepEqual(b['systemInstruction'], { parts: [{ text: 'Be brief.' }] });
    assert.deepEqual(b['contents'], [
      { role: 'user', parts: [{ text: 'Hi' }] },
      { role: 'model', parts: [{ text: 'Hello!' }] },
      {
        role: 'user',
        parts: [
          { text: 'Describe' },
          { inlineData: { mimeType: 'image/png', data: 'iVBOR' } },
          { fileData: { mimeType: 'image/webp', fileUri: 'https://example.com/a.webp' } },
        ],
      },
    ]);
    assert.deepEqual(b['generationConfig'], {
      maxOutputTokens: 300,
      temperature: 0.4,
      topP: 0.95,
      topK: 32,
      stopSequences: ['END'],
      seed: 7,
      responseMimeType: 'application/json',
      responseJsonSchema: { type: 'object' },
      thinkingConfig: { thinkingBudget: 1024, includeThoughts: true },
    });
    const json = body({
      model: 'g',
      messages: [{ role: 'user', content: 'x' }],
      response_format: { type: 'json_object' },
    });
    assert.deepEqual(json['generationConfig'], { responseMimeType: 'application/json' });
  });

  it('translates tools, tool choice, function calls and responses', () => {
    const b = body({
      model: 'g',
      messages: [
        { role: 'user', content: 'Weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_1__thought__c2ln',
              type: 'function',
              function: { name: 'weather', arguments: '{"city":"Paris"}' },
            },
            { id: 'call_2', type: 'function', function: { name: 'weather', arguments: '{"city":"Rome"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1__thought__c2ln', content: '{"temp":18}' },
        { role: 'tool', tool_call_id: 'call_2', content: 'sunny' },
      ],
      tools: [
        {
          type: 'function',
          function: {
            name: 'weather',
            description: 'w',
            parameters: { type: 'object', additionalProperties: false },
          },
        },
      ],
      tool_choice: { type: 'function', function: { name: 'weather' } },
    });
    assert.deepEqual(b['contents'], [
      { role: 'user', parts: [{ text: 'Weather in Paris and Rome?' }] },
      {
        role: 'model',
        parts: [
          { functionCall: { name: 'weather', args: { city: 'Paris' } }, thoughtSignature: 'c2ln' },
          { functionCall: { name: 'weather', args: { city: 'Rome' } } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'weather', response: { temp: 18 } } },
          { functionResponse: { name: 'weather', response: { output: 'sunny' } } },
        ],
      },
    ]);
    assert.deepEqual(b['tools'], [
      {
        functionDeclarations: [
          {
            name: 'weather',
            description: 'w',
            parametersJsonSchema: { type: 'object', additionalProperties: false },
          },
        ],
      },
    ]);
    assert.deepEqual(b['toolConfig'], {
      functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['weather'] },
    });
    const tools = [{ type: 'function' as const, function: { name: 'f' } }];
    const choice = (tool_choice: NonNullable<ChatRequest['tool_choice']>) =>
      body({ model: 'g', messages: [{ role: 'user', content: 'x' }], tools, tool_choice })['toolConfig'];
    assert.equal(choice('auto'), undefined);
    assert.deepEqual(choice('required'), { functionCallingConfig: { mode: 'ANY' } });
    assert.deepEqual(choice('none'), { functionCallingConfig: { mode: 'NONE' } });
  });

  it('adds the documented placeholder signature for unsigned Gemini 3 function calls', () => {
    const b = body(
      {
        model: 'g',
        reasoning_effort: 'high',
        messages: [
          { role: 'user', content: 'x' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'call_openai', type: 'function', function: { name: 'f', arguments: '{}' } }],
          },
          { role: 'tool', tool_call_id: 'call_openai', content: 'ok' },
        ],
      },
      { ...target, upstreamModel: 'gemini-3-pro-preview' },
    );
    const parts = (b['contents'] as Array<{ parts: unknown[] }>)[1]!.parts;
    assert.deepEqual(parts[0], {
      functionCall: { name: 'f', args: {} },
      thoughtSignature: 'skip_thought_signature_validator',
    });
    assert.deepEqual((b['generationConfig'] as Record<string, unknown>)['thinkingConfig'], {
      thinkingLevel: 'high',
      includeThoughts: true,
    });
  });

  it('rejects tool results that answer no known call, and invalid arguments', () => {
    assert.throws(
      () =>
        adapter.buildChatRequest(
          { model: 'g', messages: [{ role: 'tool', tool_call_id: 'nope', content: 'x' }] },
          target,
        ),
      (e: unknown) => e instanceof MarginError && e.param === 'messages[0].tool_call_id',
    );
    assert.throws(
      () =>
        adapter.buildChatRequest(
          {
            model: 'g',
            messages: [
              {
                role: 'assistant',
                content: null,
                tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: '{' } }],
              },
            ],
          },
          target,
        ),
      (e: unknown) => e instanceof MarginError && e.param === 'messages[0].tool_calls[0].function.arguments',
    );
  });
});

describe('gemini adapter: responses', () => {
  it('parses text with usage', () => {
    const { response, usage } = adapter.parseChatResponse(fixtureJson('gemini/generate-text.json'), target);
    assert.equal(response.id, 'Hx4kaPXmNfKUmNAPmsLQmQ8');
    assert.equal(response.model, 'gemini-2.0-flash');
    assert.deepEqual(response.choices, [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: 'AI learns patterns from data to make predictions or decisions.',
        },
        finish_reason: 'stop',
      },
    ]);
    assert.deepEqual(usage, makeUsage({ inputTokens: 8, outputTokens: 11 }));
  });

  it('parses function calls (finish → tool_calls) and keeps the thought signature in the id', () => {
    const { response, usage } = adapter.parseChatResponse(
      fixtureJson('gemini/generate-function-call.json'),
      target,
    );
    const choice = response.choices[0]!;
    assert.equal(choice.finish_reason, 'tool_calls');
    assert.equal(choice.message.content, null);
    const calls = choice.message.tool_calls!;
    assert.deepEqual(
      calls.map((c) => [c.function.name, JSON.parse(c.function.arguments)]),
      [
        ['get_weather', { location: 'Paris', unit: 'celsius' }],
        ['get_time', { timezone: 'Europe/Paris' }],
      ],
    );
    assert.equal(decodeToolId(calls[0]!.id).signature, 'CiQB0e2Kb7Q2sZ0bYk1x+/dGVzdHNpZ25hdHVyZQ==');
    assert.equal(decodeToolId(calls[1]!.id).signature, undefined);
    assert.notEqual(calls[0]!.id, calls[1]!.id);
    // Thoughts are billed as output: 28 candidates + 64 thoughts.
    assert.deepEqual(usage, makeUsage({ inputTokens: 95, outputTokens: 92, reasoningTokens: 64 }));
    // The signature survives the next turn: the call goes back upstream with it.
    const next = body(
      {
        model: 'g',
        messages: [
          { role: 'user', content: 'weather?' },
          { role: 'assistant', content: null, tool_calls: calls },
          { role: 'tool', tool_call_id: calls[0]!.id, content: '{"t":1}' },
          { role: 'tool', tool_call_id: calls[1]!.id, content: '{"t":2}' },
        ],
      },
      { ...target, upstreamModel: 'gemini-3-pro-preview' },
    );
    const parts = (next['contents'] as Array<{ parts: Array<Record<string, unknown>> }>)[1]!.parts;
    assert.equal(parts[0]!['thoughtSignature'], 'CiQB0e2Kb7Q2sZ0bYk1x+/dGVzdHNpZ25hdHVyZQ==');
    assert.equal(parts[1]!['thoughtSignature'], undefined);
  });

  it('skips thought parts; cached tokens stay inside the prompt total', () => {
    const { response, usage } = adapter.parseChatResponse(
      fixtureJson('gemini/generate-thinking-cached.json'),
      target,
    );
    assert.equal(
      response.choices[0]?.message.content,
      "The contract's termination clause allows either party to exit with 30 days' notice.",
    );
    assert.deepEqual(
      usage,
      makeUsage({ inputTokens: 42180, cacheReadTokens: 40960, outputTokens: 19 + 812, reasoningTokens: 812 }),
    );
    assert.deepEqual(response.usage?.prompt_tokens_details, { cached_tokens: 40960 });
  });

  it('maps MAX_TOKENS and a blocked prompt', () => {
    assert.equal(
      adapter.parseChatResponse(fixtureJson('gemini/generate-max-tokens.json'), target).response.choices[0]
        ?.finish_reason,
      'length',
    );
    const blocked = adapter.parseChatResponse(fixtureJson('gemini/generate-blocked.json'), target);
    assert.deepEqual(blocked.response.choices, [
      { index: 0, message: { role: 'assistant', content: null }, finish_reason: 'content_filter' },
    ]);
    assert.equal(blocked.usage?.inputTokens, 14);
    assert.throws(() => adapter.parseChatResponse({ foo: 1 }, target), MarginError);
  });
});

describe('gemini adapter: stream decoder', () => {
  it('decodes text with a role chunk first, finish and a final usage chunk', () => {
    const { chunks, decoder } = decode('gemini/stream-text.sse');
    assert.deepEqual(chunks[0]?.choices[0]?.delta, { role: 'assistant', content: '' });
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    assert.equal(text, 'The quick brown fox jumps over the lazy dog.');
    assert.equal(chunks.at(-2)?.choices[0]?.finish_reason, 'stop');
    assert.deepEqual(chunks.at(-1)?.choices, []);
    assert.equal(chunks.at(-1)?.usage?.completion_tokens, 37);
    assert.equal(decoder.done, true);
    // usageMetadata is a running total: the last one wins.
    assert.deepEqual(decoder.usage(), makeUsage({ inputTokens: 10, outputTokens: 37, reasoningTokens: 27 }));
  });

  it('emits each function call with index, id, name and full arguments (CRLF framing)', () => {
    const { chunks, decoder } = decode('gemini/stream-function-call.sse');
    const calls = chunks.flatMap((c) => c.choices[0]?.delta.tool_calls ?? []);
    assert.deepEqual(
      calls.map((c) => [c.index, c.function?.name, c.function?.arguments]),
      [
        [0, 'get_weather', '{"location":"Boston, MA"}'],
        [1, 'get_weather', '{"location":"Austin, TX"}'],
      ],
    );
    assert.equal(decodeToolId(calls[0]!.id!).signature, 'Q2lRQjBlMkti');
    assert.equal(chunks.find((c) => c.choices[0]?.finish_reason)?.choices[0]?.finish_reason, 'tool_calls');
    assert.equal(decoder.done, true);
    assert.equal(decoder.usage()?.outputTokens, 34);
  });

  it('a cut stream is not done and keeps the last usage seen', () => {
    const { chunks, decoder } = decode('gemini/stream-cut.sse');
    assert.equal(decoder.done, false);
    assert.equal(chunks.map((c) => c.choices[0]?.delta.content ?? '').join(''), 'Chapter one');
    assert.deepEqual(decoder.usage(), makeUsage({ inputTokens: 33, outputTokens: 2 }));
  });

  it('an error object in the stream throws with its code', () => {
    const decoder = adapter.createStreamDecoder(target);
    const data = fixtureText('gemini/error-unavailable.json');
    assert.throws(
      () => decoder.push({ event: undefined, data, raw: `data: ${data}\n\n` }),
      (e: unknown) => e instanceof MarginError && e.status === 503 && /UNAVAILABLE/.test(e.message),
    );
  });
});

describe('gemini adapter: errors', () => {
  it('parses Google error bodies (plain and array-wrapped)', () => {
    assert.deepEqual(adapter.parseError(400, fixtureText('gemini/error-invalid-key.json')), {
      status: 400,
      message: 'API key not valid. Please pass a valid API key.',
      type: 'invalid_request_error',
      code: 'INVALID_ARGUMENT',
      kind: 'invalid_request_error',
    });
    const quota = adapter.parseError(429, fixtureText('gemini/error-quota.json'));
    assert.equal(quota.type, 'rate_limit_error');
    assert.equal(quota.code, 'RESOURCE_EXHAUSTED');
    assert.equal(
      adapter.parseError(503, fixtureText('gemini/error-unavailable.json')).type,
      'overloaded_error',
    );
    assert.deepEqual(adapter.parseError(500, 'upstream connect error'), {
      status: 500,
      message: 'upstream connect error',
      type: undefined,
      code: undefined,
      kind: 'api_error',
    });
  });
});
