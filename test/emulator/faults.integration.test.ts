import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import OpenAI from 'openai';
import { type EmulatorOptions, startEmulator } from '../../src/emulator/index.js';

async function withEmulator(options: EmulatorOptions, fn: (url: string) => Promise<void>): Promise<void> {
  const emu = await startEmulator({ port: 0, ...options });
  try {
    await fn(emu.url);
  } finally {
    await emu.close();
  }
}

const chatBody = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'hi' }],
    max_tokens: 8,
    ...extra,
  });

const post = (url: string, body: string, path = '/chat/completions') =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

// Fault injection: each kind forced (rate 1) or drawn with a seed.
describe('emulator fault injection', () => {
  it('errorRate returns the configured statuses with retry-after, in each protocol shape', async () => {
    await withEmulator(
      { fast: true, faults: { errorRate: 1, errorStatus: [429], retryAfterS: 2 } },
      async (url) => {
        const res = await post(url, chatBody());
        assert.equal(res.status, 429);
        assert.equal(res.headers.get('retry-after'), '2');
        const body = (await res.json()) as { error: { code: string } };
        assert.equal(body.error.code, 'rate_limit_exceeded');
        const a = await post(
          url,
          JSON.stringify({
            model: 'claude-haiku-4-5',
            max_tokens: 5,
            messages: [{ role: 'user', content: 'x' }],
          }),
          '/messages',
        );
        assert.equal(a.status, 429);
        assert.deepEqual(((await a.json()) as { error: { type: string } }).error.type, 'rate_limit_error');
        const client = new OpenAI({ baseURL: url, apiKey: 't', maxRetries: 0 });
        await assert.rejects(
          client.chat.completions.create({
            model: 'gpt-4o-mini',
            messages: [{ role: 'user', content: 'hi' }],
          }),
          OpenAI.RateLimitError,
        );
      },
    );
  });

  it('a seeded error rate is deterministic and roughly proportional', async () => {
    const run = async () => {
      const statuses: number[] = [];
      await withEmulator(
        { fast: true, seed: 42, faults: { errorRate: 0.3, errorStatus: [500, 503] } },
        async (url) => {
          for (let i = 0; i < 60; i++) {
            const res = await post(url, chatBody());
            await res.arrayBuffer();
            statuses.push(res.status);
          }
        },
      );
      return statuses;
    };
    const a = await run();
    const b = await run();
    assert.deepEqual(a, b);
    const errors = a.filter((s) => s !== 200);
    assert.ok(errors.length > 5 && errors.length < 35, `errors: ${errors.length}`);
    assert.ok(errors.every((s) => s === 500 || s === 503));
  });

  it('disconnectRate cuts a stream mid-way (the SDK sees an error)', async () => {
    await withEmulator({ fast: true, faults: { disconnectRate: 1 } }, async (url) => {
      const client = new OpenAI({ baseURL: url, apiKey: 't', maxRetries: 0 });
      let chunks = 0;
      await assert.rejects(async () => {
        const stream = await client.chat.completions.create({
          model: 'gpt-4o-mini',
          messages: [{ role: 'user', content: 'hi' }],
          max_tokens: 20,
          stream: true,
        });
        for await (const _ of stream) chunks++;
      });
      assert.ok(chunks > 0 && chunks < 20, `chunks before the cut: ${chunks}`);
    });
  });

  it('disconnectRate in timed mode also cuts the stream', async () => {
    await withEmulator({ faults: { disconnectRate: 1 } }, async (url) => {
      const res = await post(url, chatBody({ stream: true, max_tokens: 4 }));
      await assert.rejects(res.text());
    });
  });

  it('malformedRate inserts one unparseable chunk; the rest stays valid', async () => {
    await withEmulator({ fast: true, faults: { malformedRate: 1 } }, async (url) => {
      const text = await (await post(url, chatBody({ stream: true }))).text();
      const datas = text
        .split('\n\n')
        .filter((e) => e.startsWith('data: ') && e !== 'data: [DONE]')
        .map((e) => e.slice(6));
      const bad = datas.filter((d) => {
        try {
          JSON.parse(d);
          return false;
        } catch {
          return true;
        }
      });
      assert.equal(bad.length, 1);
      assert.ok(text.endsWith('data: [DONE]\n\n'));
      const json = await (await post(url, chatBody())).text();
      assert.throws(() => JSON.parse(json));
    });
  });

  it('omitUsage drops usage from JSON, the stream usage chunk and Anthropic message_delta', async () => {
    await withEmulator({ fast: true, faults: { omitUsage: true } }, async (url) => {
      const json = (await (await post(url, chatBody())).json()) as { usage?: unknown };
      assert.equal(json.usage, undefined);
      const text = await (
        await post(url, chatBody({ stream: true, stream_options: { include_usage: true } }))
      ).text();
      assert.doesNotMatch(text, /"prompt_tokens"/);
      const a = await (
        await post(
          url,
          JSON.stringify({
            model: 'claude-haiku-4-5',
            max_tokens: 5,
            stream: true,
            messages: [{ role: 'user', content: 'x' }],
          }),
          '/messages',
        )
      ).text();
      const delta = a.split('\n\n').find((e) => e.startsWith('event: message_delta'));
      assert.ok(delta);
      assert.doesNotMatch(delta, /usage/);
    });
  });

  it('latency spikes are counted (their size is not timed here)', async () => {
    const emu = await startEmulator({ port: 0, faults: { latencySpikeRate: 1, latencySpikeMs: 5 } });
    try {
      await (await post(emu.url, chatBody({ max_tokens: 2 }))).text();
      assert.equal(emu.stats().faults.spikes, 1);
    } finally {
      await emu.close();
    }
  });

  it('timed mode streams chunks over time and reports usage', async () => {
    await withEmulator({ seed: 3 }, async (url) => {
      const client = new OpenAI({ baseURL: url, apiKey: 't', maxRetries: 0 });
      const stream = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'hi' }],
        max_tokens: 6,
        stream: true,
        stream_options: { include_usage: true },
      });
      let content = 0;
      let usage: OpenAI.CompletionUsage | undefined | null;
      for await (const c of stream) {
        if (c.choices[0]?.delta.content) content++;
        usage = c.usage ?? usage;
      }
      assert.equal(content, 6);
      assert.equal(usage?.completion_tokens, 6);
    });
  });
});
