import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { geminiBatchAdapter as adapter } from '../../src/providers/gemini/batch.js';
import type { UpstreamTarget } from '../../src/providers/types.js';

// The Gemini batch adapter against a stand-in server answering with recorded Gemini batch operations
// (test/fixtures/batch/); it records what the adapter sends.
const dir = new URL('../../../test/fixtures/batch/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, dir), 'utf8');

interface Seen {
  method: string;
  url: string;
  key: string | undefined;
  body: string;
}

describe('Gemini batch adapter (recorded operations)', () => {
  let server: Server;
  let t: UpstreamTarget;
  const seen: Seen[] = [];
  let done = false;

  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => {
        body += c.toString();
      });
      req.on('end', () => {
        const key = req.headers['x-goog-api-key'];
        seen.push({
          method: req.method ?? '',
          url: req.url ?? '',
          key: typeof key === 'string' ? key : undefined,
          body,
        });
        res.setHeader('content-type', 'application/json');
        if (req.method === 'POST' && req.url?.endsWith(':batchGenerateContent'))
          res.end(fixture('gemini-batch-create-operation.json'));
        else if (req.method === 'GET' && req.url === '/v1beta/batches/123456')
          res.end(fixture(done ? 'gemini-batch-done-operation.json' : 'gemini-batch-create-operation.json'));
        else if (req.method === 'POST' && req.url === '/v1beta/batches/123456:cancel') res.end('{}');
        else {
          res.statusCode = 404;
          res.end(JSON.stringify({ error: { code: 404, message: 'Not found', status: 'NOT_FOUND' } }));
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    t = { baseUrl: `http://127.0.0.1:${port}`, apiKey: 'gk', upstreamModel: 'gemini-2.5-flash', headers: {} };
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('submits inline requests with their keys in the documented shape', async () => {
    const { providerBatchId } = await adapter.submit(
      [
        {
          customId: 'joke',
          request: { model: 'm', messages: [{ role: 'user', content: 'Tell me a joke.' }], stream: true },
        },
        {
          customId: 'sky',
          request: {
            model: 'm',
            messages: [
              { role: 'system', content: 'Be brief.' },
              { role: 'user', content: 'Why is the sky blue?' },
            ],
          },
        },
      ],
      t,
    );
    assert.equal(providerBatchId, 'batches/123456');
    const req = seen[0] as Seen;
    assert.equal(req.url, '/v1beta/models/gemini-2.5-flash:batchGenerateContent');
    assert.equal(req.key, 'gk');
    const body = JSON.parse(req.body) as {
      batch: {
        displayName: string;
        inputConfig: {
          requests: { requests: Array<{ request: Record<string, unknown>; metadata: { key: string } }> };
        };
      };
    };
    const reqs = body.batch.inputConfig.requests.requests;
    assert.ok(body.batch.displayName.length > 0);
    assert.deepEqual(
      reqs.map((r) => r.metadata.key),
      ['joke', 'sky'],
    );
    assert.deepEqual(reqs[0]?.request.contents, [{ role: 'user', parts: [{ text: 'Tell me a joke.' }] }]);
    assert.deepEqual(reqs[1]?.request.systemInstruction, { parts: [{ text: 'Be brief.' }] });
  });

  it('polls the operation, then reads inlined responses by key', async () => {
    assert.deepEqual(await adapter.poll('batches/123456', t), {
      status: 'in_progress',
      counts: { total: 2, succeeded: 0, failed: 0 },
    });
    await assert.rejects(adapter.results('batches/123456', t), /not finished/);
    done = true;
    assert.equal((await adapter.poll('batches/123456', t)).status, 'completed');
    const out = await adapter.results('batches/123456', t);
    assert.deepEqual(
      out.map((l) => [l.customId, l.ok]),
      [
        ['joke', true],
        ['sky', false],
      ],
    );
    const ok = out[0];
    if (ok?.ok) assert.equal(ok.usage?.kind, 'batch');
  });

  it('cancels with :cancel; a missing batch is a 404 MarginError', async () => {
    await adapter.cancel('batches/123456', t);
    assert.equal(seen[seen.length - 1]?.url, '/v1beta/batches/123456:cancel');
    await assert.rejects(adapter.poll('batches/nope', t), /404/);
  });
});
