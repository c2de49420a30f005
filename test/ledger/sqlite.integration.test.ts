import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openLedger, openStore } from '../../src/ledger/index.js';
import { makeRecord } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'margin-ledger-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const ALL = { from: 0, to: Number.MAX_SAFE_INTEGER };

async function countRows(url: string): Promise<number> {
  const store = await openStore(url, false);
  try {
    return await store.countRaw(ALL);
  } finally {
    await store.close();
  }
}

describe('SQLite file ledger', () => {
  it('keeps exactly every record appended by many concurrent tasks (inline writer)', async () => {
    const url = `sqlite:${join(dir, 'concurrent.db')}`;
    const ledger = await openLedger({ url, flushIntervalMs: 5, batchSize: 137, worker: false });
    let next = 0;
    await Promise.all(
      Array.from({ length: 50 }, async (_, task) => {
        for (let i = 0; i < 100; i++) {
          if (i % 7 === task % 7) await new Promise((r) => setImmediate(r));
          ledger.append(makeRecord(next++, { ts: Date.UTC(2026, 10, 1) + ((next * 7919) % 86_400_000) }));
        }
      }),
    );
    await ledger.close();
    const s = ledger.stats();
    assert.deepEqual([s.appended, s.written, s.pending, s.failedBatches], [5000, 5000, 0, 0]);
    assert.equal(await countRows(url), 5000);
    const store = await openStore(url, false);
    const agg = await store.aggregate({ ...ALL, by: null });
    assert.equal(agg.rows[0]!.requests, 5000);
    await store.close();
    // A clean close is not a crash.
    const again = await openLedger({ url });
    assert.equal(again.stats().lostOnLastCrash, 0);
    await again.close();
  });

  const crashRuns = [
    ['inline', false],
    ['worker', false],
    ['inline', true],
    ['worker', true],
  ] as const;
  for (const [mode, spooled] of crashRuns) {
    it(`after SIGKILL mid-flush (${mode} writer, ${spooled ? 'spool: nothing lost' : 'no spool: losses counted'}): written + lost = appended`, async () => {
      const name = `crash-${mode}-${spooled ? 'spool' : 'nospool'}`;
      const url = `sqlite:${join(dir, `${name}.db`)}`;
      const spool = spooled ? join(dir, `${name}.db-spool`) : '';
      const here = fileURLToPath(import.meta.url);
      const child = here.replace(/sqlite\.integration\.test\.(ts|js)$/, 'crash-child.$1');
      const window = 1000;
      const last = 700;
      const batch = 200;
      const execArgv = process.execArgv.filter((a) => !a.startsWith('--test'));
      const proc = spawn(
        process.execPath,
        [...execArgv, child, mode, url, String(window), String(last), String(batch), spool],
        {
          env: { ...process.env, MARGIN_CRASH_CHILD: '1' },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      let err = '';
      proc.stderr.on('data', (d) => {
        err += d;
      });
      const ready = await new Promise<string>((resolve, reject) => {
        proc.stdout.on('data', (d) => {
          out += d;
          if (out.includes('\n')) resolve(out);
        });
        proc.on('exit', (code) => reject(new Error(`child exited ${code} before freezing: ${err}`)));
      });
      assert.match(ready, /^ready /);
      const killed = new Promise((r) => proc.on('exit', r));
      proc.kill('SIGKILL');
      await killed;

      const appended = 2 * window + last;
      const ledger = await openLedger({ url, spool: spooled ? spool : false });
      const { lostOnLastCrash: lost, replayedOnStart } = ledger.stats();
      await ledger.close();
      const written = await countRows(url);
      assert.equal(written + lost, appended);
      if (spooled) {
        // Every accepted record was in the spool: written at restart, none lost, the spool gone.
        assert.equal(written, appended);
        assert.equal(replayedOnStart.inserted, last - batch);
        assert.equal(replayedOnStart.unreadable, 0);
        assert.deepEqual(readdirSync(spool), []);
      } else {
        assert.equal(written, 2 * window + batch, 'the two flushed windows and the first batch of the last');
        assert.ok(lost > 0 && lost <= last, `lost ${lost} is within the last window (${last})`);
      }
      const store = await openStore(url, false);
      assert.deepEqual(await store.crashStats(), {
        lostOnLastCrash: lost,
        lostTotal: lost,
        crashedSessions: 1,
      });
      await store.close();
      // The next clean restart reports no new loss.
      const third = await openLedger({ url, spool: spooled ? spool : false });
      assert.equal(third.stats().lostOnLastCrash, 0);
      await third.close();
    });
  }

  it('refuses to report on a missing file or a non-ledger database', async () => {
    await assert.rejects(openStore(join(dir, 'nope.db'), false), /ledger not found: .*nope\.db/);
    const Database = (await import('better-sqlite3')).default;
    const other = join(dir, 'other.db');
    new Database(other).exec('CREATE TABLE t (x)');
    await assert.rejects(openStore(other, false), /not a Margin ledger/);
  });
});
