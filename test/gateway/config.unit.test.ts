import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { autoConfigFromEnv, loadConfigFile, parseConfig, upstreamConfig } from '../../src/config/index.js';

const fails = (raw: unknown, re: RegExp) => assert.throws(() => parseConfig(raw), re);

describe('config', () => {
  it('an empty config is valid with defaults', () => {
    const c = parseConfig({});
    assert.equal(c.server.port, 8787);
    assert.equal(c.server.host, '127.0.0.1');
    assert.equal(c.ledger.url, 'sqlite:./margin.db');
    assert.deepEqual(c.models, []);
  });

  it('errors name the field', () => {
    fails(
      {
        models: [
          { name: 'a', provider: 'openai' },
          { name: 'b', provider: 'openai' },
          { name: 'c', provider: 'nope' },
        ],
      },
      /config models\[2\]\.provider: expected one of openai\|anthropic\|.*\(got "nope"\)/,
    );
    fails({ server: { port: 'x' } }, /config server\.port: expected number, got string/);
    fails({ server: { colour: 1 } }, /config server\.colour: unknown field/);
    fails({ models: [{ name: 'a', provider: 'vllm', baseUrl: 'ftp://x' }] }, /models\[0\]\.baseUrl/);
    fails({ models: [{ name: 'a', provider: 'openai-compatible' }] }, /models\[0\]\.baseUrl: required/);
    fails(
      { models: [{ name: 'a', provider: 'openai', fallbacks: ['zzz'] }] },
      /models\[0\]\.fallbacks\[0\]: 'zzz' is not a model/,
    );
    fails(
      {
        models: [
          { name: 'a', provider: 'openai' },
          { name: 'a', provider: 'groq' },
        ],
      },
      /models\[1\]\.name: 'a' is already defined/,
    );
    fails({ models: [{ name: 'a*b', provider: 'openai' }] }, /only allowed at the end/);
  });

  it('validates the cache, router and governance sections with their modules, naming the field', () => {
    fails({ cache: { anything: true } }, /cache\.anything: unknown field/);
    fails({ cache: { exactCache: { maxBytes: 'big' } } }, /cache\.exactCache\.maxBytes: expected number/);
    fails({ router: ['x'] }, /router: expected object/);
    fails(
      { router: { routes: { 'margin/auto': { policy: 'fixed' } } } },
      /router\.routes\.margin\/auto\.model/,
    );
    fails({ governance: { keys: 'x' } }, /governance\.keys: unknown field/);
    const c = parseConfig({ cache: null, router: { routes: { r: { policy: 'fixed', model: 'm' } } } });
    assert.equal(c.cache.exactCache.enabled, true);
    assert.equal(c.cache.promptCaching.anthropic, 'auto');
    assert.equal(c.router?.routes.r?.policy, 'fixed');
    // No section: the safe levers (exact cache, prompt caching) on, the semantic cache off.
    assert.deepEqual(parseConfig({}).cache, c.cache);
    assert.equal(parseConfig({}).cache.semanticCache.enabled, false);
    const off = parseConfig({ cache: 'off' }).cache;
    assert.equal(off.exactCache.enabled, false);
    assert.deepEqual(off.promptCaching, { anthropic: 'off', openai: 'off' });
    fails({ cache: 'of' }, /config cache: expected object, got string/);
  });

  it('loads YAML and reports the file name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'margin-config-'));
    const good = join(dir, 'good.yaml');
    writeFileSync(
      good,
      'server:\n  port: 9000\nmodels:\n  - name: fast\n    provider: vllm\n    upstreamModel: llama\n',
    );
    const c = await loadConfigFile(good);
    assert.equal(c.server.port, 9000);
    assert.equal(c.models[0]?.upstreamModel, 'llama');
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'models:\n  - name: fast\n    provider: nope\n');
    await assert.rejects(loadConfigFile(bad), (e: Error) =>
      e.message.startsWith(`${bad} models[0].provider:`),
    );
    writeFileSync(bad, 'models: [\n');
    await assert.rejects(loadConfigFile(bad), /not valid YAML/);
    await assert.rejects(loadConfigFile(join(dir, 'missing.yaml')), /not found/);
  });

  it('--upstream sends every model to one server', () => {
    const c = upstreamConfig(parseConfig({}), 'http://127.0.0.1:8000/v1/');
    assert.deepEqual(
      c.models.map((m) => [m.name, m.provider, m.baseUrl]),
      [['*', 'openai-compatible', 'http://127.0.0.1:8000/v1']],
    );
  });

  it('provider keys in the environment configure providers by prefix', () => {
    const c = autoConfigFromEnv(parseConfig({}), {
      OPENAI_API_KEY: 'k',
      ANTHROPIC_API_KEY: 'k',
      GROQ_API_KEY: 'k',
    });
    const names = c.models.map((m) => `${m.name}→${m.provider}`);
    assert.ok(names.includes('gpt-*→openai'));
    assert.ok(names.includes('claude-*→anthropic'));
    assert.ok(names.includes('groq/*→groq'));
    assert.equal(autoConfigFromEnv(parseConfig({}), {}).models.length, 0);
  });
});
