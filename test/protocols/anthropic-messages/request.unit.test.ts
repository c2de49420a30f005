import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MarginError } from '../../../src/errors/index.js';
import {
  assertTranslatable,
  parseMessagesRequest,
  peekMessagesRequest,
  untranslatableParams,
} from '../../../src/protocols/anthropic-messages/request.js';

const base = { model: 'claude-sonnet-4-5', max_tokens: 256 };

/** Asserts that parsing fails with the given code and param. */
function rejects(body: unknown, param: string, code = 'MARGIN_ERR_BAD_REQUEST'): void {
  assert.throws(
    () => parseMessagesRequest(body),
    (err: unknown) => {
      assert.ok(err instanceof MarginError, String(err));
      assert.equal(err.code, code);
      assert.equal(err.param, param);
      assert.ok(err.message.includes(param), err.message);
      return true;
    },
  );
}

describe('parseMessagesRequest', () => {
  it('translates system, sampling, stop sequences, user id and stream', () => {
    const req = parseMessagesRequest({
      ...base,
      system: 'You are terse.',
      messages: [{ role: 'user', content: 'Hi' }],
      temperature: 0.2,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ['\n\nHuman:'],
      stream: true,
      metadata: { user_id: 'u-42' },
    });
    assert.deepEqual(req.messages, [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Hi' },
    ]);
    assert.equal(req.model, 'claude-sonnet-4-5');
    assert.equal(req.max_tokens, 256);
    assert.equal(req.temperature, 0.2);
    assert.equal(req.top_p, 0.9);
    assert.equal(req['top_k'], 40);
    assert.deepEqual(req.stop, ['\n\nHuman:']);
    assert.equal(req.stream, true);
    assert.equal(req.user, 'u-42');
  });

  it('keeps system blocks as text parts', () => {
    const req = parseMessagesRequest({
      ...base,
      system: [
        { type: 'text', text: 'Rules.' },
        { type: 'text', text: 'Long document.', cache_control: { type: 'ephemeral' } },
      ],
      messages: [{ role: 'user', content: 'Summarise' }],
    });
    assert.deepEqual(req.messages[0], {
      role: 'system',
      content: [
        { type: 'text', text: 'Rules.' },
        { type: 'text', text: 'Long document.' },
      ],
    });
  });

  it('turns images into image_url parts (base64 as data URLs)', () => {
    const req = parseMessagesRequest({
      ...base,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
            { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
            { type: 'text', text: 'Compare these.' },
          ],
        },
      ],
    });
    assert.deepEqual(req.messages[0], {
      role: 'user',
      content: [
        { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
        { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
        { type: 'text', text: 'Compare these.' },
      ],
    });
  });

  it('turns tool_use into assistant tool_calls and tool_result into tool messages', () => {
    const req = parseMessagesRequest({
      ...base,
      messages: [
        { role: 'user', content: 'Weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'two calls', signature: 'sig' },
            { type: 'text', text: 'Checking.' },
            { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
            { type: 'tool_use', id: 'toolu_2', name: 'get_weather', input: { city: 'Rome' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: '18°C' },
            {
              type: 'tool_result',
              tool_use_id: 'toolu_2',
              content: [{ type: 'text', text: 'unknown city' }],
              is_error: true,
            },
            { type: 'text', text: 'Thanks' },
          ],
        },
      ],
    });
    assert.deepEqual(req.messages.slice(1), [
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [
          {
            id: 'toolu_1',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
          {
            id: 'toolu_2',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Rome"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_1', content: '18°C' },
      { role: 'tool', tool_call_id: 'toolu_2', content: 'Error: unknown city' },
      { role: 'user', content: 'Thanks' },
    ]);
  });

  it('translates tools, every tool_choice and parallel control', () => {
    const tools = [
      { name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: {} } },
    ];
    const messages = [{ role: 'user', content: 'x' }];
    const choice = (tool_choice: unknown) => parseMessagesRequest({ ...base, messages, tools, tool_choice });
    const r = choice({ type: 'auto' });
    assert.deepEqual(r.tools, [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Weather',
          parameters: { type: 'object', properties: {} },
        },
      },
    ]);
    assert.equal(r.tool_choice, 'auto');
    assert.equal(choice({ type: 'any' }).tool_choice, 'required');
    assert.equal(choice({ type: 'none' }).tool_choice, 'none');
    assert.deepEqual(choice({ type: 'tool', name: 'get_weather' }).tool_choice, {
      type: 'function',
      function: { name: 'get_weather' },
    });
    assert.equal(choice({ type: 'auto', disable_parallel_tool_use: true })['parallel_tool_calls'], false);
    assert.equal(choice({ type: 'auto' })['parallel_tool_calls'], undefined);
  });

  it('maps thinking budgets to reasoning_effort', () => {
    const messages = [{ role: 'user', content: 'x' }];
    const effort = (budget: number) =>
      parseMessagesRequest({
        ...base,
        max_tokens: 32000,
        messages,
        thinking: { type: 'enabled', budget_tokens: budget },
      }).reasoning_effort;
    assert.equal(effort(1024), 'low');
    assert.equal(effort(8192), 'medium');
    assert.equal(effort(20000), 'high');
    assert.equal(
      parseMessagesRequest({ ...base, messages, thinking: { type: 'disabled' } }).reasoning_effort,
      undefined,
    );
  });

  it('accepts fields it does not translate (cache_control, service_tier)', () => {
    const req = parseMessagesRequest({
      ...base,
      service_tier: 'auto',
      messages: [
        {
          role: 'user',
          content: [{ type: 'text', text: 'hi', cache_control: { type: 'ephemeral', ttl: '1h' } }],
        },
      ],
    });
    assert.deepEqual(req.messages, [{ role: 'user', content: 'hi' }]);
  });

  it('rejects bad input naming the field', () => {
    const messages = [{ role: 'user', content: 'x' }];
    rejects({ max_tokens: 10, messages }, 'model');
    rejects({ model: 'm', messages }, 'max_tokens');
    rejects({ ...base, max_tokens: 0, messages }, 'max_tokens');
    rejects({ ...base, messages: [] }, 'messages');
    rejects({ ...base, messages: [{ role: 'system', content: 'x' }] }, 'messages.0.role');
    rejects(
      { ...base, messages: [{ role: 'user', content: [{ type: 'text' }] }] },
      'messages.0.content.0.text',
    );
    rejects(
      { ...base, messages: [{ role: 'user', content: [{ kind: 'text' }] }] },
      'messages.0.content.0.type',
    );
    rejects(
      {
        ...base,
        messages: [
          { role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png' } }] },
        ],
      },
      'messages.0.content.0.source.data',
    );
    rejects({ ...base, messages, temperature: 1.5 }, 'temperature');
    rejects({ ...base, messages, tool_choice: { type: 'tool' } }, 'tool_choice.name');
    rejects({ ...base, messages, tools: [{ name: 'f' }] }, 'tools.0.input_schema');
    rejects(
      { ...base, messages, thinking: { type: 'enabled', budget_tokens: 100 } },
      'thinking.budget_tokens',
    );
    rejects(
      {
        ...base,
        messages: [{ role: 'user', content: [{ type: 'tool_use', id: 'a', name: 'f', input: {} }] }],
      },
      'messages.0.content.0',
    );
    rejects(
      {
        ...base,
        messages: [{ role: 'assistant', content: [{ type: 'tool_result', tool_use_id: 'a', content: 'x' }] }],
      },
      'messages.0.content.0',
    );
    assert.throws(() => parseMessagesRequest(null), MarginError);
    assert.throws(() => parseMessagesRequest('text'), MarginError);
  });
});

describe('untranslatable fields', () => {
  it('accepts server tools and unknown block types (for native pass-through) but records them', () => {
    const req = parseMessagesRequest({
      ...base,
      messages: [
        { role: 'user', content: 'Search the web for Margin' },
        {
          role: 'assistant',
          content: [
            { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'margin' } },
            { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] },
            { type: 'text', text: 'Found it.' },
          ],
        },
        {
          role: 'user',
          content: [{ type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'x' } }],
        },
      ],
      tools: [
        { type: 'web_search_20250305', name: 'web_search', max_uses: 3 },
        { name: 'lookup', input_schema: { type: 'object' } },
      ],
    });
    assert.deepEqual(untranslatableParams(req), [
      'messages.1.content.0',
      'messages.1.content.1',
      'messages.2.content.0',
      'tools.0',
    ]);
    assert.deepEqual(
      req.tools?.map((t) => t.function.name),
      ['lookup'],
    );
    assert.deepEqual(req.messages[1], { role: 'assistant', content: 'Found it.' });
    assert.throws(
      () => assertTranslatable(req),
      (e: unknown) =>
        e instanceof MarginError && e.code === 'MARGIN_ERR_UNSUPPORTED' && e.param === 'messages.1.content.0',
    );
  });

  it('is empty for a faithful translation', () => {
    const req = parseMessagesRequest({ ...base, messages: [{ role: 'user', content: 'x' }] });
    assert.deepEqual(untranslatableParams(req), []);
    assert.doesNotThrow(() => assertTranslatable(req));
  });
});

describe('peekMessagesRequest', () => {
  it('reads model and stream without translating', () => {
    assert.deepEqual(peekMessagesRequest({ model: 'claude-x', stream: true, messages: 'whatever' }), {
      model: 'claude-x',
      stream: true,
    });
    assert.throws(
      () => peekMessagesRequest({}),
      (e: unknown) => e instanceof MarginError && e.param === 'model',
    );
  });
});
