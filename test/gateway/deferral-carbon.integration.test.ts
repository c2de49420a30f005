// `deferral.carbonProfiles` in the gateway: a user's hourly profile replaces the catalog's for its region and
// the worker's plans follow it (a carbon-objective deferred request starts in the one clean hour); a profile
// the gateway cannot read stops it at start with the key named.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { defaultCatalog } from '../../src/catalog/index.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/index.js';
import { type TestGateway, testGateway } from './helpers/gateway.js';

const HOUR = 3_600_000;
let emu: RunningEmulator;
let t: TestGateway | undefined;
const dir = mkdtempSync(join(tmpdir(), 'margin-carbon-'));
// The one clean hour: of the next 1–5 whole hours, the one the catalog's own profile rates dirtiest (so a plan
// on the catalog's profile would never start there); every other hour of the week at 500 g/kWh.
const catalogProfile = defaultCatalog().carbonProfiles.get('us-california');
const candidates = [1, 2, 3, 4, 5].map((h) => new Date((Math.floor(Date.now() / HOUR) + h) * HOUR));
const dirt = (d: Date): number => catalogProfile?.gPerKwh[d.getUTCDay()]?.[d.getUTCHours()] ?? 0;
const clean = candidates.reduce((a, b) => (dirt(b) > dirt(a) ? b : a));

before(async () => {
  emu = await startEmulator({ port: 0, fast: true, seed: 7 });
});

after(async () => {
  await t?.gw.close();
  await emu.close();
});

describe('deferral.carbonProfiles', () => {
  it('a user profile replaces the catalog one and the plan starts in its clean hour', async () => {
    const gPerKwh = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 500));
    const row = gPerKwh[clean.getUTCDay()];
    assert.ok(row);
    row[clean.getUTCHours()] = 5;
    const file = join(dir, 'profiles.json');
    writeFileSync(
      file,
      JSON.stringify({
        carbonProfiles: [
          { region: 'us-california', gPerKwh, source: 'test: one clean hour', asOf: '2026-12' },
        ],
      }),
    );
    t = await testGateway(emu.url, {
      meter: { region: 'us-california' },
      deferral: { objective: 'carbon', tickMs: 50, carbonProfiles: file },
    });
    const r = await fetch(`${t.gw.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-margin-defer': '6h' },
      body: JSON.stringify({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'When the grid is clean' }],
        max_tokens: 8,
      }),
    });
    assert.equal(r.status, 202);
    const { plan } = (await r.json()) as { plan: { groups: Array<{ start_at: string; reason: string }> } };
    const start = Date.parse(plan.groups[0]?.start_at ?? '');
    assert.ok(
      start >= clean.getTime() && start < clean.getTime() + HOUR,
      `starts ${plan.groups[0]?.start_at}, clean hour ${clean.toISOString()}: ${plan.groups[0]?.reason}`,
    );
  });

  it('a profile the gateway cannot read stops it at start, naming the key', async () => {
    await assert.rejects(
      testGateway(emu.url, { deferral: { carbonProfiles: join(dir, 'missing.json') } }),
      /deferral\.carbonProfiles/,
    );
  });
});
