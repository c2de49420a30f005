// The dashboard as a person sees it: headless Chromium loads the page from a real ledger, the script runs
// without errors, and the KPIs, charts and recent-requests table fill in.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openStore } from '../../src/ledger/index.js';
import type { LedgerStore } from '../../src/ledger/store.js';
import { ledgerDashboard } from '../../src/report/dashboard-handler.js';
import { makeRecord } from '../ledger/fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
let store: LedgerStore;
let base = '';
const server = createServer((req, res) => {
  void ledgerDashboard(store)(req, res).then((served) => {
    if (!served) {
      res.writeHead(404);
      res.end();
    }
  });
});

before(async () => {
  store = await openStore('sqlite::memory:');
  const now = Date.now();
  const models = ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4-5'];
  await store.insertBatch(
    Array.from({ length: 60 }, (_, i) =>
      makeRecord(i, {
        ts: now - i * 60_000,
        requestedModel: models[i % 3]!,
        servedModel: models[i % 3]!,
        status: i % 10 === 0 ? 500 : 200,
      }),
    ),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  await new Promise((r) => server.close(r));
  await store.close();
});

describe('dashboard in a browser', {
  skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} not installed (.ci/run installs it)`,
}, () => {
  it('renders KPIs, charts and recent requests with no script errors', async () => {
    const { chromium } = await import('playwright-core');
    const shots = mkdtempSync(join(tmpdir(), 'margin-dashboard-'));
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-quic',
        '--no-first-run',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      await page.goto(`${base}/`);
      await page.waitForSelector('#kpis .kpi', { timeout: 15_000 });
      await page.waitForSelector('#recent tr', { timeout: 15_000 });
      assert.deepEqual(errors, []);
      const kpis = (await page.locator('#kpis').textContent()) ?? '';
      assert.match(kpis, /Spend/);
      assert.match(kpis, /\$\d/);
      assert.match(kpis, /Requests/);
      assert.equal(await page.locator('#recent tr').count(), 25);
      assert.ok(
        (await page.locator('#spend rect, #spend path, #spend line').count()) > 0,
        'spend chart drawn',
      );
      assert.ok((await page.locator('#requests path').count()) > 0, 'requests line drawn');
      assert.match(await page.locator('#spend').innerHTML(), /gpt-4o-mini|claude-sonnet-4-5/);
      assert.equal((await page.locator('#err').textContent()) ?? '', '');
      await page.screenshot({
        path: process.env['MARGIN_SCREENSHOT'] ?? join(shots, 'dashboard.png'),
        fullPage: true,
      });
    } finally {
      await browser.close();
      rmSync(shots, { recursive: true, force: true });
    }
  });
});
