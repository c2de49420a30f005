// Fuzzing findings, each pinned: deep JSON nesting is a 400 on every client endpoint, upstream URLs (with
// user:password@ and ?key=) never reach a client body or a log line, an over-limit Content-Length gets its
// 413 before the socket closes, over-long model names are refused and never stored.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { parseCacheConfig } from '../../src/cache/config.js';
import { createCacheHook } from '../../src/cache/gateway-hook.js';
import { OffThreadEmbedder } from '../../src/cache/semantic/off-thread-embedder.js';
import { MAX_MODEL_NAME } from '../../src/ledger/record.js';
import { type FakeUpstream, startFakeUpstream } from './helpers/fake-upstream.js';
import { type TestGateway, testGateway } from './helpers/gateway.js';
import { until } from './helpers/memory-ledger.js';
import { jsonFixture } from './helpers/paths.js';

let fake: FakeUpstream;
let t: TestGateway;

before(async () => {
  fake = await startFakeUpstream(() => ({ kind: 'json', body: jsonFixture('chat-completion.json') }));
  t = await testGateway(fake.url, { server: { bodyLimitBytes: 1024 * 1024 } });
});
after(async () => {
  await t.gw.close();
  await fake.close();
});

const post = async (root: string, path: string, body: string) => {
  const r = await fetch(root + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return { status: r.status, text: await r.text() };
};

describe('deeply nested JSON', () => {
  const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
  const deepObject = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
  const cases: Array<[string, string]> = [
    [
      '/v1/chat/completions',
      `{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"metadata":${deep}}`,
    ],
    [
      '/v1/chat/completions',
      `{"model":"gpt-4o","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":${deepObject}}}]}`,
    ],
    ['/v1/responses', `{"model":"gpt-4o","input":${deep}}`],
    ['/v1/embeddings', `{"model":"text-embedding-3-small","input":${deep}}`],
    ['/v1/messages', `{"model":"claude-sonnet-4-5","max_tokens":5,"messages":${deep}}`],
    ['/v1/messages/count_tokens', `{"model":"claude-sonnet-4-5","messages":${deep}}`],
    ['/v1beta/models/gemini-2.5-flash:generateContent', `{"contents":${deep}}`],
    ['/v1beta/models/gemini-2.5-flash:streamGenerateContent', `{"contents":${deep}}`],
    ['/v1beta/models/gemini-2.5-flash:countTokens', `{"contents":${deep}}`],
    ['/v1beta/models/text-embedding-004:embedContent', `{"content":${deepObject}}`],
    ['/v1/feedback', `{"requestId":"x","score":${deep}}`],
  ];
  for (const [path, body] of cases) {
    it(`5,000 levels on ${path} is a 400 invalid_request_error, not a 500`, async () => {
      const seen = fake.seen.length;
      const r = await post(t.gw.url, path, body);
      assert.equal(r.status, 400, r.text);
      assert.match(r.text, /invalid_request_error|INVALID_ARGUMENT/);
      assert.match(r.text, /nests arrays\/objects deeper than/);
      assert.equal(fake.seen.length, seen, 'nothing reached the upstream');
    });
  }

  it('a schema nested a few dozen levels deep still passes', async () => {
    const schema = `${'{"type":"object","properties":{"a":'.repeat(40)}{"type":"string"}${'}}'.repeat(40)}`;
    const r = await post(
      t.gw.url,
      '/v1/chat/completions',
      `{"model":"gpt-4o","messages":[{"role":"user","content":"[[[{{\\"quoted brackets\\""}],"tools":[{"type":"function","function":{"name":"f","parameters":${schema}}}]}`,
    );
    assert.equal(r.status, 200, r.text);
  });
});

describe('upstream URLs are redacted', () => {
  it('a 502 names provider and model, never the URL, its user:password@ or its ?key=', async () => {
    const g = await testGateway(undefined, {
      models: [
        {
          name: '*',
          provider: 'openai-compatible',
          baseUrl: 'http://alice:s3cret-pw@127.0.0.1:1/v1?key=AIzaSECRET',
        },
      ],
    });
    try {
      const r = await post(
        g.gw.url,
        '/v1/chat/completions',
        '{"model":"gpt-4o","messages":[{"role":"user","content":"x"}]}',
      );
      assert.equal(r.status, 502, r.text);
      assert.match(r.text, /provider openai-compatible, model gpt-4o/);
      for (const secret of ['s3cret-pw', 'alice', 'AIzaSECRET']) {
        assert.ok(!r.text.includes(secret), `${secret} in ${r.text}`);
        assert.ok(!g.logs.join('\n').includes(secret), `${secret} in the log`);
      }
      const a = await post(
        g.gw.url,
        '/v1/messages',
        '{"model":"claude-sonnet-4-5","max_tokens":5,"messages":[{"role":"user","content":"x"}]}',
      );
      assert.ok(!a.text.includes('s3cret-pw') && !a.text.includes('AIzaSECRET'), a.text);
    } finally {
      await g.gw.close();
    }
  });

  it('an upstream error body echoing a URL with credentials is relayed redacted', async () => {
    const echo = await startFakeUpstream(() => ({
      kind: 'json',
      status: 400,
      body: {
        error: { message: 'bad: see http://bob:hunter2@10.0.0.1/v1?key=K3Y', type: 'invalid_request_error' },
      },
    }));
    const g = await testGateway(echo.url);
    try {
      const r = await post(
        g.gw.url,
        '/v1/chat/completions',
        '{"model":"gpt-4o","messages":[{"role":"user","content":"x"}]}',
      );
      assert.equal(r.status, 400);
      assert.ok(!r.text.includes('hunter2') && !r.text.includes('K3Y'), r.text);
      assert.match(r.text, /\*\*\*@10\.0\.0\.1/);
    } finally {
      await g.gw.close();
      await echo.close();
    }
  });
});

describe('over-limit Content-Length', () => {
  it('the client reads the 413 body even while it is still sending', async () => {
    const url = new URL(t.gw.url);
    const sock = connect(Number(url.port), url.hostname);
    let got = '';
    sock.on('data', (d) => {
      got += d.toString('utf8');
    });
    sock.on('error', () => {});
    sock.write(
      'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n',
    );
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const feed = setInterval(() => {
      if (!sock.destroyed && sock.writable) sock.write(chunk);
    }, 2);
    await new Promise((r) => sock.on('close', r));
    clearInterval(feed);
    assert.match(got, /^HTTP\/1\.1 413 /);
    assert.match(got, /"code":"request_too_large"/);
  });
});

describe('model names', () => {
  it(`a model name over ${MAX_MODEL_NAME} characters is refused with a 400 and stored empty`, async () => {
    const long = 'm'.repeat(10_000);
    const r = await fetch(`${t.gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: long, messages: [{ role: 'user', content: 'x' }] }),
    });
    const text = await r.text();
    assert.equal(r.status, 400, text);
    assert.match(text, /"param":"model"/);
    const id = r.headers.get('x-margin-request-id');
    await until(() => t.ledger.byId(id) !== undefined, 'ledger record');
    assert.equal(t.ledger.byId(id)?.requestedModel, '');
    const g = await post(
      t.gw.url,
      `/v1beta/models/${long}:generateContent`,
      '{"contents":[{"parts":[{"text":"x"}]}]}',
    );
    assert.equal(g.status, 400, g.text);
  });

  it('an upstream answering with an over-long model name is stored cut to the cap', async () => {
    const body = {
      ...(jsonFixture('chat-completion.json') as Record<string, unknown>),
      model: 'u'.repeat(5000),
    };
    const up = await startFakeUpstream(() => ({ kind: 'json', body }));
    const g = await testGateway(up.url);
    try {
      const r = await fetch(`${g.gw.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }),
      });
      await r.text();
      const id = r.headers.get('x-margin-request-id');
      await until(() => g.ledger.byId(id) !== undefined, 'ledger record');
      const served = g.ledger.byId(id)?.servedModel ?? '';
      assert.ok(served.length <= MAX_MODEL_NAME, `served model of ${served.length} chars`);
    } finally {
      await g.gw.close();
      await up.close();
    }
  });
});

describe('semantic cache and a 10 MiB prompt', () => {
  it('a small request sent while the big prompt is being embedded completes first', async () => {
    const embedder = new OffThreadEmbedder();
    const cache = createCacheHook(parseCacheConfig({ semanticCache: { enabled: true, models: ['*'] } }), {
      embedder,
    });
    const g = await testGateway(
      fake.url,
      { server: { bodyLimitBytes: 11 * 1024 * 1024 } },
      { cache: cache.hook },
    );
    try {
      const ask = (content: string) =>
        fetch(`${g.gw.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'gpt-4o', temperature: 0.7, messages: [{ role: 'user', content }] }),
        }).then(async (r) => ({ status: r.status, text: await r.text() }));
      const words = 'the quick brown fox jumps over the lazy dog ';
      const big = words.repeat(Math.floor((10 * 1024 * 1024) / words.length));
      const order: string[] = [];
      const bigDone = ask(big).then((r) => {
        order.push('big');
        return r;
      });
      await until(() => embedder.workers > 0, 'the big prompt in the embedder worker', 60_000);
      const small = await ask('What is the capital of France?');
      order.push('small');
      assert.equal(small.status, 200, small.text);
      assert.equal((await bigDone).status, 200);
      assert.deepEqual(order, ['small', 'big']);
    } finally {
      await g.gw.close();
      await cache.close();
      await embedder.close();
    }
  });
});
