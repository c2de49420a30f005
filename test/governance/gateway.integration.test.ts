// Governance wired into the real gateway: with keys in the key database every request needs one (401 in
// the caller's protocol otherwise), the key's tenant reaches the ledger, per-key rate limits answer 429 with
// retry-after, and monthly budgets are reserved before the upstream call and settled after it, so that
// neither sequential nor concurrent requests overshoot. Also: the dashboard on a real SQLite ledger.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { type ApiKey, monthOf, SqliteKeyStore } from '../../src/governance/index.js';
import { openLedger } from '../../src/ledger/index.js';
import { type FakeUpstream, startFakeUpstream } from '../gateway/helpers/fake-upstream.js';
import { chatBody, type LeverGateway, leverGateway } from '../gateway/helpers/levers.js';
import { until } from '../gateway/helpers/memory-ledger.js';

// gpt-4o at $2.5 / $10 per million: 100 in + 100 out = $0.00125 a request; with max_tokens 100 the
// reservation is ≈ $0.001025 (≈10 prompt tokens + 100 output tokens).
const USAGE = { prompt: 100, completion: 100 };
const COST = 0.00125;

let dir: string;
let keysDb: string;
let up: FakeUpstream;
let t: LeverGateway;
const keys: Record<string, { secret: string; key: ApiKey }> = {};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'margin-gov-'));
  keysDb = join(dir, 'margin.db');
  const store = new SqliteKeyStore(keysDb);
  keys.open = await store.create({ tenant: 'acme', name: 'open' });
  keys.slow = await store.create({ tenant: 'beta', rateLimitRpm: 2 });
  keys.capped = await store.create({ tenant: 'gamma', monthlyBudgetUsd: 0.005 });
  keys.race = await store.create({ tenant: 'delta', monthlyBudgetUsd: 0.003 });
  keys.release = await store.create({ tenant: 'eps', monthlyBudgetUsd: 0.0015 });
  keys.wide = await store.create({ tenant: 'zeta', monthlyBudgetUsd: 0.1 });
  await store.close();
  up = await startFakeUpstream(() => ({ kind: 'json', body: chatBody('ok', USAGE) }));
  t = await leverGateway({
    models: [
      { name: 'gpt-4o', provider: 'openai-compatible', baseUrl: up.url },
      { name: 'claude-sonnet-4-5', provider: 'anthropic', baseUrl: up.url },
    ],
    governance: { keysDb },
  });
});

after(async () => {
  await t.close();
  await up.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (key: string | undefined, body: Record<string, unknown> = {}, headers = {}) =>
  fetch(`${t.base}/chat/completions`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...headers,
    },
    body: JSON.stringify({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Hi' }],
      max_tokens: 100,
      ...body,
    }),
  });

describe('API keys', () => {
  it('refuses a request without a key or with a wrong one (401, OpenAI shape)', async () => {
    const none = await post(undefined);
    assert.equal(none.status, 401);
    const body = (await none.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'invalid_api_key');
    assert.match(body.error.message, /Authorization: Bearer/);
    const wrong = await post('mk-not-a-key');
    assert.equal(wrong.status, 401);
    await wrong.body?.cancel();
  });

  it('refuses an Anthropic client in the Anthropic error shape', async () => {
    const client = new Anthropic({ baseURL: t.gw.url, apiKey: 'mk-wrong', maxRetries: 0 });
    await assert.rejects(
      client.messages.create({
        model: 'claude-sonnet-4-5',
        max_tokens: 8,
        messages: [{ role: 'user', content: 'Hi' }],
      }),
      (err: unknown) => err instanceof Anthropic.AuthenticationError && err.status === 401,
    );
  });

  it('serves a valid key (bearer or x-api-key), records its tenant, and never forwards it', async () => {
    const client = new OpenAI({ baseURL: t.base, apiKey: keys.open!.secret, maxRetries: 0 });
    up.seen.length = 0;
    const { response } = await client.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] })
      .withResponse();
    assert.equal(response.status, 200);
    assert.equal(up.seen[0]?.headers.authorization, undefined);
    const id = response.headers.get('x-margin-request-id');
    await until(() => t.ledger.byId(id) !== undefined, 'ledger record');
    assert.equal(t.ledger.byId(id)?.tenant, 'acme');
    assert.equal(t.ledger.byId(id)?.keyId, keys.open!.key.id);

    const viaHeader = await post(undefined, {}, { 'x-api-key': keys.open!.secret });
    assert.equal(viaHeader.status, 200);
    await viaHeader.body?.cancel();
  });

  it('rate-limits per key: 429 rate_limit_exceeded with retry-after', async () => {
    for (let i = 0; i < 2; i++) {
      const ok = await post(keys.slow!.secret);
      assert.equal(ok.status, 200);
      await ok.body?.cancel();
    }
    const limited = await post(keys.slow!.secret);
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    const body = (await limited.json()) as { error: { code: string } };
    assert.equal(body.error.code, 'rate_limit_exceeded');
    // Another key is not affected.
    const other = await post(keys.open!.secret);
    assert.equal(other.status, 200);
    await other.body?.cancel();
  });
});

describe('monthly budgets', () => {
  it('serves until the next reservation would exceed the budget, then 429 insufficient_quota', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await post(keys.capped!.secret);
      statuses.push(r.status);
      if (r.status === 429) {
        const body = (await r.json()) as { error: { code: string; type: string } };
        assert.equal(body.error.code, 'insufficient_quota');
        assert.equal(body.error.type, 'insufficient_quota');
      } else await r.body?.cancel();
    }
    // 4 × $0.00125 = $0.005 spent; a 5th would need ≈ $0.001 more.
    assert.deepEqual(statuses, [200, 200, 200, 200, 429, 429]);
  });

  it('reservations stop concurrent requests from overshooting together', async () => {
    const held: ServerResponse[] = [];
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => held.push(res));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const heldUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    const g = await leverGateway({
      models: [{ name: 'gpt-4o', provider: 'openai-compatible', baseUrl: heldUrl }],
      governance: { keysDb },
    });
    try {
      const statuses: number[] = [];
      const all = Array.from({ length: 10 }, () =>
        fetch(`${g.base}/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.race!.secret}` },
          body: JSON.stringify({
            model: 'gpt-4o',
            messages: [{ role: 'user', content: 'Hi' }],
            max_tokens: 100,
          }),
        }).then(async (r) => {
          statuses.push(r.status);
          await r.text();
        }),
      );
      // $0.003 holds two ≈$0.001025 reservations: two requests reach the upstream, eight are refused at once.
      await until(() => statuses.length === 8 && held.length === 2, 'eight refusals and two held calls');
      assert.deepEqual(statuses, Array(8).fill(429));
      for (const res of held) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(chatBody('ok', USAGE)));
      }
      await Promise.all(all);
      assert.deepEqual(statuses.filter((s) => s === 200).length, 2);
    } finally {
      await g.close();
      server.closeAllConnections();
      server.close();
    }
    const store = new SqliteKeyStore(keysDb);
    const spent = await store.spent([keys.race!.key.id], monthOf(Date.now()));
    assert.ok(Math.abs((spent.get(keys.race!.key.id) ?? 0) - 2 * COST) < 1e-12);
    await store.close();
  });

  it('a failed upstream call releases its reservation and costs nothing', async () => {
    up.setHandler(() => ({ kind: 'json', status: 400, body: { error: { message: 'bad' } } }));
    const failed = await post(keys.release!.secret);
    assert.equal(failed.status, 400);
    await failed.body?.cancel();
    up.setHandler(() => ({ kind: 'json', body: chatBody('ok', USAGE) }));
    const ok = await post(keys.release!.secret); // fits only because the failed one was released
    assert.equal(ok.status, 200);
    await ok.body?.cancel();
    const over = await post(keys.release!.secret);
    assert.equal(over.status, 429);
    await over.body?.cancel();
  });
});

describe('worst-case reservations', () => {
  it("without max_tokens the model's output limit is reserved: $0.1 cannot cover gpt-4o's 16,384 tokens", async () => {
    // 16,384 output tokens × $10/M = $0.164 > $0.1; with max_tokens 100 the same key is served.
    const open = await post(keys.wide!.secret, { max_tokens: undefined });
    assert.equal(open.status, 429);
    const body = (await open.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'insufficient_quota');
    assert.match(body.error.message, /\$0\.16\d+/);
    assert.match(body.error.message, /sets no max_tokens/);
    const bounded = await post(keys.wide!.secret);
    assert.equal(bounded.status, 200);
    await bounded.body?.cancel();
  });

  it('governance.maxOutputTokens is sent upstream (set when absent, lowered when larger) and reserved', async () => {
    const g = await leverGateway({
      models: [
        { name: 'gpt-4o', provider: 'openai-compatible', baseUrl: up.url },
        { name: 'claude-sonnet-4-5', provider: 'anthropic', baseUrl: up.url },
      ],
      governance: { keysDb, maxOutputTokens: 50 },
    });
    const send = (body: Record<string, unknown>) =>
      fetch(`${g.base}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.wide!.secret}` },
        body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }], ...body }),
      });
    try {
      up.seen.length = 0;
      for (const extra of [{}, { max_tokens: 500 }, { max_completion_tokens: 500 }, { max_tokens: 10 }]) {
        const r = await send(extra); // capped at 50 tokens, the $0.1 key is served without max_tokens
        assert.equal(r.status, 200);
        await r.body?.cancel();
      }
      const sent = up.seen.map((s) => [s.body?.max_tokens, s.body?.max_completion_tokens]);
      assert.deepEqual(sent, [
        [50, undefined],
        [50, undefined],
        [undefined, 50],
        [10, undefined],
      ]);
      up.seen.length = 0;
      const client = new Anthropic({ baseURL: g.gw.url, apiKey: keys.wide!.secret, maxRetries: 0 });
      up.setHandler(() => ({
        kind: 'json',
        body: {
          id: 'msg_1',
          type: 'message',
          role: 'assistant',
          model: 'claude-sonnet-4-5',
          content: [{ type: 'text', text: 'ok' }],
          stop_reason: 'end_turn',
          stop_sequence: null,
          usage: { input_tokens: 5, output_tokens: 1 },
        },
      }));
      await client.messages.create({
        model: 'claude-sonnet-4-5',
        max_tokens: 4000,
        messages: [{ role: 'user', content: 'Hi' }],
      });
      assert.equal(up.seen[0]?.body?.max_tokens, 50);
    } finally {
      up.setHandler(() => ({ kind: 'json', body: chatBody('ok', USAGE) }));
      await g.close();
    }
  });
});

describe('dashboard', () => {
  it('GET / is the dashboard page and /api/summary the ledger totals, on a SQLite ledger', async () => {
    const ledger = await openLedger({ url: 'sqlite::memory:', flushIntervalMs: 50 });
    const g = await leverGateway(
      { models: [{ name: 'gpt-4o', provider: 'openai-compatible', baseUrl: up.url }] },
      { ledger, ledgerStore: ledger.store },
    );
    try {
      const r = await fetch(`${g.base}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Hi' }] }),
      });
      assert.equal(r.status, 200);
      await r.text();
      await ledger.flush();
      const page = await fetch(`${g.gw.url}/`);
      assert.equal(page.status, 200);
      assert.match(page.headers.get('content-type') ?? '', /text\/html/);
      assert.match(await page.text(), /<html/i);
      const api = await fetch(`${g.gw.url}/api/summary`);
      assert.match(api.headers.get('content-type') ?? '', /application\/json/);
      const summary = (await api.json()) as { totals: { requests: number; costUsd: number } };
      assert.equal(summary.totals.requests, 1);
      assert.ok(Math.abs(summary.totals.costUsd - COST) < 1e-9);
      const missing = await fetch(`${g.gw.url}/api/nope`);
      assert.equal(missing.status, 404);
      await missing.text();
    } finally {
      await g.close();
      await ledger.close();
    }
  });
});
