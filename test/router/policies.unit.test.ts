import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCatalog } from '../../src/catalog/index.js';
import type { ChatRequest } from '../../src/protocols/canonical.js';
import { answersAgree, checkAnswer, createRouter, promptTextOf } from '../../src/router/index.js';

const catalog = loadCatalog({
  prices: [
    {
      id: 'big',
      provider: 't',
      price: { input: 10, output: 30 },
      contextWindow: 128_000,
      capabilities: { tools: true, vision: true, jsonMode: true },
      source: 'test',
      asOf: '2026-11',
    },
    {
      id: 'small',
      provider: 't',
      price: { input: 0.1, output: 0.4 },
      contextWindow: 16_000,
      capabilities: { tools: true, vision: false, jsonMode: true },
      source: 'test',
      asOf: '2026-11',
    },
    {
      id: 'tiny',
      provider: 't',
      price: { input: 0.05, output: 0.1 },
      contextWindow: 8_000,
      capabilities: { tools: false, vision: false, jsonMode: false },
      source: 'test',
      asOf: '2026-11',
    },
  ],
});

const req = (extra: Partial<ChatRequest> = {}): ChatRequest => ({
  model: 'auto',
  messages: [{ role: 'user', content: 'hello there' }],
  ...extra,
});
const input = (requestedModel: string, request = req(), promptTokens = 10) => ({
  requestedModel,
  request,
  promptText: promptTextOf(request),
  promptTokens,
  tenant: null,
});

describe('router config', () => {
  it('names the bad field', () => {
    assert.throws(
      () =>
        createRouter(
          { routes: { auto: { policy: 'weighted', targets: [{ model: 'a', weight: -1 }] } } },
          { catalog },
        ),
      /router\.routes\.auto\.targets\.0\.weight/,
    );
    assert.throws(
      () => createRouter({ routes: { auto: { policy: 'magic' } } }, { catalog }),
      /router\.routes\.auto/,
    );
    assert.throws(
      () =>
        createRouter(
          {
            routes: {
              auto: {
                policy: 'learned',
                candidates: [
                  { model: 'big', reference: 'nope' },
                  { model: 'small', reference: 'gpt-4-1106-preview' },
                ],
              },
            },
          },
          { catalog },
        ),
      /no head 'nope'/,
    );
    assert.throws(
      () =>
        createRouter(
          {
            routes: {
              auto: {
                policy: 'learned',
                modelFile: '/nonexistent/r.json',
                candidates: [
                  { model: 'a', reference: 'b' },
                  { model: 'c', reference: 'd' },
                ],
              },
            },
          },
          { catalog },
        ),
      /file not found/,
    );
  });
});

describe('policies', () => {
  it('fixed and fallback', () => {
    const r = createRouter(
      {
        routes: {
          f: { policy: 'fixed', model: 'big' },
          fb: { policy: 'fallback', models: ['small', 'big'] },
        },
      },
      { catalog },
    );
    assert.deepEqual(r.resolve(input('f'))?.models, ['big']);
    assert.deepEqual(r.resolve(input('fb'))?.models, ['small', 'big']);
    assert.equal(r.resolve(input('other')), undefined);
    assert.ok(r.has('fb') && !r.has('big'));
  });

  it('weighted split follows the random draw', () => {
    let u = 0.1;
    const r = createRouter(
      {
        routes: {
          w: {
            policy: 'weighted',
            targets: [
              { model: 'small', weight: 70 },
              { model: 'big', weight: 30 },
            ],
          },
        },
      },
      { catalog, random: () => u },
    );
    assert.equal(r.resolve(input('w'))?.models[0], 'small');
    u = 0.9;
    assert.equal(r.resolve(input('w'))?.models[0], 'big');
  });

  it('cheapest capable respects tools, vision and context length', () => {
    const r = createRouter(
      { routes: { c: { policy: 'cheapest-capable', models: ['big', 'small', 'tiny'] } } },
      { catalog },
    );
    assert.equal(r.resolve(input('c'))?.models[0], 'tiny');
    const tools = req({ tools: [{ type: 'function', function: { name: 'f' } }] });
    assert.equal(r.resolve(input('c', tools))?.models[0], 'small');
    const vision = req({
      messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:,' } }] }],
    });
    assert.equal(r.resolve(input('c', vision))?.models[0], 'big');
    assert.equal(r.resolve(input('c', req(), 20_000))?.models[0], 'big');
  });

  it('cascade starts cheap and carries the escalation plan', () => {
    const r = createRouter(
      { routes: { k: { policy: 'cascade', cheap: 'small', strong: 'big' } } },
      { catalog },
    );
    const d = r.resolve(input('k'))!;
    assert.deepEqual(d.models, ['small']);
    assert.equal(d.cascade?.escalateTo, 'big');
    assert.deepEqual(d.cascade?.checks, ['format', 'refusal']);
  });

  it('learned router maps deployed models to reference heads', () => {
    const r = createRouter(
      {
        routes: {
          auto: {
            policy: 'learned',
            candidates: [
              { model: 'big', reference: 'gpt-4-1106-preview' },
              { model: 'small', reference: 'gpt-3.5-turbo-1106' },
            ],
          },
        },
      },
      { catalog },
    );
    const d = r.resolve(input('auto'))!;
    assert.equal(d.policy, 'learned');
    assert.deepEqual([...d.models].sort(), ['big', 'small']);
    assert.match(d.reason, /cluster \d+/);
  });
});

describe('cascade checks', () => {
  const mc = 'Q?\nA) x\nB) y\nPrint only a single choice from "A" or "B" without explanation. Answer:';
  it('flags refusals, missing choices and missing code', () => {
    assert.equal(checkAnswer(mc, 'B').pass, true);
    assert.equal(checkAnswer(mc, 'I am sorry, I cannot answer that').reason, 'refusal');
    assert.equal(checkAnswer(mc, 'Maybe the second one').reason, 'no choice given');
    assert.equal(
      checkAnswer('Write a python function to add two numbers.', 'Sure, just add them.').reason,
      'no code in answer',
    );
    assert.equal(
      checkAnswer(
        'Write a python function to add two numbers.',
        '```python\ndef add(a, b):\n    return a + b\n```',
      ).pass,
      true,
    );
    assert.equal(checkAnswer('Give JSON', '{"a": 1', { json: true }).reason, 'invalid JSON');
  });
  it('compares multiple-choice answers', () => {
    assert.equal(answersAgree(mc, 'B', 'B\n'), true);
    assert.equal(answersAgree(mc, 'A', 'B'), false);
    assert.equal(answersAgree('free text', 'a', 'b'), undefined);
  });
});
