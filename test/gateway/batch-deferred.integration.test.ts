// Deferred live requests: `x-margin-defer` → 202 with an id, deadline and plan; GET /v1/deferred/{id} until
// it ran (the response in the client's protocol); the webhook is signed with HMAC-SHA256 and verifies; bad
// deadlines are 400 naming the header.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SIGNATURE_HEADER, verifyWebhook } from '../../src/deferral/jobs-webhook.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { type TestGateway, testGateway } from './helpers/gateway.js';

const SECRET = 'test-webhook-secret';
let emu: RunningEmulator;
let t: TestGateway;
let hooks: Server;
let hookUrl: string;
const received: Array<{ body: string; signature: string }> = [];
let failFirst = 1;

before(async () => {
  emu = await startEmulator({ port: 0, fast: true, seed: 5 });
  t = await testGateway(emu.url, { deferral: { tickMs: 50, webhookSecret: SECRET } });
  hooks = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      // The first delivery is refused: the worker retries it.
      if (failFirst-- > 0) {
        res.writeHead(503).end();
        return;
      }
      received.push({ body, signature: String(req.headers[SIGNATURE_HEADER] ?? '') });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => hooks.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/hook`;
});

after(async () => {
  await t.gw.close();
  await emu.close();
  await new Promise((r) => hooks.close(r));
});

async function poll(id: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 400; i++) {
    const r = await fetch(`${t.gw.url}/v1/deferred/${id}`);
    assert.equal(r.status, 200);
    const j = (await r.json()) as Record<string, unknown>;
    if (j.status === 'completed' || j.status === 'failed') return j;
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error('deferred request never ran');
}

describe('x-margin-defer', () => {
  it('202 with id, deadline and plan; polled result in the OpenAI shape; a signed webhook', async () => {
    const before = Date.now();
    const r = await fetch(`${t.gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-margin-defer': '6h',
        'x-margin-callback-url': hookUrl,
      },
      body: JSON.stringify({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Later is fine' }],
        max_tokens: 8,
      }),
    });
    assert.equal(r.status, 202);
    const accepted = (await r.json()) as {
      id: string;
      status: string;
      deadline: string;
      plan: { groups: unknown[] };
    };
    assert.match(accepted.id, /^defer_/);
    assert.equal(r.headers.get('location'), `/v1/deferred/${accepted.id}`);
    const deadline = Date.parse(accepted.deadline);
    assert.ok(deadline >= before + 6 * 3_600_000 && deadline <= Date.now() + 6 * 3_600_000);
    assert.equal(accepted.plan.groups.length, 1);

    const done = await poll(accepted.id);
    assert.equal(done.status, 'completed');
    const response = done.response as { status_code: number; body: { object: string }; request_id: string };
    assert.equal(response.status_code, 200);
    assert.equal(response.body.object, 'chat.completion');
    const record = t.ledger.records.find((x) => x.id === response.request_id);
    assert.ok(record, 'the deferred run has its ledger record');
    assert.equal(record.jobId, accepted.id);

    for (let i = 0; i < 400 && received.length === 0; i++) await new Promise((res) => setTimeout(res, 25));
    assert.equal(received.length, 1, 'delivered after one refused attempt');
    const hook = received[0];
    assert.ok(hook);
    assert.ok(verifyWebhook(SECRET, hook.body, hook.signature));
    assert.equal(verifyWebhook(SECRET, hook.body.replace('completed', 'failed'), hook.signature), false);
    assert.equal(verifyWebhook('other-secret', hook.body, hook.signature), false);
    assert.equal((JSON.parse(hook.body) as { id: string }).id, accepted.id);
  });

  it('an Anthropic request deferred to an RFC 3339 deadline answers in the Anthropic shape', async () => {
    const deadline = new Date(Date.now() + 3_600_000).toISOString();
    const r = await fetch(`${t.gw.url}/v1/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-margin-defer': deadline,
        'anthropic-version': '2023-06-01',
      },
      body: JSON.stringify({
        model: 'claude-sonnet-4-5',
        max_tokens: 8,
        messages: [{ role: 'user', content: 'Hi' }],
      }),
    });
    assert.equal(r.status, 202);
    const { id } = (await r.json()) as { id: string };
    const done = await poll(id);
    assert.equal((done.response as { body: { type: string } }).body.type, 'message');
  });

  it('impossible or unreadable deadlines are 400 naming x-margin-defer; unknown ids 404', async () => {
    for (const value of ['yesterday', '2020-01-01T00:00:00Z', '0s', '30d']) {
      const r = await fetch(`${t.gw.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-margin-defer': value },
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }),
      });
      assert.equal(r.status, 400, value);
      const body = (await r.json()) as { error: { param: string } };
      assert.equal(body.error.param, 'x-margin-defer');
    }
    const bad = await fetch(`${t.gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-margin-defer': '1h',
        'x-margin-callback-url': 'ftp://x',
      },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }),
    });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: { param: string } }).error.param, 'x-margin-callback-url');
    assert.equal((await fetch(`${t.gw.url}/v1/deferred/defer_nope`)).status, 404);
  });
});
