// POST /v1/feedback through the real gateway, with API keys on and the real SQLite file ledger (writer
// thread): feedback on a learned-routed answer is stored with the caller's key and tenant and joins its
// record's route JSON (route, cluster, reference); an unknown request id is a 404; bad input is a 400
// naming the field.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { SqliteKeyStore } from '../../src/governance/index.js';
import { type Ledger, openLedger } from '../../src/ledger/index.js';
import { type LeverGateway, leverGateway } from '../gateway/helpers/levers.js';

let dir: string;
let emu: RunningEmulator;
let ledger: Ledger;
let t: LeverGateway;
let secret: string;
let keyId: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'margin-feedback-'));
  const keysDb = join(dir, 'keys.db');
  const keys = new SqliteKeyStore(keysDb);
  const k = await keys.create({ tenant: 'acme', name: 'fb' });
  await keys.close();
  secret = k.secret;
  keyId = k.key.id;
  emu = await startEmulator({ port: 0, fast: true, seed: 3 });
  ledger = await openLedger({ url: `sqlite:${join(dir, 'ledger.db')}`, flushIntervalMs: 50 });
  const m = (name: string) => ({ name, provider: 'openai-compatible' as const, baseUrl: emu.url });
  t = await leverGateway(
    {
      models: [m('gpt-4o-mini'), m('gpt-4o')],
      governance: { keysDb },
      router: {
        routes: {
          'margin/auto': {
            policy: 'learned',
            candidates: [
              { model: 'gpt-4o-mini', reference: 'gpt-3.5-turbo-1106' },
              { model: 'gpt-4o', reference: 'gpt-4-1106-preview' },
            ],
          },
        },
      },
    },
    { ledger },
  );
});

after(async () => {
  await t.close();
  await ledger.close();
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (path: string, body: unknown, auth = true) =>
  fetch(`${t.base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${secret}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('POST /v1/feedback', () => {
  it('stores feedback on a learned-routed answer, joined to its route JSON (no prompt text)', async () => {
    const chat = await post('/chat/completions', {
      model: 'margin/auto',
      messages: [{ role: 'user', content: 'Summarise the water cycle in one sentence.' }],
      max_tokens: 8,
    });
    assert.equal(chat.status, 200);
    await chat.text();
    const id = chat.headers.get('x-margin-request-id');
    assert.ok(id);
    const r = await post('/feedback', { request_id: id, score: 0.25, comment: 'too vague' });
    assert.equal(r.status, 200);
    assert.deepEqual(await r.json(), { object: 'feedback', request_id: id, score: 0.25, stored: true });
    await ledger.flush();
    const rows = await ledger.store.feedbackWithRoutes({ from: 0, to: Date.now() + 1 });
    const row = rows.find((x) => x.requestId === id);
    assert.ok(row, 'feedback row stored');
    assert.equal(row.score, 0.25);
    assert.equal(row.comment, 'too vague');
    assert.equal(row.keyId, keyId);
    assert.equal(row.tenant, 'acme');
    assert.equal(row.record?.status, 200);
    assert.equal(row.record?.tenant, 'acme');
    const route = JSON.parse(row.record?.route ?? 'null') as Record<string, unknown>;
    assert.equal(route.policy, 'learned');
    assert.equal(route.route, 'margin/auto');
    assert.equal(typeof route.cluster, 'number');
    assert.ok(['gpt-3.5-turbo-1106', 'gpt-4-1106-preview'].includes(String(route.reference)));
    assert.match(String(route.routerModel), /^[0-9a-f]{12}$/);
    assert.equal(route.model, chat.headers.get('x-margin-model'));
    assert.doesNotMatch(JSON.stringify(rows), /water cycle/);
  });

  it('accepts `id`, and refuses an id the ledger does not hold (404)', async () => {
    const chat = await post('/chat/completions', {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 4,
    });
    await chat.text();
    const id = chat.headers.get('x-margin-request-id');
    const r = await post('/feedback', { id, score: 1 });
    assert.equal(r.status, 200);
    await r.text();
    const unknown = await post('/feedback', { id: 'never-served', score: 1 });
    assert.equal(unknown.status, 404);
    await unknown.text();
    await ledger.flush();
    const rows = await ledger.store.feedbackWithRoutes({ from: 0, to: Date.now() + 1 });
    assert.equal(rows.find((x) => x.requestId === id)?.record?.status, 200);
    assert.equal(
      rows.find((x) => x.requestId === 'never-served'),
      undefined,
    );
  });

  it('bad input is a 400 in the OpenAI error shape naming the field', async () => {
    const cases: Array<[unknown, string | null, string]> = [
      [{ request_id: 'x', score: 2 }, 'score', 'invalid_request'],
      [{ request_id: 'x', score: '0.5' }, 'score', 'invalid_request'],
      [{ request_id: 'x' }, 'score', 'invalid_request'],
      [{ score: 0.5 }, 'request_id', 'invalid_request'],
      [{ request_id: '', score: 0.5 }, 'request_id', 'invalid_request'],
      [{ request_id: 'x', score: 0.5, comment: 5 }, 'comment', 'invalid_request'],
      [[1, 2], null, 'invalid_request'],
      ['{not json', null, 'invalid_json'],
    ];
    for (const [body, param, code] of cases) {
      const r = await post('/feedback', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      const e = ((await r.json()) as { error: { param: string | null; code: string; type: string } }).error;
      assert.equal(e.param, param, JSON.stringify(body));
      assert.equal(e.code, code);
      assert.equal(e.type, 'invalid_request_error');
    }
  });

  it('needs an API key when keys exist, and POST', async () => {
    const r = await post('/feedback', { request_id: 'x', score: 1 }, false);
    assert.equal(r.status, 401);
    await r.text();
    const g = await fetch(`${t.base}/feedback`, { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(g.status, 405);
    await g.text();
  });
});
