// The admin surface with API keys on, through the real gateway, key store and SQLite ledger: `/`,
// `/api/*`, `/metrics` need an admin key (401 without one, 403 with a tenant key, OpenAI error shape); a
// tenant key reads only its own tenant under /api/*; the browser login sets an HttpOnly SameSite=Strict
// cookie honoured only on read-only GETs; feedback on another tenant's or an unknown request is refused;
// the loopback metrics port serves /metrics without a key.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { SqliteKeyStore } from '../../src/governance/index.js';
import { type Ledger, openLedger } from '../../src/ledger/index.js';
import { type LeverGateway, leverGateway } from './helpers/levers.js';

let dir: string;
let emu: RunningEmulator;
let ledger: Ledger;
let t: LeverGateway;
let root: string;
const keys: Record<'admin' | 'acme' | 'beta', string> = { admin: '', acme: '', beta: '' };
const ids: Record<'acme' | 'beta', string> = { acme: '', beta: '' };

const bearer = (k: string) => ({ authorization: `Bearer ${k}` });

async function chat(key: string): Promise<string> {
  const r = await fetch(`${root}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(key) },
    body: JSON.stringify({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 4,
    }),
  });
  assert.equal(r.status, 200);
  await r.text();
  return r.headers.get('x-margin-request-id') ?? '';
}

async function errorOf(r: Response): Promise<{ type: string; code: string; message: string }> {
  assert.match(r.headers.get('content-type') ?? '', /application\/json/);
  return ((await r.json()) as { error: { type: string; code: string; message: string } }).error;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'margin-admin-'));
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
      server: { metricsPort: 0 },
    },
    { ledger, ledgerStore: ledger.store },
  );
  root = t.gw.url;
  ids.acme = await chat(keys.acme);
  ids.beta = await chat(keys.beta);
  await ledger.flush();
});

after(async () => {
  await t.close();
  await ledger.close();
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('admin surface with keys on', () => {
  const surface = ['/', '/api/recent', '/api/report?by=tenant', '/api/summary', '/metrics'];

  it('answers 401 in the OpenAI shape without a key, and never lists tenant data', async () => {
    for (const path of surface) {
      const r = await fetch(`${root}${path}`);
      assert.equal(r.status, 401, path);
      const e = await errorOf(r);
      assert.equal(e.type, 'authentication_error');
      assert.equal(e.code, 'invalid_api_key');
      assert.match(e.message, /admin API key/);
    }
    const bad = await fetch(`${root}/api/recent`, { headers: bearer('mk-not-a-key') });
    assert.equal(bad.status, 401);
    assert.match((await errorOf(bad)).message, /Invalid or revoked/);
  });

  it('answers 403 to a tenant key on the dashboard page and /metrics', async () => {
    for (const path of ['/', '/metrics']) {
      const r = await fetch(`${root}${path}`, { headers: bearer(keys.acme) });
      assert.equal(r.status, 403, path);
      const e = await errorOf(r);
      assert.equal(e.type, 'permission_error');
      assert.match(e.message, /not an admin key/);
    }
  });

  it("lets a tenant key read only its own tenant's records under /api/*", async () => {
    const recent = await fetch(`${root}/api/recent`, { headers: bearer(keys.acme) });
    assert.equal(recent.status, 200);
    const records = ((await recent.json()) as { records: Array<{ id: string; tenant: string }> }).records;
    assert.deepEqual(
      records.map((r) => [r.id, r.tenant]),
      [[ids.acme, 'acme']],
    );
    const report = await fetch(`${root}/api/report?by=tenant`, { headers: bearer(keys.acme) });
    const groups = ((await report.json()) as { rows: Array<{ group: string }> }).rows.map((r) => r.group);
    assert.deepEqual(groups, ['acme']);
    const summary = await fetch(`${root}/api/summary`, { headers: bearer(keys.acme) });
    assert.equal(((await summary.json()) as { totals: { requests: number } }).totals.requests, 1);
    const other = await fetch(`${root}/api/report?tenant=beta`, { headers: bearer(keys.acme) });
    assert.equal(other.status, 403);
    assert.equal((await errorOf(other)).type, 'permission_error');
  });

  it('serves everything to an admin key, every tenant included', async () => {
    for (const path of surface) {
      const r = await fetch(`${root}${path}`, { headers: bearer(keys.admin) });
      assert.equal(r.status, 200, path);
      await r.arrayBuffer();
    }
    const report = await fetch(`${root}/api/report?by=tenant`, { headers: { 'x-api-key': keys.admin } });
    const groups = ((await report.json()) as { rows: Array<{ group: string }> }).rows.map((r) => r.group);
    assert.deepEqual(groups.sort(), ['acme', 'beta']);
    const metrics = await fetch(`${root}/metrics`, { headers: bearer(keys.admin) });
    assert.match(await metrics.text(), /margin_requests_total/);
  });

  it('keeps /healthz open for load balancers', async () => {
    const r = await fetch(`${root}/healthz`);
    assert.equal(r.status, 200);
    await r.text();
  });
});

describe('browser login', () => {
  const form = (key: string, headers: Record<string, string> = {}) =>
    fetch(`${root}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams({ key }).toString(),
    });

  it('shows the login form to a browser that asks for / without a key', async () => {
    const r = await fetch(`${root}/`, { headers: { accept: 'text/html,*/*' } });
    assert.equal(r.status, 401);
    const html = await r.text();
    assert.match(html, /<form method="post" action="\/login">/);
    assert.doesNotMatch(html, /<script/);
    assert.match(r.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    assert.equal(r.headers.get('x-frame-options'), 'DENY');
  });

  it('refuses a wrong key (401) and a tenant key (403) without setting a cookie', async () => {
    const wrong = await form('mk-wrong');
    assert.equal(wrong.status, 401);
    assert.match(await wrong.text(), /Invalid or revoked/);
    const tenant = await form(keys.acme);
    assert.equal(tenant.status, 403);
    assert.match(await tenant.text(), /tenant key/);
    assert.equal(wrong.headers.get('set-cookie'), null);
    assert.equal(tenant.headers.get('set-cookie'), null);
  });

  it('sets an HttpOnly SameSite=Strict cookie for an admin key that opens the dashboard and its API', async () => {
    const r = await form(keys.admin, { origin: root });
    assert.equal(r.status, 303);
    assert.equal(r.headers.get('location'), '/');
    const cookie = r.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^margin_key=[^;]+; Path=\/; HttpOnly; SameSite=Strict$/);
    const jar = { cookie: cookie.split(';')[0] as string };
    const page = await fetch(`${root}/`, { headers: jar });
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    assert.equal(page.headers.get('x-frame-options'), 'DENY');
    await page.text();
    const api = await fetch(`${root}/api/report?by=tenant`, { headers: jar });
    assert.equal(api.status, 200);
    await api.text();
    // The cookie is no API credential: a cross-site form post to /v1 can never spend with it.
    const v1 = await fetch(`${root}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...jar },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }),
    });
    assert.equal(v1.status, 401);
    await v1.text();
    const out = await fetch(`${root}/logout`, { method: 'POST', redirect: 'manual', headers: jar });
    assert.equal(out.status, 303);
    assert.match(out.headers.get('set-cookie') ?? '', /^margin_key=; .*Max-Age=0/);
  });

  it('marks the cookie Secure behind HTTPS and refuses a login posted from another origin', async () => {
    const r = await form(keys.admin, { 'x-forwarded-proto': 'https' });
    assert.match(r.headers.get('set-cookie') ?? '', /; Secure$/);
    const cross = await form(keys.admin, { origin: 'https://evil.example' });
    assert.equal(cross.status, 403);
    assert.equal(cross.headers.get('set-cookie'), null);
    await cross.text();
  });
});

describe('POST /v1/feedback ownership', () => {
  const feedback = (key: string, requestId: string) =>
    fetch(`${root}/v1/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(key) },
      body: JSON.stringify({ request_id: requestId, score: 1 }),
    });

  it("accepts a tenant's feedback on its own request and an admin's on anyone's", async () => {
    const own = await feedback(keys.acme, ids.acme);
    assert.equal(own.status, 200);
    await own.text();
    const admin = await feedback(keys.admin, ids.beta);
    assert.equal(admin.status, 200);
    await admin.text();
  });

  it("refuses feedback on another tenant's request (403) and on an unknown id (404)", async () => {
    const other = await feedback(keys.acme, ids.beta);
    assert.equal(other.status, 403);
    assert.equal((await errorOf(other)).type, 'permission_error');
    const unknown = await feedback(keys.admin, 'no-such-request');
    assert.equal(unknown.status, 404);
    assert.equal((await errorOf(unknown)).code, 'not_found');
    await ledger.flush();
    const rows = await ledger.store.feedbackWithRoutes({ from: 0, to: Date.now() + 1 });
    assert.deepEqual(
      rows.map((r) => r.requestId).sort(),
      [ids.acme, ids.beta].sort(),
      'refused ones not stored',
    );
  });

  it('finds a request whose record is still buffered in the writer', async () => {
    const id = await chat(keys.beta);
    const r = await feedback(keys.beta, id);
    assert.equal(r.status, 200);
    await r.text();
  });
});

describe('loopback metrics port', () => {
  it('serves /metrics on 127.0.0.1 without a key, and nothing else', async () => {
    const url = t.gw.metricsUrl;
    assert.ok(url?.startsWith('http://127.0.0.1:'));
    const r = await fetch(`${url}/metrics`);
    assert.equal(r.status, 200);
    assert.match(await r.text(), /margin_requests_total\{endpoint="chat.completions"/);
    const other = await fetch(`${url}/api/recent`);
    assert.equal(other.status, 404);
    await other.text();
  });
});
