import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRouterBenchCsv } from '../../src/router/eval/data.js';
import {
  evaluate,
  fixedPolicy,
  oraclePolicy,
  zeroRouterAccuracyAt,
  zeroRouterCostFor,
} from '../../src/router/eval/simulate.js';

const csv = [
  ',sample_id,prompt,eval_name,gpt-4-1106-preview,mistralai/mistral-7b-chat,gpt-4-1106-preview|model_response,mistralai/mistral-7b-chat|model_response,gpt-4-1106-preview|total_cost,mistralai/mistral-7b-chat|total_cost,oracle_model_to_route_to',
  `0,t.1,"['q1']",t,1.0,1.0,"['A']","['A']",0.01,0.001,mistralai/mistral-7b-chat`,
  `1,t.2,"['q2']",t,1.0,0.0,"['B']","['A']",0.01,0.001,gpt-4-1106-preview`,
  `2,t.3,"['q3']",t,0.0,0.0,"['B']","['A']",0.01,0.001,no_model_correct`,
  `3,t.4,"['q4']",t,,1.0,"['B']","['A']",0.01,0.001,x`,
].join('\n');

describe('routing evaluation', () => {
  const { rows, skipped } = parseRouterBenchCsv(csv, 't');
  it('parses rows and skips blank scores', () => {
    assert.equal(rows.length, 3);
    assert.equal(skipped, 1);
    assert.equal(rows[0]!.prompt, 'q1');
    assert.equal(rows[1]!.outcomes['mistralai/mistral-7b-chat']!.response, 'A');
  });
  it('scores anchors against the strong model', () => {
    const strong = evaluate('s', rows, 'gpt-4-1106-preview', fixedPolicy('gpt-4-1106-preview'));
    assert.equal(strong.accuracy, 2 / 3);
    assert.equal(strong.costShareOfStrong, 1);
    const oracle = evaluate(
      'o',
      rows,
      'gpt-4-1106-preview',
      oraclePolicy(['gpt-4-1106-preview', 'mistralai/mistral-7b-chat']),
    );
    assert.equal(oracle.accuracy, 2 / 3);
    assert.ok(Math.abs(oracle.costUsd - (0.001 + 0.01 + 0.001)) < 1e-12);
  });
  it('zero router interpolates on the upper hull', () => {
    const pts = [
      { cost: 0.1, accuracy: 0.5 },
      { cost: 1, accuracy: 0.9 },
    ];
    assert.ok(Math.abs(zeroRouterAccuracyAt(pts, 0.55) - 0.7) < 1e-12);
    assert.ok(Math.abs(zeroRouterCostFor(pts, 0.7) - 0.55) < 1e-12);
    assert.equal(zeroRouterCostFor(pts, 0.95), Number.POSITIVE_INFINITY);
  });
});
