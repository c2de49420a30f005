// SIGKILL with batches in every state — done, running (two lines in flight at the upstream), queued and
// cancelled — then a restart: finished lines are never run again, cancelled ones never run, the lines in
// flight run again under the same idempotency key (their result was never recorded), every line ends with
// exactly one result in the output file and one ledger record.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openStore } from '../../src/ledger/index.js';
import { type FakeUpstream, startFakeUpstream } from './helpers/fake-upstream.js';
import { type ServeProcess, startServe } from './helpers/serve-process.js';

const dir = mkdtempSync(join(tmpdir(), 'margin-batch-kill-'));
const running: ServeProcess[] = [];
let up: FakeUpstream | undefined;
after(async () => {
  for (const s of running) await s.stop('SIGKILL');
  await up?.close();
  rmSync(dir, { recursive: true, force: true });
});

const answer = (text: string) => ({
  kind: 'json' as const,
  body: {
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, message: { role: 'assistant', content: `ok ${text}` }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
  },
});

const contentOf = (body: Record<string, unknown> | undefined): string =>
  String((body?.messages as Array<{ content: string }> | undefined)?.[0]?.content ?? '');

async function api(url: string, path: string, init?: RequestInit): Promise<Record<string, unknown>> {
  const r = await fetch(`${url}${path}`, init);
  const j = (await r.json()) as Record<string, unknown>;
  assert.ok(r.status < 300, `${path}: ${r.status} ${JSON.stringify(j)}`);
  return j;
}

async function batch(url: string, ids: string[]): Promise<string> {
  const jsonl = ids
    .map((id) =>
      JSON.stringify({
        custom_id: id,
        method: 'POST',
        url: '/v1/chat/completions',
        body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: id }] },
      }),
    )
    .join('\n');
  const form = new FormData();
  form.set('purpose', 'batch');
  form.set('file', new Blob([jsonl]), 'in.jsonl');
  const file = await api(url, '/v1/files', { method: 'POST', body: form });
  const b = await api(url, '/v1/batches', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      input_file_id: file.id,
      endpoint: '/v1/chat/completions',
      completion_window: '24h',
    }),
  });
  return String(b.id);
}

async function until(cond: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out: ${what}`);
}

const status = async (url: string, id: string) => String((await api(url, `/v1/batches/${id}`)).status);

describe('batches across a SIGKILL', () => {
  it('no finished or cancelled line runs again, none is lost, one ledger record each', async () => {
    let hang = true;
    const parked: Array<() => void> = [];
    up = await startFakeUpstream((req) => {
      const text = contentOf(req.body);
      if (text.startsWith('slow') && hang) return { kind: 'hang' };
      return answer(text);
    });
    void parked;
    const yaml = `models:
  - name: '*'
    provider: openai-compatible
    baseUrl: ${up.url}
governance:
  keysDb: off
retries:
  max: 0
deferral:
  concurrency: 2
  leaseMs: 1500
  tickMs: 100
`;
    const first = await startServe(dir, yaml);
    running.push(first);
    const a = await batch(first.url, ['a1', 'a2', 'a3']);
    await until(async () => (await status(first.url, a)) === 'completed', 'batch A done');
    // B's two slow lines take both slots; B's other lines, C and D queue behind them.
    const b = await batch(first.url, ['slow1', 'slow2', 'b3', 'b4']);
    await until(
      () => up?.seen.filter((s) => contentOf(s.body).startsWith('slow')).length === 2,
      'slow lines in flight',
    );
    const c = await batch(first.url, ['c1', 'c2', 'c3']);
    const d = await batch(first.url, ['d1', 'd2']);
    const cancelled = await api(first.url, `/v1/batches/${d}/cancel`, { method: 'POST' });
    assert.equal(cancelled.status, 'cancelled');
    assert.equal(await status(first.url, b), 'in_progress');
    first.child.kill('SIGKILL');
    await first.stop();

    hang = false;
    const second = await startServe(dir, yaml);
    running.push(second);
    for (const id of [b, c])
      await until(async () => (await status(second.url, id)) === 'completed', `${id} done`);
    assert.equal(await status(second.url, d), 'cancelled');
    assert.equal(await status(second.url, a), 'completed');

    const calls = new Map<string, string[]>();
    for (const s of up.seen) {
      const id = contentOf(s.body);
      calls.set(id, [...(calls.get(id) ?? []), String(s.headers['idempotency-key'])]);
    }
    for (const id of ['a1', 'a2', 'a3', 'b3', 'b4', 'c1', 'c2', 'c3'])
      assert.equal(calls.get(id)?.length, 1, id);
    for (const id of ['d1', 'd2']) assert.equal(calls.get(id), undefined, id);
    for (const id of ['slow1', 'slow2']) {
      const keys = calls.get(id) ?? [];
      assert.equal(keys.length, 2, `${id} re-run once after the crash`);
      assert.equal(keys[0], keys[1], `${id} re-run under the same idempotency key`);
    }
    // Every line of A, B, C exactly once in its output file.
    for (const [id, want] of [
      [a, ['a1', 'a2', 'a3']],
      [b, ['slow1', 'slow2', 'b3', 'b4']],
      [c, ['c1', 'c2', 'c3']],
    ] as const) {
      const text = await (await fetch(`${second.url}/v1/files/file-${id}-output/content`)).text();
      const got = text
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { custom_id: string }).custom_id);
      assert.deepEqual(got.sort(), [...want].sort());
    }
    assert.equal(await second.stop(), 0);
    const store = await openStore(`sqlite:${join(dir, 'margin.db')}`, false);
    try {
      const records = await store.records({ from: 0, to: Number.MAX_SAFE_INTEGER, limit: 100_000 });
      for (const [id, n] of [
        [a, 3],
        [b, 4],
        [c, 3],
        [d, 0],
      ] as const) {
        const mine = records.filter((r) => r.jobId === id);
        assert.equal(mine.length, n, `ledger records of ${id}`);
        assert.equal(new Set(mine.map((r) => r.id)).size, n);
      }
    } finally {
      await store.close();
    }
  });
});
