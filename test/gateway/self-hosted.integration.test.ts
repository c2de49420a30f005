// Self-hosted upstreams are priced by GPU time, never at another provider's per-token list price: behind an
// OpenAI-compatible upstream (what `--upstream` configures) an open-weight model is priced on an assumed
// replica and the log says so; a config entry that declares its hardware is priced at its own $/hour.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MarginError } from '../../src/errors/index.js';
import { type FakeUpstream, startFakeUpstream } from './helpers/fake-upstream.js';
import { type TestGateway, testGateway } from './helpers/gateway.js';
import { until } from './helpers/memory-ledger.js';
import { jsonFixture } from './helpers/paths.js';

let fake: FakeUpstream;
before(async () => {
  fake = await startFakeUpstream(() => ({ kind: 'json', body: jsonFixture('chat-completion.json') }));
});
after(() => fake.close());

const chat = (model: string) => ({ model, messages: [{ role: 'user', content: 'hi' }] });

async function ask(t: TestGateway, model: string) {
  const r = await fetch(`${t.base}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(chat(model)),
  });
  await r.text();
  const id = r.headers.get('x-margin-request-id');
  await until(() => t.ledger.byId(id) !== undefined, `record ${id}`);
  return { r, rec: t.ledger.byId(id) };
}

describe('self-hosted upstreams priced by GPU time', () => {
  it("an open-weight model behind an OpenAI-compatible upstream is not billed at Together's rate", async () => {
    const t = await testGateway(fake.url);
    try {
      const { r, rec } = await ask(t, 'llama-3.1-70b');
      assert.equal(r.headers.get('x-margin-model'), 'llama-3.1-70b');
      const usd = Number(r.headers.get('x-margin-cost-usd'));
      // Together's $0.88/M for this usage would be (1,163 in + 46 out) × 0.88e-6 ≈ $0.00106.
      assert.ok(usd > 0 && Math.abs(usd - 0.00106392) > 1e-6, `${usd}`);
      assert.equal(rec?.servedModel, 'llama-3.1-70b');
      assert.ok(
        t.logs.some((l) =>
          /priced by GPU time on an assumed 2× h100-sxm .* not at together's API rate/.test(l),
        ),
        t.logs.join('\n'),
      );
      // A closed model behind the same upstream (a proxy, the emulator) keeps its list price.
      const mini = await ask(t, 'gpt-4o-mini');
      assert.equal(mini.r.headers.get('x-margin-model'), 'gpt-4o-mini');
    } finally {
      await t.gw.close();
    }
  });

  it("declared hardware: the replica's $/hour × the request's share of a replica-hour", async () => {
    const t = await testGateway(undefined, {
      models: [
        {
          name: 'my-llama',
          provider: 'vllm',
          baseUrl: fake.url,
          hardware: { id: 'l40s', gpus: 1, usdPerHour: 3.6, modelFacts: 'llama-3.1-8b' },
        },
      ],
    });
    try {
      const { r, rec } = await ask(t, 'my-llama');
      assert.equal(r.headers.get('x-margin-model'), 'my-llama');
      const usd = Number(r.headers.get('x-margin-cost-usd'));
      assert.ok(usd > 0 && usd < (3.6 / 3600) * 10, `${usd}`);
      assert.ok((rec?.energyWh ?? 0) > 0);
    } finally {
      await t.gw.close();
    }
  });

  it('a bad hardware declaration fails at start, naming the field', async () => {
    const bad = (hardware: Record<string, unknown>) =>
      testGateway(undefined, {
        models: [{ name: 'x', provider: 'vllm', baseUrl: fake.url, hardware: hardware as never }],
      });
    await assert.rejects(
      bad({ id: 'h100x', usdPerHour: 2, modelFacts: 'llama-3.1-8b' }),
      (e) =>
        e instanceof MarginError && /models\[0\]\.hardware\.id: unknown hardware 'h100x'/.test(e.message),
    );
    await assert.rejects(
      bad({ id: 'l4', gpus: 1, usdPerHour: 1, modelFacts: 'llama-3.1-70b' }),
      /hardware\.gpus: llama-3\.1-70b at bf16 does not fit/,
    );
    await assert.rejects(bad({ id: 'l40s', modelFacts: 'llama-3.1-8b' }), /give usdPerHour .* or tier/);
    await assert.rejects(
      bad({ id: 'l40s', usdPerHour: 1 }),
      /hardware\.modelFacts: 'x' is not an open-weight model/,
    );
  });
});
