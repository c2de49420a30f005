// `margin plan` as a user runs it (the real binary): a table that fits 120 columns (every column with
// --wide), the best API option always shown, CSV and JSON with every option, margins as percentages in
// one form, and a one-line error for an --out path that cannot be written.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../../../bin/margin.js', import.meta.url));
const root = fileURLToPath(new URL('../../..', import.meta.url));
const margin = (...args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: root, maxBuffer: 64 << 20 });

const examples = readdirSync(`${root}/examples`)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => `examples/${f}`);

/** The ranked table's lines: the header, the rule under it and the rows up to the first other line. */
function tableLines(out: string): string[] {
  const lines = out.split('\n');
  const start = lines.findIndex((l) => l.startsWith('rank '));
  assert.ok(start >= 0, out);
  const end = lines.findIndex((l, i) => i > start + 1 && !/^\s*\d+\s/.test(l));
  return lines.slice(start, end);
}

/** Every key anywhere in a JSON value. */
function keys(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) for (const x of v) keys(x, out);
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      out.add(k);
      keys(x, out);
    }
  return out;
}

describe('margin plan (real binary)', () => {
  for (const example of examples) {
    it(`${example}: the table fits 120 columns; --wide shows every column`, () => {
      const r = margin('plan', example);
      assert.equal(r.status, 0, r.stderr);
      const table = tableLines(r.stdout);
      assert.ok(table.length >= 3);
      for (const l of table) assert.ok(l.length <= 120, `${l.length} columns: ${l}`);
      const wide = margin('plan', example, '--wide');
      assert.equal(wide.status, 0, wide.stderr);
      const header = tableLines(wide.stdout)[0]!;
      for (const col of ['kind', 'util', 'kwh_month', 'kg_co2e_month', 'reason'])
        assert.match(header, new RegExp(col));
      assert.ok(header.length > 120);
    });
  }

  it('always shows the best API option, also when it ranks below --top', () => {
    const r = margin('plan', 'examples/rag-api.yaml', '--top', '2');
    assert.equal(r.status, 0, r.stderr);
    const rows = tableLines(r.stdout).slice(2);
    assert.equal(rows.length, 3, rows.join('\n'));
    assert.match(rows[2]!, /api \(/);
    assert.match(r.stdout, /rank \d+ is the best API option, shown for comparison \(outside the top 2\)/);
    const chat = margin('plan', 'examples/chat-assistant.yaml');
    assert.ok(tableLines(chat.stdout).some((l) => /api \(/.test(l)));
  });

  it('the quality comparison names options readably', () => {
    const r = margin('plan', 'examples/chat-assistant.yaml');
    assert.match(
      r.stdout,
      /\nagainst gpt-4o-mini \(openai API\): 63\.1, \$[\d.]+\/query; the cheapest options:\n {2}qwen3-32b on 1× h100-sxm fp8, onprem: gains/,
    );
    assert.match(
      r.stdout,
      /\nbelow the floor, the cheapest is llama-3\.1-8b on 1× l40s fp8, (onprem|marketplace) \(48\.3\)/,
    );
  });

  it('infeasible options are a short list with their reasons, not table rows', () => {
    const r = margin('plan', 'examples/chat-assistant.yaml');
    assert.match(r.stdout, /\ninfeasible \(\d+ options/);
    assert.match(r.stdout, /\n {2}llama-3\.1-70b h100-sxm×1 bf16: needs \d+ GB/);
    assert.ok(tableLines(r.stdout).every((l) => !/false/.test(l)));
  });

  it('CSV and JSON hold every option, whatever --top says', () => {
    const r = margin('plan', 'examples/chat-assistant.yaml', '--format', 'json', '--top', '2');
    assert.equal(r.status, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as {
      options: { total: number };
      top: number;
      results: Array<{ id: string; name: string; feasible: boolean }>;
    };
    assert.equal(doc.top, 2);
    assert.equal(doc.results.length, doc.options.total);
    assert.ok(doc.results.every((x) => x.name && x.name !== x.id));
    const csv = margin('plan', 'examples/chat-assistant.yaml', '--format', 'csv', '--top', '2');
    assert.equal(csv.stdout.trim().split('\n').length, doc.options.total + 1);
  });

  it('margins are percentages, named so, in every output', () => {
    const r = margin('plan', 'examples/chat-assistant.yaml', '--format', 'json');
    const doc = JSON.parse(r.stdout) as {
      results: Array<{ margin_pct: number | null; feasible: boolean }>;
      economics: {
        months: Array<{ grossMarginPct: number }>;
        sensitivity: Array<{ grossMarginPct: number }>;
      };
    };
    const k = keys(doc);
    for (const bad of ['margin', 'grossMargin', 'heavyUserMargin']) assert.ok(!k.has(bad), bad);
    const first = doc.results.find((x) => x.feasible)!;
    assert.ok(
      first.margin_pct !== null && first.margin_pct > 1 && first.margin_pct <= 100,
      String(first.margin_pct),
    );
    assert.ok(doc.economics.months.every((m) => m.grossMarginPct <= 100 && m.grossMarginPct > 1));
    assert.ok(doc.economics.sensitivity.every((m) => m.grossMarginPct > 1));
    const table = margin('plan', 'examples/chat-assistant.yaml');
    assert.match(tableLines(table.stdout)[0]!, /margin_pct/);
    const row = tableLines(table.stdout)[2]!;
    assert.match(row, /\s9\d\.\d$/, 'a percentage, not a fraction');
  });

  it('--out into a folder that does not exist: one line, exit 1, before any work', () => {
    const r = margin(
      'plan',
      'examples/chat-assistant.yaml',
      '--format',
      'html',
      '--out',
      '/nonexistent/x.html',
    );
    assert.equal(r.status, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(
      r.stderr,
      /^margin plan: --out \/nonexistent\/x\.html: cannot write the file \(its folder does not exist\)/,
    );
    assert.doesNotMatch(r.stderr, /ENOENT|at .*\.js/);
    const dir = margin('plan', 'examples/chat-assistant.yaml', '--out', '/tmp');
    assert.equal(dir.status, 1);
    assert.match(dir.stderr, /--out \/tmp: cannot write the file \(it is a folder\)/);
  });
});
