// Retraining the learned router from ledger feedback: fabricated feedback that the cheap head fails in one
// cluster lowers that head's accuracy there, and the router then sends that cluster's prompts to the strong model.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { defaultCatalog } from '../../src/catalog/index.js';
import { openStore } from '../../src/ledger/index.js';
import type { ChatRequest } from '../../src/protocols/canonical.js';
import { defaultRouterModelPath } from '../../src/router/eval/repo-paths.js';
import { createRouter } from '../../src/router/index.js';
import { loadRouterModel } from '../../src/router/learned/model.js';
import { retrainFromLedger } from '../../src/router/learned/retrain.js';
import { routeLearned } from '../../src/router/learned/route.js';
import { makeRecord } from '../ledger/fixtures.js';

const CHEAP = 'gpt-3.5-turbo-1106';
const STRONG = 'gpt-4-1106-preview';
const PROMPT = 'Summarise the water cycle in one sentence.';
const dir = mkdtempSync(join(tmpdir(), 'margin-retrain-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A learned route over unpriced deployed names (cost scale 1: the reference costs decide). */
function router(modelFile?: string) {
  return createRouter(
    {
      routes: {
        'margin/auto': {
          policy: 'learned',
          // The prompt is unlike RouterBench's: route it by its cluster anyway (the guard is tested elsewhere).
          unfamiliar: 'route',
          ...(modelFile ? { modelFile } : {}),
          candidates: [
            { model: 'x-cheap', reference: CHEAP },
            { model: 'x-strong', reference: STRONG },
          ],
        },
      },
    },
    { catalog: defaultCatalog() },
  );
}

function decide(modelFile?: string) {
  const request: ChatRequest = { model: 'margin/auto', messages: [{ role: 'user', content: PROMPT }] };
  const d = router(modelFile).resolve({
    requestedModel: 'margin/auto',
    request,
    promptText: PROMPT,
    promptTokens: 12,
    tenant: 'acme',
  });
  assert.ok(d);
  return d;
}

describe('learned route JSON', () => {
  it('carries the route name, cluster, reference head and router model fingerprint', () => {
    const d = decide();
    const shipped = loadRouterModel(defaultRouterModelPath());
    assert.equal(
      d.models[0],
      'x-cheap',
      'precondition: the shipped model sends this prompt to the cheap head',
    );
    assert.deepEqual(d.detail, {
      route: 'margin/auto',
      cluster: shipped.cluster(PROMPT),
      reference: CHEAP,
      routerModel: shipped.fingerprint,
    });
  });
});

describe('train:router --from-ledger', () => {
  it('moves the cheap head’s accuracy in the failing cluster and the router then picks the strong model', async () => {
    const d = decide();
    // The route JSON exactly as the gateway writes it (handlers/select.ts).
    const route = JSON.stringify({ ...d.detail, policy: d.policy, reason: d.reason, model: d.models[0] });
    const url = `sqlite:${join(dir, 'ledger.db')}`;
    const store = await openStore(url);
    const now = Date.now();
    try {
      const records = Array.from({ length: 20 }, (_, i) =>
        makeRecord(i, { route, tenant: 'acme', status: 200 }),
      );
      records.push(makeRecord(100, { route: null, tenant: 'acme', status: 200 }));
      await store.insertBatch(records);
      for (let i = 0; i < 20; i++) {
        await store.insertFeedback({
          requestId: `req-${i}`,
          ts: now - 1000 + i,
          score: 0,
          comment: null,
          keyId: 'key-a',
          tenant: 'acme',
        });
      }
      const extra = { ts: now, comment: 'x', keyId: null, tenant: 'acme' };
      await store.insertFeedback({ ...extra, requestId: 'req-100', score: 1 }); // not learned-routed
      await store.insertFeedback({ ...extra, requestId: 'unknown', score: 1 }); // no record
      await store.insertFeedback({ ...extra, requestId: 'req-0', score: 0, tenant: 'other' }); // wrong tenant
    } finally {
      await store.close();
    }
    const out = join(dir, 'router-feedback.json');
    const r = await retrainFromLedger({ ledgerUrl: url, modelPath: defaultRouterModelPath(), out, now });
    assert.equal(r.feedbackRows, 23);
    assert.equal(r.used, 19, 'req-0 is superseded by its later (wrong-tenant) feedback, which is skipped');
    assert.equal(r.skipped['request not routed by a learned policy'], 1);
    assert.equal(r.skipped['no ledger record with that request id'], 1);
    assert.equal(r.skipped["feedback tenant differs from the request's"], 1);

    const before = loadRouterModel(defaultRouterModelPath());
    const afterModel = loadRouterModel(out);
    const c = before.cluster(PROMPT);
    const accBefore = before.head(CHEAP).accuracy[c]!;
    const accAfter = afterModel.head(CHEAP).accuracy[c]!;
    // Beta posterior: (prior · 5 + 0 successes) / (5 + 19).
    assert.ok(Math.abs(accAfter - (accBefore * 5) / 24) < 1e-4, `${accBefore} → ${accAfter}`);
    assert.deepEqual(afterModel.head(STRONG).accuracy, before.head(STRONG).accuracy);
    assert.equal(afterModel.fingerprint, before.fingerprint, 'clusters kept');
    assert.equal(afterModel.file.version, 1);
    assert.equal(afterModel.file.trainedOn.feedback?.rows, 19);
    assert.equal(afterModel.head(CHEAP).feedbackWeight?.[c], 19);
    assert.deepEqual(
      r.moved.map((m) => [m.head, m.cluster, m.n]),
      [[CHEAP, c, 19]],
    );

    const pick = (m: typeof before) => routeLearned(m, PROMPT, [CHEAP, STRONG], [], undefined, true, false);
    assert.equal(pick(before).index, 0);
    assert.equal(pick(afterModel).index, 1);
    assert.equal(decide(out).models[0], 'x-strong');
    assert.doesNotMatch(readFileSync(out, 'utf8'), /water cycle/);

    // The same feedback is not folded in twice.
    await assert.rejects(
      retrainFromLedger({ ledgerUrl: url, modelPath: out, out: join(dir, 'again.json'), now }),
      /none of 23 feedback rows is usable \(20 already folded into this model, /,
    );
  });

  it('feedback on a cascade plan moves the plan’s accuracy, not its cheap head’s', async () => {
    const MC =
      'Which gas do plants take in for photosynthesis?\nA) Oxygen\nB) Carbon dioxide\nC) Nitrogen\nD) Helium\nPrint only a single choice  from "A" or "B" or "C" or "D" without explanation.\nAnswer:';
    const three = [
      { model: 'x-cheap', reference: 'mistralai/mixtral-8x7b-chat' },
      { model: 'x-verifier', reference: 'zero-one-ai/Yi-34B-Chat' },
      { model: 'x-strong', reference: STRONG },
    ];
    const route = (modelFile?: string) =>
      createRouter(
        {
          routes: {
            r: { policy: 'learned', ...(modelFile ? { modelFile } : {}), candidates: three },
          },
        },
        { catalog: defaultCatalog() },
      ).resolve({
        requestedModel: 'r',
        request: { model: 'r', messages: [{ role: 'user', content: MC }] },
        promptText: MC,
        promptTokens: 60,
        tenant: 'acme',
      });
    const d = route();
    assert.ok(d?.cascade, 'precondition: the shipped model picks a cascade plan for this prompt');
    assert.equal(d.models[0], 'x-cheap');
    assert.deepEqual(d.cascade, {
      escalateTo: 'x-strong',
      checks: ['format', 'refusal', 'verifier'],
      minMeanLogprob: Number.NEGATIVE_INFINITY,
      verifier: 'x-verifier',
    });
    const plan = 'cascade:mistralai/mixtral-8x7b-chat+zero-one-ai/Yi-34B-Chat';
    assert.equal(d.detail?.reference, plan);
    const url = `sqlite:${join(dir, 'cascade.db')}`;
    const store = await openStore(url);
    const now = Date.now();
    try {
      const json = JSON.stringify({ ...d.detail, policy: d.policy, reason: d.reason, model: d.models[0] });
      await store.insertBatch(
        Array.from({ length: 30 }, (_, i) => makeRecord(i, { route: json, tenant: 'acme', status: 200 })),
      );
      for (let i = 0; i < 30; i++) {
        await store.insertFeedback({
          requestId: `req-${i}`,
          ts: now - 1000 + i,
          score: 0,
          comment: null,
          keyId: null,
          tenant: 'acme',
        });
      }
    } finally {
      await store.close();
    }
    const out = join(dir, 'cascade-feedback.json');
    const r = await retrainFromLedger({ ledgerUrl: url, modelPath: defaultRouterModelPath(), out, now });
    const before = loadRouterModel(defaultRouterModelPath());
    const afterModel = loadRouterModel(out);
    const c = before.cluster(MC);
    assert.deepEqual(
      r.moved.map((m) => [m.head, m.cluster, m.n]),
      [[plan, c, 30]],
    );
    const planOf = (m: typeof before) => m.cascades.find((x) => `cascade:${x.cheap}+${x.verifier}` === plan)!;
    assert.ok(planOf(afterModel).accuracy[c]! < planOf(before).accuracy[c]! / 2);
    const cheapAcc = (m: typeof before) => m.head('mistralai/mixtral-8x7b-chat').accuracy;
    assert.deepEqual(cheapAcc(afterModel), cheapAcc(before));
    assert.notEqual(route(out)?.detail?.reference, plan, 'the failing plan is no longer chosen');
  });

  it('without feedback says so in one line and writes nothing', async () => {
    const url = `sqlite:${join(dir, 'empty.db')}`;
    await (await openStore(url)).close();
    const out = join(dir, 'never.json');
    await assert.rejects(
      retrainFromLedger({ ledgerUrl: url, modelPath: defaultRouterModelPath(), out, days: 7 }),
      (err: Error) =>
        /^no feedback in the ledger in the last 7 days/.test(err.message) && !err.message.includes('\n'),
    );
    assert.throws(() => readFileSync(out));
  });
});
