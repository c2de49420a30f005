// The response cache as `margin serve` wires it from the config's `cache` section, through the real gateway
// and the emulator with the openai SDK: exact hits at $0 with the saving recorded, namespaced by the
// caller's tenant; the safe levers are on with no config, and a lever switched off installs no hook.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { parseConfig } from '../../src/config/index.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { createLevers, keysDbPath } from '../../src/gateway/index.js';
import { SqliteKeyStore } from '../../src/governance/index.js';
import { type LeverGateway, leverGateway } from './helpers/levers.js';
import { until } from './helpers/memory-ledger.js';

let emu: RunningEmulator;
let dir: string;
let t: LeverGateway;
let acme: string;
let beta: string;

before(async () => {
  emu = await startEmulator({ port: 0, fast: true, seed: 9 });
  dir = mkdtempSync(join(tmpdir(), 'margin-levers-'));
  const keysDb = join(dir, 'keys.db');
  const store = new SqliteKeyStore(keysDb);
  acme = (await store.create({ tenant: 'acme' })).secret;
  beta = (await store.create({ tenant: 'beta' })).secret;
  await store.close();
  t = await leverGateway({
    models: [{ name: '*', provider: 'openai-compatible', baseUrl: emu.url }],
    cache: {},
    governance: { keysDb },
  });
});

after(async () => {
  await t.close();
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

const ask = (key: string, content: string) =>
  new OpenAI({ baseURL: t.base, apiKey: key, maxRetries: 0 }).chat.completions
    .create({ model: 'gpt-4o', messages: [{ role: 'user', content }], max_tokens: 12, temperature: 0 })
    .withResponse();

describe('exact cache from config', () => {
  it('serves the second identical temperature-0 request from the cache at $0, recording the saving', async () => {
    const first = await ask(acme, 'Name three rivers');
    assert.equal(first.response.headers.get('x-margin-cache'), 'miss');
    const firstCost = Number(first.response.headers.get('x-margin-cost-usd'));
    assert.ok(firstCost > 0);
    // The store happens after the response is sent.
    let second = await ask(acme, 'Name three rivers');
    for (let i = 0; i < 50 && second.response.headers.get('x-margin-cache') !== 'exact'; i++) {
      await new Promise((r) => setTimeout(r, 10));
      second = await ask(acme, 'Name three rivers');
    }
    assert.equal(second.response.headers.get('x-margin-cache'), 'exact');
    assert.equal(second.data.choices[0]?.message.content, first.data.choices[0]?.message.content);
    assert.equal(Number(second.response.headers.get('x-margin-cost-usd')), 0);
    const id = second.response.headers.get('x-margin-request-id');
    await until(() => t.ledger.byId(id) !== undefined, 'ledger record');
    const rec = t.ledger.byId(id);
    assert.equal(rec?.cache, 'exact');
    assert.equal(rec?.costUsd.total, 0);
    assert.equal(rec?.tenant, 'acme');
    assert.ok(Math.abs((rec?.savedUsd ?? 0) - firstCost) / firstCost < 1e-4, `saved ${rec?.savedUsd}`);
  });

  it('never serves one tenant the answer cached for another', async () => {
    await ask(acme, 'Name two mountains');
    let again = await ask(acme, 'Name two mountains');
    for (let i = 0; i < 50 && again.response.headers.get('x-margin-cache') !== 'exact'; i++) {
      await new Promise((r) => setTimeout(r, 10));
      again = await ask(acme, 'Name two mountains');
    }
    assert.equal(again.response.headers.get('x-margin-cache'), 'exact');
    const other = await ask(beta, 'Name two mountains');
    assert.equal(other.response.headers.get('x-margin-cache'), 'miss');
  });
});

describe('levers from config', () => {
  it('installs the safe levers with no config, and no hook once they are switched off', async () => {
    const defaults = await createLevers(parseConfig({ governance: { keysDb: 'off' } }), { env: {} });
    assert.deepEqual(Object.keys(defaults.hooks), ['cache', 'prepareUpstream']);
    assert.deepEqual(defaults.summary, [
      'exact cache (memory, deterministic)',
      'prompt caching (anthropic, openai)',
    ]);
    await defaults.close();
    const levers = await createLevers(parseConfig({ governance: { keysDb: 'off' }, cache: 'off' }), {
      env: {},
    });
    assert.deepEqual(Object.keys(levers.hooks), []);
    assert.deepEqual(levers.summary, []);
    await levers.close();
    const promptOnly = await createLevers(
      parseConfig({
        governance: { keysDb: 'off' },
        cache: { exactCache: { enabled: false }, promptCaching: { openai: 'auto' } },
      }),
      { env: {} },
    );
    assert.deepEqual(Object.keys(promptOnly.hooks), ['prepareUpstream']);
    await promptOnly.close();
  });

  it('an existing key database without keys leaves the gateway open', async () => {
    const empty = join(dir, 'empty.db');
    await new SqliteKeyStore(empty).close();
    const levers = await createLevers(parseConfig({ governance: { keysDb: empty } }), { env: {} });
    assert.equal(levers.hooks.authenticate, undefined);
    await levers.close();
  });

  it('finds the key database: config, MARGIN_KEYS_DB, the SQLite ledger file, ./margin.db', () => {
    assert.equal(
      keysDbPath(parseConfig({ governance: { keysDb: 'k.db' } }), { MARGIN_KEYS_DB: 'e.db' }),
      'k.db',
    );
    assert.equal(keysDbPath(parseConfig({}), { MARGIN_KEYS_DB: 'e.db' }), 'e.db');
    assert.equal(keysDbPath(parseConfig({ ledger: { url: 'sqlite:/tmp/l.db' } }), {}), '/tmp/l.db');
    assert.equal(keysDbPath(parseConfig({ ledger: { url: 'postgres://x/y' } }), {}), './margin.db');
    assert.equal(keysDbPath(parseConfig({ governance: { keysDb: 'off' } }), {}), undefined);
  });
});
