import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SseParser } from '../../src/protocols/sse.js';
import { ReferenceSseParser } from './sse-reference.js';

const lineArb = fc.oneof(
  fc.string({ maxLength: 20 }).map((s) => `data: ${s.replace(/[\r\n]/g, '')}`),
  fc.constantFrom(
    'data: [DONE]',
    'event: message_delta',
    ': margin {"a":1}',
    'data:',
    'data:no-space',
    'id: 7',
    'retry: 10',
  ),
);
const eol = fc.constantFrom('\n', '\r\n', '\r');
const streamArb = fc
  .array(fc.tuple(fc.array(lineArb, { minLength: 1, maxLength: 3 }), eol), { maxLength: 12 })
  .map((events) => events.map(([lines, nl]) => lines.join(nl) + nl + nl).join(''));

function run(
  P: { new (): { push(c: Uint8Array | string): unknown[]; end(): unknown[] } },
  text: string,
  cuts: number[],
) {
  const p = new P();
  const bytes = Buffer.from(text);
  const out: unknown[] = [];
  let at = 0;
  for (const c of [...cuts.filter((x) => x < bytes.length)].sort((a, b) => a - b)) {
    out.push(...p.push(bytes.subarray(at, c)));
    at = c;
  }
  out.push(...p.push(bytes.subarray(at)), ...p.end());
  return out;
}

describe('SSE parser', () => {
  it('matches the reference parser for any stream split at any byte', () => {
    fc.assert(
      fc.property(streamArb, fc.array(fc.nat(400), { maxLength: 8 }), (text, cuts) => {
        assert.deepEqual(run(SseParser, text, cuts), run(ReferenceSseParser, text, cuts));
      }),
      { numRuns: 500 },
    );
  });

  it('parses many events from one read, keeping raw bytes and event names', () => {
    const p = new SseParser();
    const evs = p.push('data: {"a":1}\n\nevent: ping\ndata: {}\n\ndata: [DONE]\n\ndata: part');
    assert.deepEqual(
      evs.map((e) => [e.event, e.data, e.raw]),
      [
        [undefined, '{"a":1}', 'data: {"a":1}\n\n'],
        ['ping', '{}', 'event: ping\ndata: {}\n\n'],
        [undefined, '[DONE]', 'data: [DONE]\n\n'],
      ],
    );
    assert.deepEqual(
      p.push('ial\n\n').map((e) => e.data),
      ['partial'],
    );
  });
});
