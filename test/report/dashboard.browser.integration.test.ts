// The dashboard as a person sees it: headless Chromium loads the page over a week of fabricated traffic in a
// real ledger and checks what the screenshots once got wrong — legends told apart by colour, no clipped
// text, rounded milliseconds, small spends that do not read as zero, the savings chart, spend by tenant and
// key, the requested model on rows that failed before routing, auto-refresh, and the advice panel.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { openStore } from '../../src/ledger/index.js';
import type { LedgerStore } from '../../src/ledger/store.js';
import { makeUsage } from '../../src/meter/index.js';
import { ledgerDashboard } from '../../src/report/dashboard-handler.js';
import { makeRecord } from '../ledger/fixtures.js';
import { demoRecords } from './demo-ledger.js';

const CHROMIUM = '/usr/bin/chromium';
/** The few browser globals the page callbacks use (the project compiles without the DOM library). */
interface BrowserGlobals {
  getComputedStyle(e: unknown): { color: string; borderColor: string };
  devicePixelRatio: number;
  marginCharts: Record<string, UPlotLike>;
}
interface UPlotLike {
  axes: Array<{ font: string[]; _values: string[]; _size: number }>;
  ctx: { font: string; measureText(t: string): { width: number } };
}
const ZERO_COST = { input: 0, cachedInput: 0, cacheWrite: 0, output: 0, reasoning: 0, total: 0 };
let store: LedgerStore;
let base = '';
let browser: Browser | undefined;
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
  await store.insertBatch(demoRecords(now - 60_000, 1500));
  // The newest rows, as the recent-requests table shows them first.
  await store.insertBatch([
    makeRecord(1, {
      id: 'tiny-spend',
      ts: now - 3000,
      requestedModel: 'gpt-4o-mini',
      servedModel: 'gpt-4o-mini',
      usage: makeUsage({ inputTokens: 40, outputTokens: 3 }),
      costUsd: { ...ZERO_COST, input: 0.000042, output: 0.0000018, total: 0.0000438 },
      latencyMs: 0.692098999999871,
    }),
    makeRecord(2, {
      id: 'refused-before-routing',
      ts: now - 2000,
      requestedModel: 'claude-sonnet-4-5',
      servedModel: null,
      provider: null,
      status: 429,
      errorCode: 'MARGIN_ERR_RATE_LIMITED',
      usage: makeUsage(),
      costUsd: ZERO_COST,
      route: null,
      latencyMs: 1573.3654295094311,
    }),
  ]);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  await browser?.close();
  await new Promise((r) => server.close(r));
  await store.close();
});

async function open(path = '/'): Promise<{ page: Page; errors: string[]; requests: string[] }> {
  if (!browser) {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    // The advice endpoint is optional: its 404 hides the panel and is not an error of the page.
    if (m.type() === 'error' && !m.location().url.includes('/api/advise')) errors.push(m.text());
  });
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${base}${path}`);
  await page.waitForSelector('#recent tbody tr', { timeout: 20_000 });
  await page.waitForSelector('#requests .u-legend', { timeout: 20_000 });
  return { page, errors, requests };
}

describe('dashboard in a browser', {
  skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} not installed (.ci/run installs it)`,
}, () => {
  it('loads with no script errors and no request leaving its origin', async () => {
    const { page, errors, requests } = await open();
    assert.deepEqual(errors, []);
    const foreign = requests.filter((u) => !u.startsWith(`${base}/`) && !u.startsWith('data:'));
    assert.deepEqual(foreign, []);
    assert.equal((await page.locator('#err').textContent()) ?? '', '');
    const kpis = (await page.locator('#kpis').textContent()) ?? '';
    assert.match(kpis, /Spend/);
    assert.match(kpis, /\$\d/);
    await page.close();
  });

  it('draws legends in distinct colours, several ticks and no clipped text', async () => {
    const { page } = await open();
    for (const id of ['requests', 'money']) {
      const colours = await page.$$eval(`#${id} .u-legend .u-series`, (rows) =>
        rows.slice(1).map((r) => {
          const w = globalThis as unknown as BrowserGlobals;
          return {
            label: w.getComputedStyle(r.querySelector('.u-label')).color,
            marker: w.getComputedStyle(r.querySelector('.u-marker')).borderColor,
          };
        }),
      );
      assert.equal(colours.length, 2, `${id}: two series`);
      assert.notEqual(colours[0]!.label, colours[1]!.label, `${id}: legend text colours`);
      assert.notEqual(colours[0]!.marker, colours[1]!.marker, `${id}: legend marker colours`);
      assert.notEqual(colours[0]!.label, 'rgb(0, 0, 0)');
    }
    // Axis ticks: uPlot keeps the values it drew; each axis gutter is wide enough for its longest label.
    const axes = await page.evaluate(() => {
      const w = globalThis as unknown as BrowserGlobals;
      return Object.entries(w.marginCharts).map(([id, u]) => {
        const x = u.axes[0]!;
        const y = u.axes[1]!;
        u.ctx.font = y.font[0]!;
        const widest = Math.max(...y._values.map((v) => u.ctx.measureText(v).width)) / w.devicePixelRatio;
        return { id, x: x._values.filter(Boolean), y: y._values, widest, gutter: y._size };
      });
    });
    assert.equal(axes.length, 2);
    for (const a of axes) {
      assert.ok(a.y.length >= 4, `${a.id}: y ticks ${a.y}`);
      assert.equal(new Set(a.y).size, a.y.length, `${a.id}: distinct y tick labels ${a.y}`);
      assert.ok(new Set(a.x).size >= 4, `${a.id}: x ticks ${a.x}`);
      assert.ok(a.widest + 4 <= a.gutter, `${a.id}: y labels ${a.widest}px in a ${a.gutter}px gutter`);
    }
    const clipped = await page.$$eval(
      '.bar-label, .bar-value, .kpi b, .kpi span, td, th, h2, .u-legend .u-label, .u-legend .u-value',
      (els) =>
        els
          .filter((e) => {
            if (e.scrollWidth > e.clientWidth + 1) return true;
            const card = e.closest('.card, .kpi');
            if (!card) return false;
            const b = e.getBoundingClientRect();
            const c = card.getBoundingClientRect();
            return b.left < c.left - 0.5 || b.right > c.right + 0.5;
          })
          .map((e) => `${e.className || e.tagName}: ${e.textContent}`),
    );
    assert.deepEqual(clipped, []);
    assert.ok(
      (await page.locator('.bar-value', { hasText: 'g CO2e' }).count()) >= 5,
      'CO2e bar labels present',
    );
    // On a phone-sized screen the page does not run off sideways (wide tables scroll inside their card).
    await page.setViewportSize({ width: 400, height: 800 });
    await page.waitForTimeout(200);
    const narrow = await page.evaluate(() => {
      const d = (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } })
        .document;
      return d.documentElement.scrollWidth;
    });
    assert.ok(narrow <= 400, `page ${narrow}px wide in a 400px viewport`);
    await page.close();
  });

  it('rounds milliseconds, shows small spends and the requested model of rows refused before routing', async () => {
    const { page } = await open();
    const rows = await page.$$eval('#recent tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    );
    const head = await page.$$eval('#recent th', (ths) => ths.map((th) => th.textContent));
    const ms = head.indexOf('ms');
    const cost = head.indexOf('cost');
    const model = head.indexOf('model');
    assert.equal(rows.length, 25);
    for (const r of rows) assert.match(r[ms]!, /^[\d,]+(\.\d)?$/, `ms cell ${r[ms]}`);
    const [refused, tiny] = rows;
    assert.equal(refused![model], 'claude-sonnet-4-5');
    assert.equal(refused![ms], '1,573');
    assert.equal(tiny![ms], '0.7');
    assert.equal(tiny![cost], '43.8 µ$');
    const texts = await page.$$eval('main td, main .bar-value, main .kpi b, #savings-note', (els) =>
      els.map((e) => e.textContent ?? ''),
    );
    assert.ok(texts.length > 100);
    for (const t of texts) {
      assert.doesNotMatch(t, /0\.0000/);
      assert.doesNotMatch(t, /\d\.\d{5,}/, `raw float in '${t}'`);
    }
    await page.close();
  });

  it('draws savings per lever and spend by tenant and by key', async () => {
    const { page } = await open();
    const levers = await page.$$eval('#savings .bar-label', (els) => els.map((e) => e.textContent ?? ''));
    for (const l of ['exact cache', 'semantic cache', 'prompt caching', 'routing', 'batch']) {
      assert.ok(
        levers.some((x) => x.startsWith(l)),
        `${l} in ${levers}`,
      );
    }
    assert.match((await page.locator('#savings-note').textContent()) ?? '', /without any lever \$\d/);
    const tenants = await page.$$eval('#tenants tbody tr td:first-child', (tds) =>
      tds.map((t) => t.textContent),
    );
    assert.deepEqual([...tenants].sort(), ['acme', 'globex', 'initech']);
    const keys = await page.$$eval('#keys tbody tr td:first-child', (tds) => tds.map((t) => t.textContent));
    assert.deepEqual([...keys].sort(), [
      'key-a',
      'key-acme-dev',
      'key-acme-prod',
      'key-globex',
      'key-initech',
    ]);
    // The handler answers /api/advise (margin advise's report), so the advice panel appears.
    await page.waitForSelector('#advice-card:not([hidden])', { timeout: 20_000 });
    await page.close();
  });

  it('refreshes itself until paused', async () => {
    const { page } = await open('/?refresh=1');
    const summaries = () =>
      page.evaluate(
        () => performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/summary')).length,
      );
    await page.waitForFunction(
      () =>
        performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/summary')).length >= 3,
      undefined,
      { timeout: 20_000 },
    );
    await page.click('#pause');
    assert.equal(await page.locator('#pause').textContent(), 'Resume auto-refresh');
    await page.waitForTimeout(300); // lets a refresh already under way finish
    const paused = await summaries();
    await page.waitForTimeout(2500);
    assert.equal(await summaries(), paused, 'no fetch while paused');
    await page.close();
  });

  it('shows the advice panel when /api/advise answers', async () => {
    if (!browser) await open();
    const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
    await page.route('**/api/advise**', (route) =>
      route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({
          generatedAt: new Date().toISOString(),
          days: 7,
          requests: 1500,
          actions: [
            {
              id: 'route-easy',
              rank: 1,
              title: 'Route easy prompts to gpt-4o-mini',
              usdPerMonth: 41.2,
              usdPerMonthLow: 30.1,
              usdPerMonthHigh: 55.9,
              confidence: 'medium',
              explain: ['62% of gpt-4o prompts look easy', 'measured on 1,500 requests'],
            },
            {
              id: 'region',
              rank: 2,
              title: 'Run in a lower-carbon region',
              usdPerMonth: 0,
              usdPerMonthLow: 0,
              usdPerMonthHigh: 0,
              confidence: 'low',
              explain: [],
            },
          ],
        }),
      }),
    );
    await page.goto(`${base}/`);
    await page.waitForSelector('#advice li.advice', { timeout: 20_000 });
    const text = (await page.locator('#advice-card').textContent()) ?? '';
    assert.match(text, /Route easy prompts to gpt-4o-mini/);
    assert.match(text, /\$41\.20\/month \(\$30\.10–\$55\.90\)/);
    assert.match(text, /medium confidence/);
    const second = (await page.locator('#advice li.advice').nth(1).textContent()) ?? '';
    assert.match(second, /lower-carbon region/);
    assert.doesNotMatch(second, /\$0\.00\/month/, 'no money line for a lever that saves none');
    await page.close();
  });
});
