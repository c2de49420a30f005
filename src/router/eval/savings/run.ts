// eval:savings, the live part: `margin emulate --answers` as the upstream, two real `margin serve`
// processes in front of it (every lever on; the baseline), and every recorded prompt sent to both. What each
// request got (served model, cache, cost, answer text) comes back from the wire, as a client sees it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GatewayConfigInput } from '../../../config/schema.js';
import { type MarginChild, spawnMargin } from '../../../util/spawn-margin.js';
import type { EvalGroup } from './groups.js';
import { baselineConfig, leveredConfig } from './groups.js';

export interface Answer {
  status: number;
  requestId: string | null;
  servedModel: string | null;
  cache: string | null;
  costUsd: number;
  text: string;
  error?: string;
}

export interface LiveRun {
  levered: Answer[][];
  baseline: Answer[][];
  /** The levered gateway's ledger (SQLite URL); valid until `cleanup`. */
  ledgerUrl: string;
  cleanup(): void;
}

const LISTENING = /listening on (http:\/\/\S+?)[\s(]/;
const EMULATING = /at (http:\/\/[^\s;]+)/;

async function ask(base: string, model: string, prompt: string): Promise<Answer> {
  try {
    const res = await fetch(`${base}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: prompt }], temperature: 0 }),
    });
    const body = (await res.json()) as { choices?: Array<{ message?: { content?: string | null } }> };
    const h = (k: string) => res.headers.get(k);
    return {
      status: res.status,
      requestId: h('x-margin-request-id'),
      servedModel: h('x-margin-model'),
      cache: h('x-margin-cache'),
      costUsd: Number(h('x-margin-cost-usd') ?? 0),
      text: body.choices?.[0]?.message?.content ?? '',
      ...(res.ok ? {} : { error: JSON.stringify(body).slice(0, 200) }),
    };
  } catch (err) {
    return {
      status: 0,
      requestId: null,
      servedModel: null,
      cache: null,
      costUsd: 0,
      text: '',
      error: (err as Error).message,
    };
  }
}

/** Runs `jobs` with at most `n` in flight; results in order. */
async function pool<T>(jobs: ReadonlyArray<() => Promise<T>>, n: number): Promise<T[]> {
  const out = new Array<T>(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, jobs.length) }, worker));
  return out;
}

async function serve(dir: string, config: GatewayConfigInput): Promise<MarginChild> {
  writeFileSync(join(dir, 'margin.yaml'), JSON.stringify(config));
  return spawnMargin(['serve', '--config', 'margin.yaml', '--port', '0'], LISTENING, { cwd: dir });
}

/** Starts the processes, replays every group's prompts through both gateways, stops them. */
export async function runLive(
  data: string,
  groups: readonly EvalGroup[],
  opts: { concurrency: number; unfamiliar: 'strong' | 'route'; log: (line: string) => void },
): Promise<LiveRun> {
  const dir = mkdtempSync(join(tmpdir(), 'margin-eval-savings-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  const children: MarginChild[] = [];
  try {
    const emu = await spawnMargin(['emulate', '--answers', data, '--fast', '--port', '0'], EMULATING);
    children.push(emu);
    opts.log(`emulator ${emu.url} answering from ${data}`);
    const levDir = join(dir, 'levers');
    const baseDir = join(dir, 'baseline');
    for (const d of [levDir, baseDir]) mkdirSync(d);
    const [lev, base] = await Promise.all([
      serve(levDir, leveredConfig(groups, emu.url, opts.unfamiliar)),
      serve(baseDir, baselineConfig(groups, emu.url)),
    ]);
    children.push(lev, base);
    opts.log(
      `levers: ${
        lev
          .log()
          .split('\n')
          .find((l) => l.includes('listening')) ?? lev.url
      }`,
    );
    const levered: Answer[][] = [];
    const baseline: Answer[][] = [];
    for (const g of groups) {
      const started = Date.now();
      levered.push(
        await pool(
          g.prompts.map((p) => () => ask(lev.url, g.route, p.prompt)),
          opts.concurrency,
        ),
      );
      baseline.push(
        await pool(
          g.prompts.map((p) => () => ask(base.url, g.strong, p.prompt)),
          opts.concurrency,
        ),
      );
      opts.log(
        `${g.name}: ${g.prompts.length} prompts × 2 gateways in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    }
    // SIGTERM flushes the levered gateway's ledger before it is read.
    await lev.stop();
    return { levered, baseline, ledgerUrl: `sqlite:${join(levDir, 'margin.db')}`, cleanup };
  } catch (err) {
    cleanup();
    throw err;
  } finally {
    for (const c of children) await c.stop();
  }
}
