import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { main } from '../../src/cli/index.js';
import { captureIO, repoRoot } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'margin-plan-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function plan(...args: string[]) {
  const io = captureIO();
  const code = await main(['plan', ...args], io);
  return { code, out: io.out, err: io.err };
}

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const examples = readdirSync(join(repoRoot(), 'examples'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => join(repoRoot(), 'examples', f));

/** Every number in a JSON text is finite (JSON cannot hold NaN, but a writer could print it as text). */
function assertClean(text: string) {
  assert.doesNotMatch(text, /NaN|Infinity/);
}

describe('margin plan', () => {
  it('has at least the four documented examples', () => {
    const names = examples.map((e) => e.split('/').pop());
    for (const n of ['chat-assistant.yaml', 'rag-api.yaml', 'batch-documents.yaml', 'llama70b-claims.yaml'])
      assert.ok(names.includes(n), n);
  });

  for (const example of examples) {
    it(`example ${example.split('/').pop()}: JSON has ranked results and no NaN/Infinity`, async () => {
      const r = await plan(example, '--format', 'json', '--top', '5');
      assert.equal(r.code, 0, r.err);
      assertClean(r.out);
      const doc = JSON.parse(r.out) as {
        results: Array<{ rank: number; feasible: boolean }>;
        best: string | null;
      };
      assert.ok(doc.results.length > 0);
      assert.ok(doc.best);
      assert.equal(doc.results[0]!.rank, 1);
    });
  }

  it('prints a table, and the claims check for the 70B example', async () => {
    const r = await plan(join(repoRoot(), 'examples', 'llama70b-claims.yaml'));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /claims check/);
    // 70B does not fit one L4 at any precision.
    const l4 = r.out.split('\n').filter((l) => /L4 ~400/.test(l));
    assert.equal(l4.length, 4);
    for (const l of l4) assert.match(l, /false/);
    assertClean(r.out);
  });

  it('writes a self-contained HTML report with SVG charts', async () => {
    const out = join(dir, 'plan.html');
    const r = await plan(
      join(repoRoot(), 'examples', 'chat-assistant.yaml'),
      '--format',
      'html',
      '--out',
      out,
    );
    assert.equal(r.code, 0, r.err);
    const html = readFileSync(out, 'utf8');
    assert.match(html, /^<!doctype html>/);
    assert.ok((html.match(/<svg /g) ?? []).length >= 3);
    assert.doesNotMatch(html, /<script|https?:\/\/(?!www\.w3\.org)/);
    // Costs have their own chart (log axis: the API model grows ~200× over the ramp); revenue is separate.
    const section = (title: string) => html.split(`<h2>${title}</h2>`)[1]?.split('<h2>')[0] ?? '';
    const costs = section('Monthly cost as usage grows');
    assert.match(costs, /<svg /);
    assert.match(costs, /log scale/);
    assert.doesNotMatch(costs, />revenue</);
    assert.match(costs, /api:/);
    assert.match(section('Revenue and cost by month (best option)'), />revenue</);
    assertClean(html);
  });

  it('CSV has a header and one row per option', async () => {
    const r = await plan(join(repoRoot(), 'examples', 'rag-api.yaml'), '--format', 'csv', '--top', '3');
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trim().split('\n');
    assert.match(lines[0]!, /^rank,id,name,kind,model/);
    assert.ok(lines.length >= 4);
  });

  it('--explain prints the derivation of one option by rank or id', async () => {
    const w = join(repoRoot(), 'examples', 'chat-assistant.yaml');
    const r = await plan(w, '--explain', '1');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /rank 1/);
    assert.match(r.out, /month {2}queries/);
    assert.match(r.out, /Erlang C/);
    assert.match(r.out, /p95 TTFT/);
    assert.match(r.out, /most loaded hour/);
    const api = await plan(w, '--explain', 'api:gpt-4o-mini');
    assert.equal(api.code, 0, api.err);
    assert.match(api.out, /shared meter/);
    assert.match(api.out, /provider prompt cache: .* written/);
    const bad = await plan(w, '--explain', 'nope');
    assert.equal(bad.code, 1);
    assert.match(bad.err, /no option 'nope'/);
  });

  it('--months changes the horizon', async () => {
    const r = await plan(join(repoRoot(), 'examples', 'rag-api.yaml'), '--format', 'json', '--months', '3');
    assert.equal(r.code, 0, r.err);
    assert.equal(
      (JSON.parse(r.out) as { demand: { queriesPerMonth: number[] } }).demand.queriesPerMonth.length,
      3,
    );
  });

  it('bad input: one line naming the field, exit 1', async () => {
    const w = file(
      'bad.yaml',
      'traffic:\n  requestsPerDay: 0\ntokens: { input: 10, output: 10 }\ncandidates: { api: [gpt-4o] }\n',
    );
    const r = await plan(w);
    assert.equal(r.code, 1);
    assert.equal(r.err.trim().split('\n').length, 1);
    assert.match(r.err, /workload\.traffic\.requestsPerDay: must be > 0/);
    const u = file(
      'unknown.yaml',
      'traffic: { requestsPerDay: 10 }\ntokens: { input: 10, output: 10 }\ncandidates: { api: [gpt-4x] }\n',
    );
    const ru = await plan(u);
    assert.equal(ru.code, 1);
    assert.match(ru.err, /Unknown model 'gpt-4x'.*Did you mean/);
    assert.equal((await plan()).code, 1);
    assert.match((await plan(join(dir, 'missing.yaml'))).err, /cannot read workload file/);
    assert.match((await plan(w, '--format', 'xml')).err, /--format must be one of/);
    assert.match((await plan(w, '--months', '0')).err, /--months/);
  });

  it('chat-assistant shows quality next to cost and honours its quality floor', async () => {
    const r = await plan(join(repoRoot(), 'examples', 'chat-assistant.yaml'), '--top', '5');
    assert.equal(r.code, 0, r.err);
    const header = r.out.split('\n').find((l) => l.startsWith('rank')) ?? '';
    assert.ok(header.indexOf('quality') > header.indexOf('usd_per_query'), header);
    assert.match(r.out, /floor 58\.1 = gpt-4o-mini \(63\.1\) − 5; \d+ of \d+ feasible options meet it/);
    const best = /^best: (\S+)/m.exec(r.out)?.[1] ?? '';
    assert.doesNotMatch(best, /^llama-3\.1-8b@/, 'the cheapest model misses the floor');
    assert.match(
      r.out,
      /below the floor, the cheapest is llama-3\.1-8b on 1× \S+ \w+, \w+ \(48\.3\): .* gives up [\d.]+ points at \d+% lower cost/,
    );
  });

  it('--trace: the ramp runs to its absolute target (never the measured rate × to/from) and hints keep --trace', async () => {
    const chat = join(repoRoot(), 'examples', 'chat-assistant.yaml');
    const trace = join(repoRoot(), 'test', 'planner', 'fixtures', 'azure-conv-30.csv');
    const r = await plan(chat, '--trace', trace, '--top', '3');
    assert.equal(r.code, 0, r.err);
    // chat-assistant ramps to 400,000 requests/day: at most 400,000 × 30.4 ≈ 12.2M queries/month.
    const m = /(\d[\d,]*) → (\d[\d,]*) queries\/month/.exec(r.out);
    assert.ok(m, r.out.slice(0, 300));
    assert.ok(Number(m[2]?.replace(/,/g, '')) <= 400_000 * (730 / 24) + 1, m[0]);
    assert.match(r.out, /note: growth: /);
    assert.match(
      r.out,
      /explain any option: margin plan \S+chat-assistant\.yaml --trace \S+azure-conv-30\.csv --explain/,
    );
  });

  it('--trace alone plans every catalog API model from the trace’s traffic', async () => {
    const r = await plan(
      '--trace',
      join(repoRoot(), 'test', 'planner', 'fixtures', 'mooncake-5.jsonl'),
      '--format',
      'json',
      '--top',
      '3',
    );
    assert.equal(r.code, 0, r.err);
    const doc = JSON.parse(r.out) as { tokens: { prefixShare: number }; options: { total: number } };
    assert.ok(doc.options.total > 10);
    assert.ok(Math.abs(doc.tokens.prefixShare - 2636 / 4524) < 1e-9);
  });
});
