// GET /api/advise through the real gateway, key store and SQLite ledger: admin-protected like the other
// /api/* endpoints, the report's JSON shape, and the prefix fingerprints the gateway writes to the ledger.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { AdviseReport } from '../../src/advise/index.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { SqliteKeyStore } from '../../src/governance/index.js';
import { type Ledger, openLedger } from '../../src/ledger/index.js';
import { type LeverGateway, leverGateway } from '../gateway/helpers/levers.js';

let dir: string;
let emu: RunningEmulator;
let ledger: Ledger;
let t: LeverGateway;
let root: string;
const keys = { admin: '', acme: '', beta: '' };
const bearer = (k: string) => ({ authorization: `Bearer ${k}` });
const system = 'You answer questions about the Margin handbook, citing its sections. '.repeat(120);

async function chat(key: string, question: string): Promise<void> {
  const r = await fetch(`${root}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(key) },
    body: JSON.stringify({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: system },
        { role: 'user', content: question },
      ],
      max_tokens: 4,
    }),
  });
  assert.equal(r.status, 200);
  await r.text();
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'margin-advise-api-'));
  const keysDb = join(dir, 'keys.db');
  const store = new SqliteKeyStore(keysDb);
  keys.admin = (await store.create({ tenant: 'ops', admin: true })).secret;
  keys.acme = (await store.create({ tenant: 'acme' })).secret;
  keys.beta = (await store.create({ tenant: 'beta' })).secret;
  await store.close();
  emu = await startEmulator({ port: 0, fast: true, seed: 1 });
  ledger = await openLedger({ url: `sqlite:${join(dir, 'ledger.db')}`, flushIntervalMs: 50 });
  t = await leverGateway(
    {
      models: [{ name: 'gpt-4o-mini', provider: 'openai-compatible', baseUrl: emu.url }],
      governance: { keysDb },
      ledger: { flushIntervalMs: 50 },
    },
    { ledger, ledgerStore: ledger.store },
  );
  root = t.gw.url;
  for (let i = 0; i < 6; i++) await chat(keys.acme, `Question ${i}?`);
  await chat(keys.beta, 'Another tenant?');
  await ledger.flush();
});

after(async () => {
  await t.close();
  await ledger.close();
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/advise', () => {
  it('records prefix fingerprints, never prompt text, for every model call', async () => {
    const recs = await ledger.store.records({ limit: 10 });
    assert.equal(recs.length, 7);
    const first = recs[0]!.prefixHashes;
    assert.ok(first && first.length >= 1, JSON.stringify(recs[0]));
    for (const r of recs) assert.deepEqual(r.prefixHashes, first);
    assert.ok(!JSON.stringify(recs).includes('handbook'));
  });

  it('needs an admin key (401 without one) and answers the report shape', async () => {
    const none = await fetch(`${root}/api/advise`);
    assert.equal(none.status, 401);
    assert.equal(((await none.json()) as { error: { type: string } }).error.type, 'authentication_error');
    const r = await fetch(`${root}/api/advise?days=7`, { headers: bearer(keys.admin) });
    assert.equal(r.status, 200);
    const rep = (await r.json()) as AdviseReport;
    assert.equal(rep.days, 7);
    assert.equal(rep.requests, 7);
    assert.ok(Array.isArray(rep.actions));
    assert.ok(!Number.isNaN(Date.parse(rep.generatedAt)));
    for (const a of rep.actions) {
      assert.equal(typeof a.usdPerMonth, 'number');
      assert.ok(['low', 'medium', 'high'].includes(a.confidence));
      assert.ok(Array.isArray(a.explain) && a.explain.length > 0);
    }
    const pc = rep.actions.find((a) => a.id === 'prompt-caching:gpt-4o-mini');
    assert.ok(pc, JSON.stringify(rep.actions.map((a) => a.id)));
  });

  it("scopes a tenant key to its own tenant's records and refuses a bad window", async () => {
    const r = await fetch(`${root}/api/advise`, { headers: bearer(keys.beta) });
    assert.equal(r.status, 200);
    assert.equal(((await r.json()) as AdviseReport).requests, 1);
    const bad = await fetch(`${root}/api/advise?days=0`, { headers: bearer(keys.admin) });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: { message: string } }).error.message, /days/);
  });
});
