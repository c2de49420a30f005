// The scheduler's signals: the catalog's typical-week carbon profiles (shape, scale, validation), a user
// file or URL replacing them, the ledger's load curve by hour of the week, and durations.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Catalog, loadCatalog } from '../../src/catalog/index.js';
import {
  ledgerLoadCurve,
  loadCarbonProfiles,
  parseCarbonProfiles,
  parseDuration,
} from '../../src/deferral/schedule/index.js';
import type { AggregateQuery, AggregateResult, LedgerStore } from '../../src/ledger/store.js';

const catalog = loadCatalog();
const flat = (v: number) => Array.from({ length: 7 }, () => new Array<number>(24).fill(v));

describe('catalog carbon profiles', () => {
  it('one per catalog region, each a 7 × 24 week whose mean is the region’s annual average', () => {
    for (const r of catalog.regions.all) {
      const p = catalog.carbonProfiles.get(r.id);
      assert.ok(p, `no profile for ${r.id}`);
      assert.equal(p.gPerKwh.length, 7);
      for (const day of p.gPerKwh) assert.equal(day.length, 24);
      const mean = p.gPerKwh.flat().reduce((a, b) => a + b, 0) / 168;
      assert.ok(Math.abs(mean - r.gridGCo2ePerKwh) <= 0.5, `${r.id}: mean ${mean} vs ${r.gridGCo2ePerKwh}`);
      assert.ok(p.source.length > 3 && /^\d{4}-\d{2}/.test(p.asOf));
      assert.equal(p.estimated, true);
    }
  });

  it('California is cleanest at Pacific midday and dirtiest in the evening (the duck curve)', () => {
    const mon = catalog.carbonProfiles.get('us-california')?.gPerKwh[1] ?? [];
    const min = mon.indexOf(Math.min(...mon));
    const max = mon.indexOf(Math.max(...mon));
    assert.ok(min >= 19 && min <= 22, `cleanest hour ${min} UTC`); // 11:00–14:00 PST
    assert.ok(max <= 6 || max >= 23, `dirtiest hour ${max} UTC`); // evening PST
    assert.ok((mon[min] ?? 0) < 0.8 * 210);
  });

  it('aliases resolve: a cloud region name finds its grid profile', () => {
    const uk = catalog.regions.find('eu-west-2');
    assert.equal(uk?.id, 'uk');
    assert.ok(catalog.carbonProfiles.get(uk.id));
  });

  it('rejects a malformed profile or an unknown region with the catalog error', () => {
    const c = () => new Catalog().add({ regions: [catalog.region('uk')] });
    const bad = {
      region: 'uk',
      gPerKwh: flat(100).map((d) => d.slice(0, 23)),
      source: 'x y z',
      asOf: '2026-12',
    };
    assert.throws(() => c().add({ carbonProfiles: [bad] }), /carbon profile.*gPerKwh.*24 hourly values/);
    const unknown = { region: 'atlantis', gPerKwh: flat(1), source: 'x y z', asOf: '2026-12' };
    assert.throws(() => c().add({ carbonProfiles: [unknown] }), /unknown region 'atlantis'/);
    const noSource = { region: 'uk', gPerKwh: flat(1), asOf: '2026-12' };
    assert.throws(() => c().add({ carbonProfiles: [noSource as never] }), /source/);
  });
});

describe('user carbon profiles (deferral.carbonProfiles)', () => {
  const file = {
    source: 'my grid operator export',
    asOf: '2026-11',
    carbonProfiles: [{ region: 'europe-west2', gPerKwh: flat(123) }],
  };

  it('a file replaces the profile of its regions only, with its own provenance', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'margin-carbon-'));
    try {
      const path = join(dir, 'profiles.json');
      writeFileSync(path, JSON.stringify(file));
      const m = await loadCarbonProfiles(path, catalog);
      assert.equal(m.get('uk')?.gPerKwh[3]?.[3], 123);
      assert.equal(m.get('uk')?.source, 'my grid operator export');
      assert.deepEqual(m.get('germany'), catalog.carbonProfiles.get('germany'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a URL is fetched; a failure is a clear config error naming it', async () => {
    const ok = (async () => new Response(JSON.stringify(file))) as typeof fetch;
    assert.equal(
      (await loadCarbonProfiles('https://example.test/p.json', catalog, ok)).get('uk')?.gPerKwh[0]?.[0],
      123,
    );
    const notFound = (async () => new Response('nope', { status: 404 })) as typeof fetch;
    await assert.rejects(
      loadCarbonProfiles('https://example.test/p.json', catalog, notFound),
      /deferral\.carbonProfiles 'https:\/\/example\.test\/p\.json': cannot fetch: HTTP 404/,
    );
    const down = (async () => {
      throw new Error('connect ECONNREFUSED');
    }) as typeof fetch;
    await assert.rejects(
      loadCarbonProfiles('http://127.0.0.1:1/p.json', catalog, down),
      /cannot fetch: connect ECONNREFUSED/,
    );
  });

  it('bad files fail with the field at fault', async () => {
    await assert.rejects(loadCarbonProfiles('/nonexistent/profiles.json', catalog), /cannot read: ENOENT/);
    assert.throws(() => parseCarbonProfiles('{', catalog), /not valid JSON/);
    assert.throws(() => parseCarbonProfiles('{"carbonProfiles": []}', catalog), /carbonProfiles/);
    const short = JSON.stringify({
      ...file,
      carbonProfiles: [{ region: 'uk', gPerKwh: flat(1).slice(0, 6) }],
    });
    assert.throws(() => parseCarbonProfiles(short, catalog), /carbonProfiles\[0\]\.gPerKwh: needs 7 days/);
    const unknown = JSON.stringify({ ...file, carbonProfiles: [{ region: 'mars', gPerKwh: flat(1) }] });
    assert.throws(() => parseCarbonProfiles(unknown, catalog), /unknown region 'mars'/);
  });
});

describe('ledger load curve', () => {
  it('folds hourly rollups into mean requests per hour of the week', async () => {
    const to = Date.UTC(2026, 11, 6); // Sunday 00:00 UTC: the range is exactly two weeks
    const from = to - 14 * 86_400_000;
    let asked: AggregateQuery | undefined;
    const store = {
      async aggregate(q: AggregateQuery): Promise<AggregateResult> {
        asked = q;
        const row = (iso: string, requests: number) =>
          ({ group: iso, requests }) as AggregateResult['rows'][number];
        return {
          rows: [
            row('2026-11-23T05:00Z', 10), // Monday 05:00
            row('2026-11-30T05:00Z', 30), // Monday 05:00, a week later
            row('2026-11-28T23:00Z', 8), // Saturday 23:00
          ],
          rawRowsScanned: 0,
          usedRollup: true,
        };
      },
    } as unknown as LedgerStore;
    const curve = await ledgerLoadCurve(store, { provider: 'my-vllm', from, to });
    assert.deepEqual(asked, { from, to, by: 'hour', filter: { provider: 'my-vllm' } });
    assert.equal(curve.length, 168);
    assert.equal(curve[24 + 5], 20);
    assert.equal(curve[167], 4);
    assert.equal(
      curve.reduce((a, b) => a + b, 0),
      24,
    );
  });
});

describe('parseDuration', () => {
  it('reads one number and a unit, and names the parameter otherwise', () => {
    assert.equal(parseDuration('24h', 'deadline'), 86_400_000);
    assert.equal(parseDuration('90m', 'deadline'), 5_400_000);
    assert.equal(parseDuration('1.5d', 'deadline'), 129_600_000);
    assert.throws(() => parseDuration('soon', 'deadline'), /deadline must be a duration like 90m/);
    assert.throws(() => parseDuration('0h', 'deadline'), /deadline must be a duration/);
  });
});
