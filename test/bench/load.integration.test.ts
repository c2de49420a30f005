import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runLoad } from '../../src/bench/load.js';
import { runFixedRate } from '../../src/bench/open-loop.js';
import { benchBody } from '../../src/bench/runner.js';
import { probeStream } from '../../src/bench/stream-probe.js';
import { startEmulator } from '../../src/emulator/index.js';

// A one-second load run and a stream probe against in-process emulators (no figures asserted).
describe('bench load generator', () => {
  it('drives the fast emulator and reports throughput and latency', async () => {
    const emu = await startEmulator({ port: 0, fast: true });
    try {
      const r = await runLoad({
        url: `${emu.url}/chat/completions`,
        body: benchBody('json', 8),
        connections: 4,
        durationS: 1,
      });
      assert.ok(r.requests > 0);
      assert.equal(r.errors + r.non2xx, 0);
      assert.ok(r.p50Ms > 0 && r.p99Ms >= r.p50Ms);
      assert.ok(emu.stats().requests >= r.requests);
    } finally {
      await emu.close();
    }
  });

  it('sends a fixed rate open-loop', async () => {
    const emu = await startEmulator({ port: 0, fast: true });
    try {
      const r = await runFixedRate({
        url: `${emu.url}/chat/completions`,
        body: benchBody('json', 4),
        rate: 200,
        durationS: 0.5,
        connections: 8,
      });
      assert.equal(r.requests, 100);
      assert.equal(r.errors + r.non2xx, 0);
      assert.equal(emu.stats().requests, 100);
      assert.ok(r.p99Ms >= r.p50Ms);
    } finally {
      await emu.close();
    }
  });

  it('probes a timed stream chunk by chunk', async () => {
    const emu = await startEmulator({ port: 0 });
    try {
      const p = await probeStream(emu.url, 6);
      assert.equal(p.chunks, 6);
      assert.ok(p.firstChunkMs <= p.totalMs);
    } finally {
      await emu.close();
    }
  });
});
