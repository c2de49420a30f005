// The compatibility matrix in docs/protocols.md is generated from test/clients (`npm run docs:clients`):
// its cells must be exactly the suite's tests, and every test in the suite must name its feature and
// upstream (`<feature> [openai|anthropic|gemini]`).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { declaredTests, parseMatrix, parseTestName, renderMatrix } from '../../scripts/client-matrix.js';
import { ROOT } from '../gateway/helpers/paths.js';

const dir = join(ROOT, 'test', 'clients');
const declared = readdirSync(dir)
  .filter((f) => f.endsWith('.integration.test.ts'))
  .flatMap((f) => declaredTests(readFileSync(join(dir, f), 'utf8')));

const key = (c: { client: string; feature: string; upstream: string }) =>
  `${c.client} | ${c.feature} | ${c.upstream}`;

describe('client compatibility matrix', () => {
  it('every suite test is named <feature> [<upstream>]', () => {
    assert.ok(declared.length > 100, `${declared.length} tests`);
    for (const t of declared) assert.ok(parseTestName(t.name), `${t.client}: '${t.name}'`);
  });

  it('the table in docs/protocols.md has exactly the suite tests, all passing', () => {
    const table = parseMatrix(readFileSync(join(ROOT, 'docs', 'protocols.md'), 'utf8'));
    const fromSuite = declared.map((t) =>
      key({ client: t.client, ...(parseTestName(t.name) ?? { feature: '', upstream: '' }) }),
    );
    assert.deepEqual(table.map(key).sort(), fromSuite.sort());
    assert.deepEqual(table.filter((c) => !c.ok).map(key), [], 'failed cells in the committed table');
  });

  it('renders and parses back the same cells', () => {
    const results = [
      { client: 'x', feature: 'chat', upstream: 'openai', ok: true },
      { client: 'x', feature: 'chat', upstream: 'gemini', ok: false },
      { client: 'y', feature: 'thinking', upstream: 'anthropic', ok: true },
    ];
    assert.deepEqual(parseMatrix(renderMatrix(results)).map(key).sort(), results.map(key).sort());
  });
});
