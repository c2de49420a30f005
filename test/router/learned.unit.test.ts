import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parsePythonStringList } from '../../src/router/eval/python-list.js';
import { defaultRouterModelPath } from '../../src/router/eval/repo-paths.js';
import { featurize } from '../../src/router/learned/features.js';
import { kmeans, nearest, normalize } from '../../src/router/learned/kmeans.js';
import { loadRouterModel } from '../../src/router/learned/model.js';
import { promptCostWeight, routeLearned } from '../../src/router/learned/route.js';

describe('RouterBench prompt literal', () => {
  it('parses single- and double-quoted parts with escapes', () => {
    assert.deepEqual(parsePythonStringList(`['a\\nb', "it's", 'x\\'y']`), ['a\nb', "it's", "x'y"]);
    assert.deepEqual(parsePythonStringList('plain text'), ['plain text']);
  });
});

describe('features and clustering', () => {
  it('featurises deterministically with structural slots first', () => {
    const a = featurize('Which is larger?\nA) 1\nB) 2', 256);
    const b = featurize('Which is larger?\nA) 1\nB) 2', 256);
    assert.deepEqual([...a.idx], [...b.idx]);
    assert.equal(a.val[3], 1, 'multiple-choice flag');
    assert.ok([...a.idx].every((i) => i >= 0 && i < 256));
  });

  it('k-means separates two obvious groups', () => {
    const code = [
      'write a python function to sort a list',
      'write a function that returns the sum of a list',
      'write a python function to reverse a string',
    ];
    const mc = [
      'The trophy would not fit in the suitcase because _ was too big.\nA) trophy\nB) suitcase',
      'Sam thanked Tom because _ had helped.\nA) Sam\nB) Tom',
      'The cat chased the mouse because _ was hungry.\nA) cat\nB) mouse',
    ];
    const xs = [...code, ...mc].map((t) => normalize(featurize(t, 512)));
    const { centroids, assign } = kmeans(xs, 2, 512);
    assert.equal(new Set(assign.slice(0, 3)).size, 1);
    assert.equal(new Set(assign.slice(3)).size, 1);
    assert.notEqual(assign[0], assign[3]);
    assert.equal(
      nearest(normalize(featurize('write a python function to count vowels', 512)), centroids, 2, 512),
      assign[0],
    );
  });
});

describe('router model file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'margin-router-'));

  it('a missing file is a clear start-up error', () => {
    assert.throws(() => loadRouterModel(join(dir, 'nope.json')), /file not found/);
  });

  it('a corrupt file is a clear start-up error', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"kind": "margin-learned-router", ');
    assert.throws(() => loadRouterModel(bad), /not valid JSON/);
    const wrong = join(dir, 'wrong.json');
    writeFileSync(wrong, JSON.stringify({ kind: 'margin-learned-router', version: 1, dims: 8 }));
    assert.throws(() => loadRouterModel(wrong), /router model .*field/);
  });

  it('the shipped model answers multiple-choice prompts with a cheap model checked by a second one, escalating to the strong one', () => {
    const model = loadRouterModel(defaultRouterModelPath());
    const heads = [
      'gpt-4-1106-preview',
      'zero-one-ai/Yi-34B-Chat',
      'gpt-3.5-turbo-1106',
      'mistralai/mixtral-8x7b-chat',
    ];
    const arc =
      'Which of the following statements best explains why magnets usually stick to a refrigerator door?\nA) The refrigerator door is smooth.\nB) The refrigerator door contains iron.\nC) The refrigerator door is a good conductor.\nD) The refrigerator door has electric wires in it.\nPrint only a single choice  from "A" or "B" or "C" or "D" without explanation.\nAnswer:';
    const wino =
      'Jeffrey asked Hunter when was the date set for the wedding because _ was his best man.\nA) Jeffrey\nB) Hunter\nPrint only a single choice  from "A" or "B" without explanation. Answer:';
    for (const prompt of [arc, wino]) {
      // The handwritten Winogrande item is less like the data than the guard allows: route it anyway.
      const c = routeLearned(model, prompt, heads, [], undefined, true, false);
      assert.ok(c.cascade, 'a cascade plan');
      assert.notEqual(heads[c.index], 'gpt-4-1106-preview');
      assert.notEqual(c.cascade.verifier, c.index);
      assert.equal(heads[c.cascade.strong], 'gpt-4-1106-preview');
      // Without plans the same clusters get one cheap model.
      const single = routeLearned(model, prompt, heads, [], undefined, false, false);
      assert.equal(single.cascade, undefined);
      assert.notEqual(heads[single.index], 'gpt-4-1106-preview');
    }
  });

  it('spreads λ per prompt within [λ·e^-σ, λ·e^σ], the same for the same prompt', () => {
    const model = loadRouterModel(defaultRouterModelPath());
    const sigma = model.file.costWeightJitter ?? 0;
    assert.ok(sigma > 0);
    const ws = Array.from({ length: 200 }, (_, i) => promptCostWeight(model, `question ${i}`));
    assert.ok(
      ws.every((w) => w >= model.costWeight * Math.exp(-sigma) && w <= model.costWeight * Math.exp(sigma)),
    );
    assert.ok(Math.min(...ws) < model.costWeight && Math.max(...ws) > model.costWeight);
    assert.equal(promptCostWeight(model, 'question 7'), ws[7]);
  });
});
