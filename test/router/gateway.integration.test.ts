// The router wired into the real gateway (as `margin serve` wires it) with the emulator as upstream and the
// official openai SDK as client: route names listed and served, each policy, and cascades through the emulator.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { type LeverGateway, leverGateway } from '../gateway/helpers/levers.js';
import { until } from '../gateway/helpers/memory-ledger.js';

let emu: RunningEmulator;
let t: LeverGateway;
let client: OpenAI;

const route = (id: string | null) => {
  const r = t.ledger.byId(id);
  assert.ok(r, `ledger record ${id}`);
  return { record: r, route: JSON.parse(r.route ?? 'null') as Record<string, unknown> };
};

before(async () => {
  emu = await startEmulator({ port: 0, fast: true, seed: 5 });
  const m = (name: string) => ({ name, provider: 'openai-compatible' as const, baseUrl: emu.url });
  t = await leverGateway({
    models: [
      m('gpt-4o-mini'),
      m('gpt-4o'),
      { name: 'broken', provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:1/v1' },
    ],
    router: {
      routes: {
        'margin/auto': {
          policy: 'learned',
          candidates: [
            { model: 'gpt-4o-mini', reference: 'gpt-3.5-turbo-1106' },
            { model: 'gpt-4o', reference: 'gpt-4-1106-preview' },
          ],
        },
        'margin/any': {
          policy: 'learned',
          unfamiliar: 'route',
          candidates: [
            { model: 'gpt-4o-mini', reference: 'gpt-3.5-turbo-1106' },
            { model: 'gpt-4o', reference: 'gpt-4-1106-preview' },
          ],
        },
        'margin/fixed': { policy: 'fixed', model: 'gpt-4o-mini' },
        'margin/split': {
          policy: 'weighted',
          targets: [
            { model: 'gpt-4o-mini', weight: 1 },
            { model: 'gpt-4o', weight: 1 },
          ],
        },
        'margin/fallback': { policy: 'fallback', models: ['broken', 'gpt-4o'] },
        'margin/cascade': { policy: 'cascade', cheap: 'gpt-4o-mini', strong: 'gpt-4o' },
      },
    },
  });
  client = new OpenAI({ baseURL: t.base, apiKey: 'unused', maxRetries: 0 });
});

after(async () => {
  await t.close();
  await emu.close();
});

const ask = (model: string, extra: Record<string, unknown> = {}) =>
  client.chat.completions
    .create({
      model,
      messages: [{ role: 'user', content: 'Summarise the water cycle in one sentence.' }],
      max_tokens: 12,
      ...extra,
    })
    .withResponse();

describe('routes through the gateway', () => {
  it('lists the route names in GET /v1/models', async () => {
    const ids: string[] = [];
    for await (const m of client.models.list()) ids.push(m.id);
    for (const r of [
      'margin/auto',
      'margin/any',
      'margin/fixed',
      'margin/split',
      'margin/fallback',
      'margin/cascade',
    ])
      assert.ok(ids.includes(r), `${r} in ${ids.join(',')}`);
  });

  it('margin/any (learned) picks a candidate; the header and the ledger say which and why', async () => {
    const { data, response } = await ask('margin/any');
    assert.ok(data.choices[0]?.message.content);
    assert.equal(response.headers.get('x-margin-route'), 'learned');
    const served = response.headers.get('x-margin-model');
    assert.ok(served === 'gpt-4o-mini' || served === 'gpt-4o', `served ${served}`);
    const id = response.headers.get('x-margin-request-id');
    await until(() => t.ledger.byId(id) !== undefined, 'ledger record');
    const { record, route: r } = route(id);
    assert.equal(record.requestedModel, 'margin/any');
    assert.equal(record.servedModel, served);
    assert.equal(r.policy, 'learned');
    assert.match(String(r.reason), /learned router \(margin\/any\): cluster \d+, expected accuracy/);
    assert.equal(r.model, served);
    assert.ok(record.costUsd.total > 0);
  });

  it('margin/auto keeps the strong model for a prompt unlike anything its clusters were fitted on', async () => {
    const { response } = await ask('margin/auto');
    assert.equal(response.headers.get('x-margin-model'), 'gpt-4o');
    const id = response.headers.get('x-margin-request-id');
    await until(() => t.ledger.byId(id) !== undefined, 'ledger record');
    const { route: r } = route(id);
    assert.equal(r.unfamiliar, true);
    assert.match(String(r.reason), /prompt unlike cluster \d+'s training prompts → the strong model gpt-4o/);
  });

  it('fixed sends to its model', async () => {
    const { response } = await ask('margin/fixed');
    assert.equal(response.headers.get('x-margin-model'), 'gpt-4o-mini');
    assert.equal(response.headers.get('x-margin-route'), 'fixed');
  });

  it('weighted splits between its targets', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 40 && seen.size < 2; i++) {
      const { response } = await ask('margin/split');
      assert.equal(response.headers.get('x-margin-route'), 'weighted');
      seen.add(response.headers.get('x-margin-model') ?? '');
    }
    assert.deepEqual([...seen].sort(), ['gpt-4o', 'gpt-4o-mini']);
  });

  it('fallback moves on when the first model is unreachable', async () => {
    const { response } = await ask('margin/fallback');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-margin-model'), 'gpt-4o');
    assert.equal(response.headers.get('x-margin-route'), 'fallback');
  });

  it('a cascade keeps the cheap answer when it passes the checks', async () => {
    const { data, response } = await ask('margin/cascade');
    assert.equal(response.headers.get('x-margin-model'), 'gpt-4o-mini');
    assert.equal(response.headers.get('x-margin-route'), 'cascade');
    assert.ok(data.choices[0]?.message.content);
    const id = response.headers.get('x-margin-request-id');
    await until(() => t.ledger.byId(id) !== undefined, 'ledger record');
    const c = route(id).route.cascade as Record<string, unknown>;
    assert.equal(c.escalated, false);
    assert.equal(c.served, 'gpt-4o-mini');
  });

  it('a cascade escalates when the cheap answer is not the JSON asked for, and records both costs', async () => {
    // The emulator answers JSON mode with JSON; a 3-token limit cuts it, so the cheap answer fails to parse.
    const { response } = await ask('margin/cascade', {
      response_format: { type: 'json_object' },
      max_tokens: 3,
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-margin-model'), 'gpt-4o');
    const id = response.headers.get('x-margin-request-id');
    await until(() => t.ledger.byId(id) !== undefined, 'ledger record');
    const { record, route: r } = route(id);
    const c = r.cascade as {
      escalated: boolean;
      why: string;
      calls: Array<{ role: string; costUsd: number }>;
    };
    assert.equal(c.escalated, true);
    assert.equal(c.why, 'invalid JSON');
    assert.deepEqual(
      c.calls.map((x) => x.role),
      ['cheap', 'strong'],
    );
    const sum = c.calls.reduce((a, x) => a + x.costUsd, 0);
    assert.ok(c.calls.every((x) => x.costUsd > 0));
    assert.ok(Math.abs(record.costUsd.total - sum) < 1e-9, `${record.costUsd.total} vs ${sum}`);
    const header = Number(response.headers.get('x-margin-cost-usd'));
    assert.ok(Math.abs(header - record.costUsd.total) / record.costUsd.total < 1e-5, `header ${header}`);
  });

  it('a streaming request on a cascade is served by the cheap model, recorded as skipped', async () => {
    const { data: stream, response } = await client.chat.completions
      .create({
        model: 'margin/cascade',
        messages: [{ role: 'user', content: 'Say something.' }],
        max_tokens: 8,
        response_format: { type: 'json_object' },
        stream: true,
      })
      .withResponse();
    let text = '';
    for await (const c of stream) text += c.choices[0]?.delta.content ?? '';
    assert.ok(text.length > 0);
    assert.equal(response.headers.get('x-margin-model'), 'gpt-4o-mini');
    const id = response.headers.get('x-margin-request-id');
    await until(() => t.ledger.byId(id) !== undefined, 'ledger record');
    const c = route(id).route.cascade as Record<string, unknown>;
    assert.match(String(c.skipped), /streaming/);
  });

  it('a plain model name is not routed', async () => {
    const { response } = await ask('gpt-4o');
    assert.equal(response.headers.get('x-margin-route'), null);
    assert.equal(response.headers.get('x-margin-model'), 'gpt-4o');
  });
});

describe('router config at start', () => {
  it('a route to a model the gateway does not serve stops start-up naming the field', async () => {
    await assert.rejects(
      leverGateway({
        models: [{ name: 'gpt-4o', provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:1/v1' }],
        router: { routes: { r: { policy: 'fallback', models: ['gpt-4o', 'nope'] } } },
      }),
      /router\.routes\.r\.models\[1\]: 'nope' is not a model/,
    );
  });

  it('a bad route field is named', async () => {
    await assert.rejects(
      leverGateway({ router: { routes: { r: { policy: 'cascade', cheap: 'a' } } } as never }),
      /router\.routes\.r\.strong/,
    );
  });
});
