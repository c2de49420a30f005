// `npm run screenshots [-- --suffix -before]`: PNGs of the dashboard (a week of demo traffic in a real
// SQLite ledger) and of the planner's HTML report for two examples, in headless Chromium, into docs/img/.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { main } from '../src/cli/index.js';
import { openStore } from '../src/ledger/index.js';
import { ledgerDashboard } from '../src/report/dashboard-handler.js';
import { repoRoot } from '../test/ledger/fixtures.js';
import { demoRecords } from '../test/report/demo-ledger.js';

const { values } = parseArgs({ options: { suffix: { type: 'string', default: '' } } });
const root = repoRoot();
const outDir = join(root, 'docs', 'img');
mkdirSync(outDir, { recursive: true });
const tmp = mkdtempSync(join(tmpdir(), 'margin-shots-'));

const store = await openStore('sqlite::memory:');
await store.insertBatch(demoRecords(Date.now()));
const handler = ledgerDashboard(store);
const server = createServer((req, res) => {
  void handler(req, res).then((served) => {
    if (!served) res.writeHead(404).end();
  });
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const plans: Array<[string, string]> = [
  ['plan-chat-assistant', 'examples/chat-assistant.yaml'],
  ['plan-rag-api', 'examples/rag-api.yaml'],
];
for (const [name, workload] of plans) {
  let html = '';
  const code = await main(['plan', join(root, workload), '--format', 'html'], {
    stdout: (t) => {
      html += t;
    },
    stderr: () => {},
  });
  if (code !== 0) throw new Error(`margin plan ${workload} exited ${code}`);
  writeFileSync(join(tmp, `${name}.html`), html);
}

const { chromium } = await import('playwright-core');
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${base}/`);
  await page.waitForSelector('#recent tbody tr', { timeout: 15_000 });
  await page.waitForSelector('#requests .u-legend', { timeout: 15_000 });
  await page.waitForSelector('#savings .bar-row', { timeout: 15_000 });
  await page.waitForTimeout(500);
  const shots = [join(outDir, `dashboard${values.suffix}.png`)];
  await page.screenshot({ path: shots[0]!, fullPage: true });
  // The planner report is laid out for 1,400 px (its browser test checks nothing overflows there).
  const report = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  for (const [name] of plans) {
    await report.goto(`file://${join(tmp, `${name}.html`)}`);
    await report.waitForTimeout(300);
    const path = join(outDir, `${name}${values.suffix}.png`);
    await report.screenshot({ path, fullPage: true });
    shots.push(path);
  }
  for (const s of shots) process.stdout.write(`${s}\n`);
} finally {
  await browser.close();
  server.close();
  await store.close();
  rmSync(tmp, { recursive: true, force: true });
}
