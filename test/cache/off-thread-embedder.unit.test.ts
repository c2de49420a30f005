// The off-thread embedder: identical vectors and facts to the inline code, and a long text does not hold
// the event loop (a timer set before the call runs before the result arrives).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { criticalFacts } from '../../src/cache/semantic/guard.js';
import { LocalEmbedder } from '../../src/cache/semantic/local-embedder.js';
import { INLINE_MAX_CHARS, OffThreadEmbedder } from '../../src/cache/semantic/off-thread-embedder.js';

const e = new OffThreadEmbedder({ dim: 256 });
after(() => e.close());

const longText = (n: number) => {
  let s = '';
  for (let i = 0; s.length < n; i++)
    s += `Question ${i}: how does NASA's "Artemis" plan reach the Moon by 2027? `;
  return s;
};

describe('OffThreadEmbedder', () => {
  it('gives the inline embedder’s exact vectors and facts, short and long texts alike', async () => {
    const inline = new LocalEmbedder({ dim: 256 });
    for (const text of ['How do I learn Python quickly?', longText(INLINE_MAX_CHARS * 4)]) {
      const [v] = await e.embed([text]);
      assert.deepEqual(v, inline.embedOne(text));
      const a = await e.analyze(text);
      assert.deepEqual(a.vector, inline.embedOne(text));
      assert.deepEqual(a.facts, criticalFacts(text));
      assert.deepEqual(await e.facts(text), criticalFacts(text));
    }
    assert.ok(e.workers >= 1, 'the long text went to a worker');
    assert.equal(e.id, inline.id);
  });

  it('a 1 MiB text is embedded while the event loop keeps turning', async () => {
    const order: string[] = [];
    const timer = new Promise<void>((r) =>
      setTimeout(() => {
        order.push('timer');
        r();
      }, 0),
    );
    const done = e.analyze(longText(1024 * 1024)).then(() => order.push('embedded'));
    await Promise.all([timer, done]);
    assert.deepEqual(order, ['timer', 'embedded']);
  });

  it('after close, long texts are embedded inline (same result)', async () => {
    const c = new OffThreadEmbedder({ dim: 64 });
    await c.close();
    const text = longText(INLINE_MAX_CHARS * 2);
    assert.deepEqual((await c.embed([text]))[0], new LocalEmbedder({ dim: 64 }).embedOne(text));
  });
});
