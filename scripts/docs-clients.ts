// `npm run docs:clients`: runs the client-compatibility suite (test/clients) and rewrites the matrix in
// docs/protocols.md from its results. Exit code 1 when a test failed (the table then shows ✗ where).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { run } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseTestName, type Result, renderMatrix, replaceMatrix } from './client-matrix.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = join(root, 'dist', 'test', 'clients');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.integration.test.js'))
  .sort()
  .map((f) => join(dir, f));

const results: Result[] = [];
const suites = new Map<string, string>();
let failed = 0;
const stream = run({ files, concurrency: 1 });
stream.on('test:start', (ev) => {
  if (ev.nesting === 0) suites.set(ev.file ?? '', ev.name);
});
const record = (ok: boolean) => (ev: { name: string; nesting: number; file?: string }) => {
  if (ev.nesting !== 1) return;
  const parsed = parseTestName(ev.name);
  if (!parsed) return;
  results.push({ client: suites.get(ev.file ?? '') ?? '?', ...parsed, ok });
  if (!ok) failed++;
};
stream.on('test:pass', record(true));
stream.on('test:fail', record(false));
for await (const _ of stream) {
  // drain: results arrive through the events above
}

const docPath = join(root, 'docs', 'protocols.md');
writeFileSync(docPath, replaceMatrix(readFileSync(docPath, 'utf8'), renderMatrix(results)));
process.stdout.write(`docs/protocols.md: ${results.length} results, ${failed} failed\n`);
process.exitCode = failed > 0 ? 1 : 0;
