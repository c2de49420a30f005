import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCatalog } from '../../src/catalog/index.js';
import { parseConfig } from '../../src/config/index.js';
import { ModelTable } from '../../src/gateway/models.js';
import { backoffMs, retryAfterMs, retryableStatus, retryDelay } from '../../src/gateway/retry.js';

const cfg = { max: 3, baseMs: 100, maxMs: 1000 };

describe('retry policy', () => {
  it('retries 429, 5xx and 408/409 only', () => {
    for (const s of [408, 409, 429, 500, 502, 503, 504, 529])
      assert.equal(retryableStatus(s), true, String(s));
    for (const s of [400, 401, 403, 404, 413, 422, 501]) assert.equal(retryableStatus(s), false, String(s));
  });
  it('reads retry-after-ms, retry-after seconds and dates', () => {
    assert.equal(retryAfterMs({ 'retry-after-ms': '250' }), 250);
    assert.equal(retryAfterMs({ 'retry-after': '2' }), 2000);
    assert.equal(retryAfterMs({ 'retry-after': new Date(10_000).toUTCString() }, 7_000), 3000);
    assert.equal(retryAfterMs({ 'retry-after': 'soon' }), undefined);
  });
  it('backs off exponentially with bounded jitter, capped', () => {
    assert.equal(
      backoffMs(0, cfg, () => 0),
      50,
    );
    assert.equal(
      backoffMs(2, cfg, () => 1),
      400,
    );
    assert.equal(
      backoffMs(10, cfg, () => 1),
      1000,
    );
  });
  it('honours retry-after, and gives up waiting when it exceeds maxMs', () => {
    assert.equal(retryDelay(0, { 'retry-after': '0.3' }, cfg), 300);
    assert.equal(retryDelay(0, { 'retry-after': '5' }, cfg), undefined);
  });
});

describe('model table', () => {
  const env = { OPENAI_API_KEY: 'k', GROQ_API_KEY: 'g' };
  const build = (models: unknown[]) => ModelTable.build(parseConfig({ models }), loadCatalog(), env);

  it('exact names first, then the longest prefix, then *', async () => {
    const t = await build([
      { name: 'fast', provider: 'vllm', upstreamModel: 'llama-3.1-8b' },
      { name: 'gpt-*', provider: 'openai' },
      { name: 'gpt-4o-*', provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:1/v1' },
      { name: '*', provider: 'ollama' },
    ]);
    assert.equal(t.resolve('fast')?.target.upstreamModel, 'llama-3.1-8b');
    assert.equal(t.resolve('gpt-4o-mini')?.provider, 'openai-compatible');
    assert.equal(t.resolve('gpt-4.1')?.provider, 'openai');
    assert.equal(t.resolve('gpt-4.1')?.target.upstreamModel, 'gpt-4.1');
    assert.equal(t.resolve('qwen3')?.provider, 'ollama');
    assert.equal(t.acceptsAnyModel, true);
  });

  it('unknown names resolve to nothing without a * entry', async () => {
    const t = await build([{ name: 'gpt-*', provider: 'openai' }]);
    assert.equal(t.resolve('claude-3'), undefined);
  });

  it('provider/* entries strip their prefix', async () => {
    const t = await build([{ name: 'groq/*', provider: 'groq' }]);
    assert.equal(t.resolve('groq/llama-3.3-70b-versatile')?.target.upstreamModel, 'llama-3.3-70b-versatile');
  });

  it('loads the Anthropic and Gemini adapters for their models', async () => {
    const t = await ModelTable.build(
      parseConfig({
        models: [
          { name: 'claude-*', provider: 'anthropic' },
          { name: 'gemini-*', provider: 'gemini' },
        ],
      }),
      loadCatalog(),
      { ANTHROPIC_API_KEY: 'a', GEMINI_API_KEY: 'g' },
    );
    assert.equal(t.resolve('claude-sonnet-4-5')?.adapter.protocol, 'anthropic');
    assert.equal(typeof t.resolve('claude-sonnet-4-5')?.adapter.buildNativeRequest, 'function');
    assert.equal(t.resolve('gemini-2.5-pro')?.adapter.protocol, 'gemini');
  });

  it('fails fast when a hosted provider has no key', async () => {
    await assert.rejects(
      ModelTable.build(parseConfig({ models: [{ name: 'c', provider: 'anthropic' }] }), loadCatalog(), {}),
      /ANTHROPIC_API_KEY is not set/,
    );
  });
});
