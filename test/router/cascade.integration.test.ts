// Cascades through the real gateway against a scripted upstream whose answers and usage are known exactly:
// the total cost of an escalated request is both calls to the cent, the logprobs check asks the upstream
// for logprobs (and hides them from a client that did not ask), and a disagreeing verifier escalates.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import OpenAI from 'openai';
import { defaultCatalog } from '../../src/catalog/index.js';
import { computeCost } from '../../src/meter/cost.js';
import { makeUsage } from '../../src/meter/usage.js';
import { type FakeUpstream, type Handler, startFakeUpstream } from '../gateway/helpers/fake-upstream.js';
import { chatBody, type LeverGateway, leverGateway } from '../gateway/helpers/levers.js';
import { until } from '../gateway/helpers/memory-ledger.js';

let up: FakeUpstream;
let t: LeverGateway;
let client: OpenAI;

const cost = (model: string, input: number, output: number) =>
  computeCost(defaultCatalog().price(model), makeUsage({ inputTokens: input, outputTokens: output })).costUsd
    .total;

/** Answers by the model asked for: `answers[model]` (content, usage, logprobs). */
function byModel(
  answers: Record<string, { content: string; prompt: number; completion: number; logprob?: number }>,
): Handler {
  return (req) => {
    const a = answers[String(req.body?.model)];
    if (!a) return { kind: 'json', status: 404, body: { error: { message: 'no such model' } } };
    const logprobs =
      req.body?.logprobs === true && a.logprob !== undefined
        ? { content: [{ token: 'x', logprob: a.logprob, top_logprobs: [] }] }
        : null;
    const body = chatBody(a.content, { prompt: a.prompt, completion: a.completion });
    body.choices[0] = { ...body.choices[0]!, logprobs } as never;
    body.model = String(req.body?.model);
    return { kind: 'json', body };
  };
}

before(async () => {
  up = await startFakeUpstream(() => ({ kind: 'hang' }));
  const m = (name: string) => ({ name, provider: 'openai-compatible' as const, baseUrl: up.url });
  t = await leverGateway({
    models: [m('gpt-4o-mini'), m('gpt-4o'), m('gpt-4.1-mini')],
    router: {
      routes: {
        'r/format': { policy: 'cascade', cheap: 'gpt-4o-mini', strong: 'gpt-4o' },
        'r/logprobs': {
          policy: 'cascade',
          cheap: 'gpt-4o-mini',
          strong: 'gpt-4o',
          checks: ['logprobs'],
          minMeanLogprob: -0.5,
        },
        'r/verify': {
          policy: 'cascade',
          cheap: 'gpt-4o-mini',
          strong: 'gpt-4o',
          checks: ['verifier'],
          verifier: 'gpt-4.1-mini',
        },
      },
    },
  });
  client = new OpenAI({ baseURL: t.base, apiKey: 'unused', maxRetries: 0 });
});

beforeEach(() => {
  up.seen.length = 0;
});

after(async () => {
  await t.close();
  await up.close();
});

async function recordOf(id: string | null) {
  await until(() => t.ledger.byId(id) !== undefined, 'ledger record');
  const r = t.ledger.byId(id)!;
  return {
    record: r,
    cascade: (JSON.parse(r.route ?? '{}') as { cascade: Record<string, unknown> }).cascade,
  };
}

describe('cascade with known usage', () => {
  it('an escalated request costs exactly the cheap call plus the strong call', async () => {
    up.setHandler(
      byModel({
        'gpt-4o-mini': { content: 'not json at all', prompt: 1000, completion: 100 },
        'gpt-4o': { content: '{"ok":true}', prompt: 1000, completion: 200 },
      }),
    );
    const { data, response } = await client.chat.completions
      .create({
        model: 'r/format',
        messages: [{ role: 'user', content: 'Reply in JSON.' }],
        response_format: { type: 'json_object' },
      })
      .withResponse();
    assert.equal(data.choices[0]?.message.content, '{"ok":true}');
    assert.equal(response.headers.get('x-margin-model'), 'gpt-4o');
    const expected = cost('gpt-4o-mini', 1000, 100) + cost('gpt-4o', 1000, 200);
    const { record, cascade } = await recordOf(response.headers.get('x-margin-request-id'));
    assert.ok(Math.abs(record.costUsd.total - expected) < 1e-12, `${record.costUsd.total} vs ${expected}`);
    assert.equal(cascade.why, 'invalid JSON');
    // The ledger's usage is the served call's; the cost covers both.
    assert.equal(record.usage.outputTokens, 200);
    assert.deepEqual(
      up.seen.map((s) => s.body?.model),
      ['gpt-4o-mini', 'gpt-4o'],
    );
  });

  it('the logprobs check asks for logprobs and escalates a low-confidence answer', async () => {
    up.setHandler(
      byModel({
        'gpt-4o-mini': { content: 'maybe', prompt: 50, completion: 5, logprob: -2 },
        'gpt-4o': { content: 'surely', prompt: 50, completion: 5 },
      }),
    );
    const { data, response } = await client.chat.completions
      .create({ model: 'r/logprobs', messages: [{ role: 'user', content: 'Hard question' }] })
      .withResponse();
    assert.equal(data.choices[0]?.message.content, 'surely');
    assert.equal(up.seen[0]?.body?.logprobs, true);
    assert.equal(up.seen[1]?.body?.logprobs, undefined);
    const { cascade } = await recordOf(response.headers.get('x-margin-request-id'));
    assert.match(String(cascade.why), /low confidence \(mean logprob -2\.000 < -0\.5\)/);
  });

  it('a confident cheap answer is served, without the logprobs the client did not ask for', async () => {
    up.setHandler(
      byModel({
        'gpt-4o-mini': { content: 'easy', prompt: 50, completion: 5, logprob: -0.1 },
        'gpt-4o': { content: 'strong', prompt: 50, completion: 5 },
      }),
    );
    const { data, response } = await client.chat.completions
      .create({ model: 'r/logprobs', messages: [{ role: 'user', content: 'Easy question' }] })
      .withResponse();
    assert.equal(data.choices[0]?.message.content, 'easy');
    assert.equal(data.choices[0]?.logprobs, null);
    assert.equal(up.seen.length, 1);
    const { record, cascade } = await recordOf(response.headers.get('x-margin-request-id'));
    assert.equal(cascade.escalated, false);
    assert.ok(Math.abs(record.costUsd.total - cost('gpt-4o-mini', 50, 5)) < 1e-12);
  });

  const choicePrompt = 'Which is a prime?\nA) 4\nB) 7\nAnswer with the letter.';

  it('a verifier that disagrees escalates; all three calls are paid for', async () => {
    up.setHandler(
      byModel({
        'gpt-4o-mini': { content: 'A', prompt: 30, completion: 1 },
        'gpt-4.1-mini': { content: 'B', prompt: 30, completion: 1 },
        'gpt-4o': { content: 'B', prompt: 30, completion: 1 },
      }),
    );
    const { data, response } = await client.chat.completions
      .create({ model: 'r/verify', messages: [{ role: 'user', content: choicePrompt }] })
      .withResponse();
    assert.equal(data.choices[0]?.message.content, 'B');
    const { record, cascade } = await recordOf(response.headers.get('x-margin-request-id'));
    assert.equal(cascade.why, 'verifier disagrees (A vs B)');
    const expected = cost('gpt-4o-mini', 30, 1) + cost('gpt-4.1-mini', 30, 1) + cost('gpt-4o', 30, 1);
    assert.ok(Math.abs(record.costUsd.total - expected) < 1e-12);
  });

  it('a verifier that agrees keeps the cheap answer; a prompt without choices needs no verifier', async () => {
    up.setHandler(
      byModel({
        'gpt-4o-mini': { content: 'B', prompt: 30, completion: 1 },
        'gpt-4.1-mini': { content: 'B) 7', prompt: 30, completion: 3 },
        'gpt-4o': { content: 'B', prompt: 30, completion: 1 },
      }),
    );
    const agreed = await client.chat.completions
      .create({ model: 'r/verify', messages: [{ role: 'user', content: choicePrompt }] })
      .withResponse();
    assert.equal(agreed.response.headers.get('x-margin-model'), 'gpt-4o-mini');
    assert.deepEqual(
      up.seen.map((s) => s.body?.model),
      ['gpt-4o-mini', 'gpt-4.1-mini'],
    );
    up.seen.length = 0;
    await client.chat.completions.create({ model: 'r/verify', messages: [{ role: 'user', content: 'Hi' }] });
    assert.deepEqual(
      up.seen.map((s) => s.body?.model),
      ['gpt-4o-mini'],
    );
  });
});
