import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MarginError } from '../../../src/errors/index.js';
import { makeUsage } from '../../../src/meter/usage.js';
import type { ChatChunk, ChatRequest } from '../../../src/protocols/canonical.js';
import { adapter, messagesPath } from '../../../src/providers/anthropic/index.js';
import type { UpstreamTarget } from '../../../src/providers/types.js';
import { fixtureEvents, fixtureJson, fixtureText } from '../../fixtures/anthropic/read.js';

const target: UpstreamTarget = {
  baseUrl: 'https://api.anthropic.com',
  apiKey: 'sk-ant-test',
  upstreamModel: 'claude-sonnet-4-5-20250929',
  headers: {},
};

const body = (req: ChatRequest, t = target) =>
  JSON.parse(adapter.buildChatRequest(req, t).body ?? '') as Record<string, unknown>;

/** Runs a fixture stream through a decoder; returns the chunks and the decoder. */
function decode(name: string) {
  const decoder = adapter.createStreamDecoder(target);
  const chunks: ChatChunk[] = [];
  for (const ev of fixtureEvents(name)) chunks.push(...decoder.push(ev));
  return { chunks, decoder };
}

/** Assembles canonical chunks into text, tool calls (by index) and the finish reason, as an OpenAI client would. */
function assemble(chunks: ChatChunk[]) {
  let text = '';
  let finish: string | null = null;
  const tools: Array<{ id: string; name: string; arguments: string }> = [];
  for (const c of chunks) {
    for (const ch of c.choices) {
      text += ch.delta.content ?? '';
      for (const t of ch.delta.tool_calls ?? []) {
        tools[t.index] ??= { id: '', name: '', arguments: '' };
        const slot = tools[t.index]!;
        if (t.id) slot.id = t.id;
        if (t.function?.name) slot.name += t.function.name;
        slot.arguments += t.function?.arguments ?? '';
      }
      finish = ch.finish_reason ?? finish;
    }
  }
  return { text, tools, finish };
}

describe('anthropic adapter: request', () => {
  it('targets /v1/messages with x-api-key and anthropic-version', () => {
    const r = adapter.buildChatRequest(
      { model: 'claude', messages: [{ role: 'user', content: 'Hi' }] },
      target,
    );
    assert.equal(r.method, 'POST');
    assert.equal(r.path, '/v1/messages');
    assert.equal(r.headers['x-api-key'], 'sk-ant-test');
    assert.equal(r.headers['anthropic-version'], '2023-06-01');
    assert.equal(r.headers['content-type'], 'application/json');
    assert.equal(messagesPath('https://proxy.example.com/anthropic/v1/'), '/anthropic/v1/messages');
    const custom = adapter.buildChatRequest(
      { model: 'c', messages: [{ role: 'user', content: 'x' }] },
      { ...target, apiKey: undefined, headers: { 'anthropic-beta': 'extended-cache-ttl-2025-04-11' } },
    );
    assert.equal(custom.headers['x-api-key'], undefined);
    assert.equal(custom.headers['anthropic-beta'], 'extended-cache-ttl-2025-04-11');
  });

  it('extracts system messages and defaults max_tokens', () => {
    const b = body({
      model: 'claude',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: 'Use metric units.' },
        { role: 'user', content: 'Hi' },
      ],
    });
    assert.equal(b['model'], 'claude-sonnet-4-5-20250929');
    assert.deepEqual(b['system'], [
      { type: 'text', text: 'Be brief.' },
      { type: 'text', text: 'Use metric units.' },
    ]);
    assert.deepEqual(b['messages'], [{ role: 'user', content: 'Hi' }]);
    assert.equal(typeof b['max_tokens'], 'number');
    assert.ok((b['max_tokens'] as number) >= 4096);
    const unknown = body(
      { model: 'x', messages: [{ role: 'user', content: 'Hi' }] },
      { ...target, upstreamModel: 'no-such-model' },
    );
    assert.equal(unknown['max_tokens'], 4096);
    assert.equal(
      body({ model: 'x', messages: [{ role: 'user', content: 'Hi' }], max_completion_tokens: 77 })[
        'max_tokens'
      ],
      77,
    );
  });

  it('translates images, stop, sampling, user and stream', () => {
    const b = body({
      model: 'c',
      stream: true,
      stop: 'END',
      temperature: 1.6,
      top_p: 0.8,
      user: 'u1',
      max_tokens: 50,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQ' } },
            { type: 'image_url', image_url: { url: 'https://example.com/x.png' } },
          ],
        },
      ],
    });
    assert.deepEqual(b['messages'], [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQ' } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/x.png' } },
        ],
      },
    ]);
    assert.deepEqual(b['stop_sequences'], ['END']);
    assert.equal(b['temperature'], 1, 'OpenAI temperature above 1 is clamped to Anthropic range');
    assert.equal(b['top_p'], 0.8);
    assert.equal(b['stream'], true);
    assert.deepEqual(b['metadata'], { user_id: 'u1' });
  });

  it('translates tools, tool calls and tool results (merged into one user turn)', () => {
    const b = body({
      model: 'c',
      max_tokens: 100,
      messages: [
        { role: 'user', content: 'Weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
            { id: 'call_2', type: 'function', function: { name: 'weather', arguments: '{"city":"Rome"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '18C' },
        { role: 'tool', tool_call_id: 'call_2', content: '24C' },
      ],
      tools: [
        { type: 'function', function: { name: 'weather', description: 'w', parameters: { type: 'object' } } },
      ],
      tool_choice: 'required',
      parallel_tool_calls: false,
    });
    assert.deepEqual(b['messages'], [
      { role: 'user', content: 'Weather in Paris and Rome?' },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 'call_1', name: 'weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'call_2', name: 'weather', input: { city: 'Rome' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_1', content: '18C' },
          { type: 'tool_result', tool_use_id: 'call_2', content: '24C' },
        ],
      },
    ]);
    assert.deepEqual(b['tools'], [{ name: 'weather', description: 'w', input_schema: { type: 'object' } }]);
    assert.deepEqual(b['tool_choice'], { type: 'any', disable_parallel_tool_use: true });
    const none = body({
      model: 'c',
      messages: [{ role: 'user', content: 'x' }],
      tools: [{ type: 'function', function: { name: 'f' } }],
      tool_choice: 'none',
    });
    assert.deepEqual(none['tool_choice'], { type: 'none' });
    assert.deepEqual((none['tools'] as unknown[])[0], {
      name: 'f',
      input_schema: { type: 'object', properties: {} },
    });
  });

  it('maps reasoning_effort to a thinking budget and drops temperature with it', () => {
    const b = body({
      model: 'c',
      max_tokens: 16000,
      temperature: 0.3,
      reasoning_effort: 'medium',
      messages: [{ role: 'user', content: 'x' }],
    });
    assert.deepEqual(b['thinking'], { type: 'enabled', budget_tokens: 8192 });
    assert.equal(b['temperature'], undefined);
    const small = body({
      model: 'c',
      max_tokens: 3000,
      reasoning_effort: 'high',
      messages: [{ role: 'user', content: 'x' }],
    });
    assert.deepEqual(small['thinking'], { type: 'enabled', budget_tokens: 2999 });
  });

  it('rejects what Anthropic cannot express, naming the field', () => {
    const bad = (req: ChatRequest, param: string, code: string) =>
      assert.throws(
        () => adapter.buildChatRequest(req, target),
        (e: unknown) => e instanceof MarginError && e.code === code && e.param === param,
      );
    bad({ model: 'c', n: 2, messages: [{ role: 'user', content: 'x' }] }, 'n', 'MARGIN_ERR_UNSUPPORTED');
    bad(
      {
        model: 'c',
        messages: [
          {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: '{oops' } }],
          },
        ],
      },
      'messages[0].tool_calls[0].function.arguments',
      'MARGIN_ERR_BAD_REQUEST',
    );
    bad(
      { model: 'c', messages: [{ role: 'tool', content: 'x' }] },
      'messages[0].tool_call_id',
      'MARGIN_ERR_BAD_REQUEST',
    );
  });
});

describe('anthropic adapter: responses', () => {
  it('parses a text message', () => {
    const { response, usage } = adapter.parseChatResponse(fixtureJson('anthropic/message-text.json'), target);
    assert.equal(response.id, 'msg_01XFDUDYJgAACzvnptvVoYEL');
    assert.equal(response.model, 'claude-sonnet-4-5-20250929');
    assert.deepEqual(response.choices, [
      {
        index: 0,
        message: { role: 'assistant', content: 'Hello! How can I help you today?' },
        finish_reason: 'stop',
      },
    ]);
    assert.deepEqual(usage, makeUsage({ inputTokens: 12, outputTokens: 10 }));
    assert.equal(response.usage?.prompt_tokens, 12);
  });

  it('parses tool use into tool_calls with JSON arguments', () => {
    const { response } = adapter.parseChatResponse(fixtureJson('anthropic/message-tool-use.json'), target);
    const choice = response.choices[0]!;
    assert.equal(choice.finish_reason, 'tool_calls');
    assert.equal(choice.message.content, "I'll check the current weather in San Francisco for you.");
    assert.deepEqual(choice.message.tool_calls, [
      {
        id: 'toolu_01A09q90qw90lq917835lq9',
        type: 'function',
        function: { name: 'get_weather', arguments: '{"location":"San Francisco, CA","unit":"celsius"}' },
      },
    ]);
  });

  it('drops thinking from content and counts cache tokens into the input total', () => {
    const { response, usage } = adapter.parseChatResponse(
      fixtureJson('anthropic/message-cache-thinking.json'),
      target,
    );
    assert.equal(response.choices[0]?.message.content, '27 × 453 = 12,231.');
    assert.equal(usage?.inputTokens, 15821);
    assert.deepEqual(response.usage, {
      prompt_tokens: 15821,
      completion_tokens: 145,
      total_tokens: 15966,
      prompt_tokens_details: { cached_tokens: 14000, cache_write_tokens: 1800 },
      completion_tokens_details: { reasoning_tokens: 120 },
    });
  });

  it('rejects a body that is not a message', () => {
    assert.throws(
      () => adapter.parseChatResponse({ hello: 'world' }, target),
      (e: unknown) => e instanceof MarginError && e.code === 'MARGIN_ERR_UPSTREAM_BAD_RESPONSE',
    );
  });
});

describe('anthropic adapter: stream decoder', () => {
  it('decodes text: role chunk first, deltas, finish, usage chunk', () => {
    const { chunks, decoder } = decode('anthropic/stream-text.sse');
    assert.deepEqual(chunks[0]?.choices[0]?.delta, { role: 'assistant', content: '' });
    assert.equal(chunks[0]?.id, 'msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY');
    assert.deepEqual(assemble(chunks), { text: 'Hello!', tools: [], finish: 'stop' });
    const last = chunks.at(-1)!;
    assert.deepEqual(last.choices, []);
    assert.equal(last.usage?.prompt_tokens, 25);
    assert.equal(last.usage?.completion_tokens, 15);
    assert.equal(decoder.done, true);
    assert.deepEqual(decoder.usage(), makeUsage({ inputTokens: 25, outputTokens: 15 }));
  });

  it('assembles streamed tool calls by index', () => {
    const { chunks } = decode('anthropic/stream-tool-use.sse');
    const { text, tools, finish } = assemble(chunks);
    assert.equal(text, "Okay, let's check the weather for San Francisco, CA:");
    assert.equal(finish, 'tool_calls');
    assert.deepEqual(tools, [
      {
        id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
        name: 'get_weather',
        arguments: '{"location": "San Francisco, CA", "unit": "fahrenheit"}',
      },
      { id: 'toolu_02Time8sP1kJd', name: 'get_time', arguments: '{"timezone": "America/Los_Angeles"}' },
    ]);
    assert.deepEqual(JSON.parse(tools[0]!.arguments), { location: 'San Francisco, CA', unit: 'fahrenheit' });
    // The first delta of each call carries id, type and name; later ones only argument fragments.
    const first = chunks.find((c) => c.choices[0]?.delta.tool_calls)!.choices[0]!.delta.tool_calls![0]!;
    assert.deepEqual(first, {
      index: 0,
      id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
      type: 'function',
      function: { name: 'get_weather', arguments: '' },
    });
  });

  it('skips thinking deltas but counts reasoning tokens', () => {
    const { chunks, decoder } = decode('anthropic/stream-thinking.sse');
    assert.equal(assemble(chunks).text, 'The greatest common divisor of 1071 and 462 is **21**.');
    assert.equal(decoder.usage()?.reasoningTokens, 150);
    assert.equal(decoder.usage()?.outputTokens, 178);
  });

  it('overwrites cumulative usage across several message_delta events', () => {
    const { decoder } = decode('anthropic/stream-cache.sse');
    assert.deepEqual(
      decoder.usage(),
      makeUsage({
        inputTokens: 12050,
        cacheReadTokens: 10000,
        cacheWrite5mTokens: 500,
        cacheWrite1hTokens: 1500,
        outputTokens: 73,
      }),
    );
  });

  it('a cut stream is not done and keeps the usage seen so far', () => {
    const { chunks, decoder } = decode('anthropic/stream-cut.sse');
    assert.equal(decoder.done, false);
    assert.equal(assemble(chunks).text, 'Once upon a time');
    assert.equal(decoder.usage()?.inputTokens, 310);
  });

  it('an error event mid-stream throws with the Anthropic status', () => {
    const decoder = adapter.createStreamDecoder(target);
    assert.throws(
      () => {
        for (const ev of fixtureEvents('anthropic/stream-error.sse')) decoder.push(ev);
      },
      (e: unknown) => e instanceof MarginError && e.status === 529 && /overloaded_error/.test(e.message),
    );
  });
});

describe('anthropic adapter: errors', () => {
  it('parses Anthropic error bodies', () => {
    assert.deepEqual(adapter.parseError(529, fixtureText('anthropic/error-overloaded.json')), {
      status: 529,
      message: 'Overloaded',
      type: 'overloaded_error',
      code: 'overloaded_error',
      kind: 'overloaded_error',
    });
    const bad = adapter.parseError(400, fixtureText('anthropic/error-invalid-request.json'));
    assert.equal(bad.type, 'invalid_request_error');
    assert.equal(bad.message, 'messages.1.content.0.text: Field required');
    assert.equal(
      adapter.parseError(429, fixtureText('anthropic/error-rate-limit.json')).type,
      'rate_limit_error',
    );
  });

  it('tolerates non-JSON bodies', () => {
    assert.deepEqual(adapter.parseError(502, '<html>Bad gateway</html>'), {
      status: 502,
      message: '<html>Bad gateway</html>',
      type: undefined,
      code: undefined,
      kind: 'api_error',
    });
    assert.equal(adapter.parseError(529, '').type, 'overloaded_error');
    assert.equal(adapter.parseError(500, '').message, 'Anthropic returned HTTP 500');
  });
});
