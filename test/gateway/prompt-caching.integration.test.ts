// Provider prompt caching wired into the gateway (`cache.promptCaching`): cache_control breakpoints on
// Anthropic bodies (native pass-through and translated from OpenAI), proved by the emulator's simulated
// prompt cache and by the bodies a scripted upstream received; a stable prompt_cache_key per tenant.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { SqliteKeyStore } from '../../src/governance/index.js';
import { type FakeUpstream, startFakeUpstream } from './helpers/fake-upstream.js';
import { chatBody, type LeverGateway, leverGateway, messageBody } from './helpers/levers.js';
import { until } from './helpers/memory-ledger.js';

const words = 'Margin keeps a ledger of every request with its cost energy and carbon for later review.';
const longSystem = (tag: string) => `${tag} ${Array.from({ length: 120 }, () => words).join(' ')}`;

let emu: RunningEmulator;
let up: FakeUpstream;
let on: LeverGateway;
let off: LeverGateway;
const dirs: string[] = [];

before(async () => {
  // Timed mode: fast mode replays cached bodies and has no simulated prompt cache.
  emu = await startEmulator({ port: 0, seed: 3 });
  up = await startFakeUpstream((req) =>
    req.path.endsWith('/messages')
      ? { kind: 'json', body: messageBody('ok', { input: 10, output: 1 }) }
      : { kind: 'json', body: chatBody('ok', { prompt: 10, completion: 1 }) },
  );
  const models = [
    { name: 'claude-sonnet-4-5', provider: 'anthropic' as const, baseUrl: emu.url },
    {
      name: 'claude-sonnet-4-5-scripted',
      provider: 'anthropic' as const,
      baseUrl: up.url,
      upstreamModel: 'claude-sonnet-4-5',
    },
  ];
  on = await leverGateway({
    models,
    cache: { exactCache: { enabled: false }, promptCaching: { anthropic: 'auto' } },
  });
  off = await leverGateway({ models, cache: { promptCaching: { anthropic: 'off' } } });
});

after(async () => {
  await on.close();
  await off.close();
  await up.close();
  await emu.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('Anthropic prompt caching', () => {
  it('native pass-through: the emulator writes the prefix to its cache, then reads it; off = neither', async () => {
    const ask = (g: LeverGateway, system: string) =>
      new Anthropic({ baseURL: g.gw.url, apiKey: 'unused', maxRetries: 0 }).messages
        .create({
          model: 'claude-sonnet-4-5',
          max_tokens: 8,
          system,
          messages: [{ role: 'user', content: 'What does Margin keep?' }],
        })
        .withResponse();
    const sys = longSystem('on');
    const first = await ask(on, sys);
    assert.ok((first.data.usage.cache_creation_input_tokens ?? 0) >= 1024, JSON.stringify(first.data.usage));
    const second = await ask(on, sys);
    assert.ok((second.data.usage.cache_read_input_tokens ?? 0) >= 1024, JSON.stringify(second.data.usage));
    const id = second.response.headers.get('x-margin-request-id');
    await until(() => on.ledger.byId(id) !== undefined, 'ledger record');
    assert.ok((on.ledger.byId(id)?.usage.cacheReadTokens ?? 0) >= 1024);

    const plain = longSystem('off');
    for (let i = 0; i < 2; i++) {
      const r = await ask(off, plain);
      assert.equal(r.data.usage.cache_creation_input_tokens ?? 0, 0);
      assert.equal(r.data.usage.cache_read_input_tokens ?? 0, 0);
    }
  });

  it('translated OpenAI → Anthropic bodies get the breakpoint too; short prompts get none', async () => {
    const client = new OpenAI({ baseURL: on.base, apiKey: 'unused', maxRetries: 0 });
    up.seen.length = 0;
    await client.chat.completions.create({
      model: 'claude-sonnet-4-5-scripted',
      max_tokens: 8,
      messages: [
        { role: 'system', content: longSystem('translated') },
        { role: 'user', content: 'Hello' },
      ],
    });
    const sent = up.seen[0]?.body as { system?: Array<Record<string, unknown>> };
    assert.ok(Array.isArray(sent.system), JSON.stringify(sent).slice(0, 200));
    assert.deepEqual(sent.system.at(-1)?.cache_control, { type: 'ephemeral' });

    await client.chat.completions.create({
      model: 'claude-sonnet-4-5-scripted',
      max_tokens: 8,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello' },
      ],
    });
    assert.ok(!JSON.stringify(up.seen[1]?.body).includes('cache_control'));
  });

  it('native Anthropic bodies that already carry cache_control are left alone', async () => {
    up.seen.length = 0;
    const system = [{ type: 'text' as const, text: 'short', cache_control: { type: 'ephemeral' as const } }];
    await new Anthropic({ baseURL: on.gw.url, apiKey: 'unused', maxRetries: 0 }).messages.create({
      model: 'claude-sonnet-4-5-scripted',
      max_tokens: 8,
      system,
      messages: [
        { role: 'user', content: longSystem('client') },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: 'more' },
      ],
    });
    const body = up.seen[0]?.body as { system: unknown; messages: Array<{ content: unknown }> };
    assert.deepEqual(body.system, system);
    assert.equal(typeof body.messages[0]?.content, 'string');
  });
});

describe('OpenAI prompt_cache_key', () => {
  it('is stable per tenant and differs between tenants; a client key is kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'margin-pck-'));
    dirs.push(dir);
    const keysDb = join(dir, 'keys.db');
    const store = new SqliteKeyStore(keysDb);
    const a = (await store.create({ tenant: 'acme' })).secret;
    const b = (await store.create({ tenant: 'beta' })).secret;
    await store.close();
    const g = await leverGateway({
      models: [{ name: 'gpt-4o', provider: 'openai', baseUrl: up.url }],
      cache: { exactCache: { enabled: false }, promptCaching: { openai: 'auto' } },
      governance: { keysDb },
    });
    try {
      const ask = async (key: string, extra: Record<string, unknown> = {}) => {
        up.seen.length = 0;
        await new OpenAI({ baseURL: g.base, apiKey: key, maxRetries: 0 }).chat.completions.create({
          model: 'gpt-4o',
          messages: [
            { role: 'system', content: 'You are terse.' },
            { role: 'user', content: `Question ${Math.random()}` },
          ],
          ...extra,
        });
        return up.seen[0]?.body?.prompt_cache_key;
      };
      const a1 = await ask(a);
      const a2 = await ask(a);
      const b1 = await ask(b);
      assert.match(String(a1), /^margin-[0-9a-f]{32}$/);
      assert.equal(a1, a2);
      assert.notEqual(a1, b1);
      assert.equal(await ask(a, { prompt_cache_key: 'mine' }), 'mine');
      assert.equal(up.seen[0]?.headers.authorization, undefined, 'the Margin key is never sent upstream');
    } finally {
      await g.close();
    }
  });
});
