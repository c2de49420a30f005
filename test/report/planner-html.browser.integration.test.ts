// The planner's HTML report as a person sees it: the real binary writes it, headless Chromium lays it out at
// 1,400 px, and nothing overflows horizontally, no chart label is cut short or clipped, labels are the
// readable option names, and the day chart's hour axis runs 0..23.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const CHROMIUM = '/usr/bin/chromium';
const bin = fileURLToPath(new URL('../../../bin/margin.js', import.meta.url));
const root = fileURLToPath(new URL('../../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'margin-plan-html-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** What the page looks like at its viewport (run in the page; plain JS, so no DOM types are needed here). */
const PROBE = `(() => {
  const vw = document.documentElement.clientWidth;
  const overflowing = [];
  for (const el of document.querySelectorAll('body *')) {
    const b = el.getBoundingClientRect();
    if (b.width > 0 && b.right > vw + 0.5) overflowing.push(el.tagName + ' ' + el.className + ' ' + Math.round(b.right) + 'px');
  }
  const clipped = [];
  const labels = {};
  for (const svg of document.querySelectorAll('svg.chart')) {
    const s = svg.getBoundingClientRect();
    const chart = svg.dataset.chart || '?';
    for (const t of svg.querySelectorAll('text')) {
      const b = t.getBoundingClientRect();
      if (b.left < s.left - 0.5 || b.right > s.right + 0.5 || b.top < s.top - 0.5 || b.bottom > s.bottom + 0.5)
        clipped.push(chart + ': ' + t.textContent);
      // The label a reader sees: the text without its tooltip.
      const own = [...t.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('');
      (labels[chart] = labels[chart] || []).push(own);
    }
  }
  return {
    vw,
    scrollWidth: document.documentElement.scrollWidth,
    overflowing,
    clipped,
    labels,
    hours: [...document.querySelectorAll('svg[data-chart="day"] .x-tick')].map((t) => t.textContent),
    tooltips: [...document.querySelectorAll('svg.chart text > title')].map((t) => t.textContent || ''),
  };
})()`;

interface Layout {
  vw: number;
  scrollWidth: number;
  overflowing: string[];
  clipped: string[];
  labels: Record<string, string[]>;
  hours: string[];
  tooltips: string[];
}

function planFiles(example: string): { html: string; names: string[] } {
  const html = join(dir, `${example}.html`);
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [bin, 'plan', `examples/${example}.yaml`, ...args], {
      encoding: 'utf8',
      cwd: root,
      maxBuffer: 64 << 20,
    });
  const h = run('--format', 'html', '--out', html);
  assert.equal(h.status, 0, h.stderr);
  const j = run('--format', 'json');
  const names = (JSON.parse(j.stdout) as { results: Array<{ name: string }> }).results.map((r) => r.name);
  return { html, names };
}

describe('planner HTML report in a browser', {
  skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} not installed (.ci/run installs it)`,
}, () => {
  for (const example of ['chat-assistant', 'rag-api']) {
    it(`${example}: fits 1,400 px, labels whole and readable, hours 0..23`, async () => {
      const { html, names } = planFiles(example);
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      });
      try {
        const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(`file://${html}`);
        const layout = (await page.evaluate(PROBE)) as Layout;
        assert.deepEqual(errors, []);
        assert.equal(layout.vw, 1400);
        assert.ok(layout.scrollWidth <= 1400, `page is ${layout.scrollWidth}px wide`);
        assert.deepEqual(layout.overflowing, []);
        assert.deepEqual(layout.clipped, []);
        const all = Object.values(layout.labels).flat();
        assert.ok(
          all.every((l) => !l.includes('…')),
          'no label cut short',
        );
        // Bar labels are the options' readable names; the full ids are their tooltips.
        const bars = layout.labels['bars'] ?? [];
        assert.ok(bars.length >= 5);
        for (const name of bars.filter((_, i) => i % 2 === 0)) assert.ok(names.includes(name), name);
        assert.ok(
          layout.tooltips.some((t) => /@.*:.*:.*:/.test(t)),
          'full option ids in tooltips',
        );
        assert.ok(
          (layout.labels['cost'] ?? []).some((l) => / on \d+× /.test(l)),
          'cost legend uses readable names',
        );
        assert.deepEqual(
          layout.hours,
          Array.from({ length: 24 }, (_, h) => String(h)),
        );
        const text = (await page.locator('body').textContent()) ?? '';
        assert.match(text, /Infeasible \(\d+\)/);
        assert.doesNotMatch((await page.locator('table.options').textContent()) ?? '', /needs \d+ GB/);
      } finally {
        await browser.close();
      }
    });
  }
});
