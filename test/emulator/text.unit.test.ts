import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { generate, outputLength } from '../../src/emulator/generate.js';
import { type GenRequest, PLAIN } from '../../src/emulator/request.js';
import { generateText, generateTokens } from '../../src/emulator/text.js';
import { makeRng } from '../../src/util/rng.js';

const req = (over: Partial<GenRequest> = {}): GenRequest => ({
  model: 'gpt-4o-mini',
  promptTokens: 10,
  promptKey: 'user:hello\n',
  limit: undefined,
  minTokens: 0,
  ignoreEos: false,
  stream: false,
  includeUsage: false,
  ...PLAIN,
  ...over,
});

describe('emulator generated text', () => {
  it('has exactly the requested number of o200k tokens', () => {
    for (let n = 1; n <= 300; n += 7) {
      for (const seed of [1, 99, 12345])
        assert.equal(countTokens(generateText(n, seed)), n, `n=${n} seed=${seed}`);
    }
  });

  it('streams one piece per token that joins to the same text', () => {
    const pieces = generateTokens(50, makeRng(5));
    assert.equal(pieces.length, 50);
    assert.equal(pieces.join(''), generateText(50, 5));
  });

  it('is deterministic per prompt and seed', () => {
    assert.equal(generate(req(), 1, 64).text, generate(req(), 1, 64).text);
    assert.notEqual(generate(req(), 1, 64).text, generate(req(), 2, 64).text);
  });

  it('honours limits: max tokens → length, ignore_eos → exactly max, min_tokens', () => {
    assert.deepEqual(outputLength(req({ limit: 5 }), 40), { n: 5, stop: 'length' });
    assert.deepEqual(outputLength(req({ limit: 500 }), 40), { n: 40, stop: 'stop' });
    assert.deepEqual(outputLength(req({ limit: 500, ignoreEos: true }), 40), { n: 500, stop: 'length' });
    assert.deepEqual(outputLength(req({ minTokens: 100 }), 40), { n: 100, stop: 'stop' });
    assert.deepEqual(outputLength(req({ limit: 0 }), 40), { n: 0, stop: 'length' });
  });

  it('natural lengths average near the configured mean', () => {
    let sum = 0;
    for (let i = 0; i < 200; i++) sum += generate(req({ promptKey: `p${i}` }), 1, 64).outputTokens;
    const mean = sum / 200;
    assert.ok(mean > 54 && mean < 74, `mean ${mean}`);
  });
});
