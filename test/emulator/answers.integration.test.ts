// `margin emulate --answers`: recorded prompts get the requested model's recorded answer and usage (cl100k
// counts, so RouterBench's costs are reproduced at its list prices); MMLU answers are synthesised letters
// that agree with the recorded correctness; anything else is a clear error in the client's protocol.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadAnswers } from '../../src/emulator/answers/load.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { extractChoice } from '../../src/router/cascade-check.js';
import { loadRouterBenchDir } from '../../src/router/eval/data.js';
import { RECORDED_PRICES } from '../../src/router/eval/savings/prices.js';
import { ROOT } from '../gateway/helpers/paths.js';

const DATA = join(ROOT, 'test', 'fixtures', 'routing');
let emu: RunningEmulator;
before(async () => {
  emu = await startEmulator({ port: 0, fast: true, answers: DATA });
});
after(() => emu.close());

const chat = async (model: string, content: string) => {
  const res = await fetch(`${emu.url}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content }], temperature: 0 }),
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      choices?: Array<{ message: { content: string } }>;
      usage?: { prompt_tokens: number; completion_tokens: number };
      error?: { param: string | null; message: string };
    },
  };
};

describe('margin emulate --answers', () => {
  it('serves each model its recorded answer, with usage that reproduces the recorded cost', async () => {
    const { rows } = loadRouterBenchDir(DATA);
    assert.ok(rows.length >= 20);
    for (const row of rows.slice(0, 6)) {
      for (const model of ['gpt-4-1106-preview', 'zero-one-ai/Yi-34B-Chat']) {
        const r = await chat(model, row.prompt);
        assert.equal(r.status, 200);
        assert.equal(r.body.choices?.[0]?.message.content, row.outcomes[model]!.response);
        const p = RECORDED_PRICES[model]!;
        const usd =
          ((r.body.usage?.prompt_tokens ?? 0) * p.input + (r.body.usage?.completion_tokens ?? 0) * p.output) /
          1e6;
        assert.ok(
          Math.abs(usd - row.outcomes[model]!.costUsd) < 1e-9,
          `${model}: ${usd} vs ${row.outcomes[model]!.costUsd}`,
        );
      }
    }
  });

  it('MMLU: a choice letter that is the same for correct models and different for wrong ones', async () => {
    const mmlu = loadAnswers(join(DATA, 'routellm')).prompts;
    assert.equal(mmlu.length, 8);
    for (const p of mmlu) {
      const got = await Promise.all(
        Object.keys(p.answers).map(async (m) => ({ m, r: await chat(m, p.prompt) })),
      );
      const letters = got.map(({ m, r }) => ({
        ok: p.answers[m]!.correct,
        c: extractChoice(r.body.choices?.[0]?.message.content ?? ''),
      }));
      for (const l of letters) assert.ok(l.c, 'a letter');
      const right = new Set(letters.filter((l) => l.ok).map((l) => l.c));
      assert.ok(right.size <= 1);
      for (const l of letters.filter((x) => !x.ok)) assert.ok(!right.has(l.c));
    }
  });

  it('an unknown prompt is a 400 naming messages; a model with no recorded answer is a 404', async () => {
    const unknown = await chat('gpt-4-1106-preview', 'What is the capital of France?');
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.error?.param, 'messages');
    const prompt = loadRouterBenchDir(DATA).rows[0]!.prompt;
    const missing = await chat('gpt-4o', prompt);
    assert.equal(missing.status, 404);
    assert.match(missing.body.error?.message ?? '', /no recorded answer/);
    assert.deepEqual(emu.answers?.prompts, 38);
  });
});
