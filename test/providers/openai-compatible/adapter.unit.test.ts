import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SseParser } from '../../../src/protocols/sse.js';
import { adapter } from '../../../src/providers/openai-compatible/index.js';
import type { UpstreamTarget } from '../../../src/providers/types.js';
import { fixture, jsonFixture } from '../../gateway/helpers/paths.js';

const target: UpstreamTarget = {
  baseUrl: 'http://127.0.0.1:8000/v1',
  apiKey: 'sk-test',
  upstreamModel: 'gpt-4o-mini',
  headers: { 'OpenAI-Organization': 'org-1' },
};

function decode(name: string) {
  const d = adapter.createStreamDecoder(target);
  const p = new SseParser();
  const chunks = p.push(fixture(name)).flatMap((ev) => d.push(ev));
  return { d, chunks };
}

describe('openai-compatible adapter (recorded OpenAI fixtures)', () => {
  it('parses a chat completion with cached prompt tokens', () => {
    const { response, usage } = adapter.parseChatResponse(jsonFixture('chat-completion.json'), target);
    assert.equal(response.choices[0]?.message.content?.startsWith('The image shows'), true);
    assert.deepEqual(
      { i: usage?.inputTokens, c: usage?.cacheReadTokens, o: usage?.outputTokens, s: usage?.source },
      { i: 1117, c: 1024, o: 46, s: 'reported' },
    );
  });

  it('counts reasoning tokens inside output tokens', () => {
    const { usage } = adapter.parseChatResponse(jsonFixture('chat-completion-reasoning.json'), target);
    assert.equal(usage?.outputTokens, 203);
    assert.equal(usage?.reasoningTokens, 192);
  });

  it('reads DeepSeek prompt_cache_hit_tokens', () => {
    const json = jsonFixture('chat-completion-deepseek.json') as { usage: Record<string, number> };
    json.usage.prompt_cache_hit_tokens = 6;
    const { usage } = adapter.parseChatResponse(json, target);
    assert.equal(usage?.inputTokens, 16);
    assert.equal(usage?.cacheReadTokens, 6);
  });

  it('rejects a body with no choices', () => {
    assert.throws(() => adapter.parseChatResponse({ error: 'x' }, target), /not a chat completion/);
  });

  it('decodes a stream: chunks, final usage, [DONE]', () => {
    const { d, chunks } = decode('chat-stream.sse');
    const text = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
    assert.equal(text, 'Hello! How can I assist you today?');
    assert.equal(d.done, true);
    assert.equal(d.usage()?.inputTokens, 19);
    assert.equal(d.usage()?.outputTokens, 10);
    const last = chunks.at(-1);
    assert.equal(last?.choices.length, 0, 'the usage-only chunk is kept as a canonical chunk');
  });

  it('decodes a tool-call stream', () => {
    const { d, chunks } = decode('chat-stream-tools.sse');
    const args = chunks.map((c) => c.choices[0]?.delta.tool_calls?.[0]?.function?.arguments ?? '').join('');
    assert.deepEqual(JSON.parse(args), { location: 'Paris, France' });
    assert.equal(
      chunks.some((c) => c.choices[0]?.finish_reason === 'tool_calls'),
      true,
    );
    assert.equal(d.usage()?.outputTokens, 17);
  });

  it('a cut stream has no usage and is not done', () => {
    const d = adapter.createStreamDecoder(target);
    const p = new SseParser();
    const text = fixture('chat-stream.sse');
    for (const ev of p.push(text.slice(0, text.indexOf('"finish_reason":"stop"')))) d.push(ev);
    assert.equal(d.done, false);
    assert.equal(d.usage(), undefined);
  });

  it('builds the upstream request: model replaced, usage requested for streams, key and headers', () => {
    const r = adapter.buildChatRequest(
      { model: 'fast', messages: [{ role: 'user', content: 'hi' }], stream: true },
      target,
    );
    assert.equal(r.path, '/v1/chat/completions');
    assert.equal(r.headers.authorization, 'Bearer sk-test');
    assert.equal(r.headers['OpenAI-Organization'], 'org-1');
    const body = JSON.parse(r.body ?? '{}');
    assert.equal(body.model, 'gpt-4o-mini');
    assert.deepEqual(body.stream_options, { include_usage: true });
  });

  it('native pass-through reuses the raw body only when nothing changes', () => {
    const build = adapter.buildNativeRequest;
    assert.ok(build);
    const same = { model: 'gpt-4o-mini', messages: [] };
    const raw = '{"model":"gpt-4o-mini","messages":[]}';
    assert.equal(build(same, target, raw).body, raw);
    const stream = {
      model: 'gpt-4o-mini',
      messages: [],
      stream: true,
      stream_options: { include_usage: false },
    };
    assert.equal(
      JSON.parse(build(stream, target, JSON.stringify(stream)).body ?? '').stream_options.include_usage,
      true,
    );
  });

  it('parses error bodies of every common shape', () => {
    const e = adapter.parseError(429, fixture('error-rate-limit.json'));
    assert.equal(e.code, 'rate_limit_exceeded');
    assert.match(e.message, /Rate limit reached/);
    assert.equal(adapter.parseError(400, '{"error":"bad thing"}').message, 'bad thing');
    assert.equal(adapter.parseError(422, '{"detail":"field required"}').message, 'field required');
    assert.equal(adapter.parseError(502, '<html>Bad gateway</html>').message, '<html>Bad gateway</html>');
    assert.equal(adapter.parseError(500, '').message, 'upstream returned HTTP 500');
  });
});
