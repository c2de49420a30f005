// Replays public traces through a real `margin serve` with the default levers (no cache section: the exact
// cache for deterministic requests and provider prompt caching; `--semantic` adds the opt-in semantic cache)
// in front of the emulator (which simulates the provider's prompt cache), and prints what each lever saved,
// from the gateway's ledger. The figures in docs/levers.md come from this script. Routing is
// left out here: the traces carry no prompt text, so the synthesized prompts say nothing about which model
// would answer well (routing is measured on real prompts by `npm run eval:routing`).
// Usage: npm run replay:savings [-- --limit N] [--traces <file,file>] [--model gpt-4o-mini] [--semantic]
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { main } from '../src/cli/index.js';
import { startEmulator } from '../src/emulator/index.js';
import { renderRows } from '../src/report/format.js';
import { repoRoot } from '../src/router/eval/repo-paths.js';

const { values } = parseArgs({
  options: {
    limit: { type: 'string' },
    traces: { type: 'string' },
    speed: { type: 'string' },
    model: { type: 'string' },
    semantic: { type: 'boolean', default: false },
  },
});
const root = repoRoot();
const shared = join(root, '..', 'shared', 'traces');
/** Each trace with the number of requests replayed by default (bounded to keep the run to minutes). */
const traces: Array<[string, string]> = values.traces
  ? values.traces.split(',').map((t) => [t, values.limit ?? '1000'])
  : [
      [join(shared, 'mooncake_fast25/conversation_trace.jsonl'), values.limit ?? '2000'],
      [join(shared, 'mooncake_fast25/synthetic_trace.jsonl'), values.limit ?? '2000'],
      [join(shared, 'azure_llm_2023/AzureLLMInferenceTrace_conv.csv'), values.limit ?? '2000'],
      [join(shared, 'burstgpt_slices/BurstGPT_3_first400.csv'), values.limit ?? '400'],
    ];
const model = values.model ?? 'gpt-4o-mini';

const config = (upstream: string) => `
models:
  - { name: "*", provider: openai-compatible, baseUrl: "${upstream}" }
ledger: { url: "sqlite:./margin.db", flushIntervalMs: 200 }
${values.semantic ? 'cache: { semanticCache: { enabled: true, models: ["*"] } }' : ''}
`;

function startServe(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [join(root, 'bin', 'margin.js'), 'serve', '--config', 'margin.yaml', '--port', '0'],
    {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '' },
    },
  );
  return new Promise((resolve, reject) => {
    let log = '';
    child.stderr?.on('data', (d: Buffer) => {
      log += d.toString();
      const m = /gateway listening on (http:\/\/\S+)/.exec(log);
      if (m) resolve({ child, url: m[1]! });
    });
    child.once('exit', (code) => reject(new Error(`margin serve exited ${code}: ${log}`)));
  });
}

const emulator = await startEmulator({ port: 0, fast: true, promptCache: true });
const rows: Array<Record<string, string | number | null>> = [];
try {
  for (const [trace, limit] of traces) {
    const dir = mkdtempSync(join(tmpdir(), 'margin-replay-'));
    writeFileSync(join(dir, 'margin.yaml'), config(emulator.url));
    const { child, url } = await startServe(dir);
    try {
      let out = '';
      const code = await main(
        [
          'replay',
          trace,
          '--target',
          `${url}/v1`,
          '--model',
          model,
          '--speed',
          values.speed ?? '0',
          '--limit',
          limit,
          '--concurrency',
          '16',
          '--ledger',
          join(dir, 'margin.db'),
          '--format',
          'json',
        ],
        { stdout: (t) => (out += t), stderr: () => {} },
      );
      if (code !== 0) throw new Error(`replay of ${trace} failed: ${out}`);
      const r = JSON.parse(out) as {
        requests: number;
        failed: number;
        savings: {
          actualUsd: number;
          withoutAnyUsd: number;
          levers: Array<{ lever: string; requests: number; savedUsd: number }>;
        };
      };
      const s = r.savings;
      const pct = (x: number) => (s.withoutAnyUsd > 0 ? Number(((100 * x) / s.withoutAnyUsd).toFixed(1)) : 0);
      const lever = (name: string) => s.levers.find((l) => l.lever === name)!;
      rows.push({
        trace: trace.split('/').slice(-1)[0]!,
        requests: r.requests,
        failed: r.failed,
        'no levers $': Number(s.withoutAnyUsd.toFixed(4)),
        'actual $': Number(s.actualUsd.toFixed(4)),
        'saved %': pct(s.withoutAnyUsd - s.actualUsd),
        'exact cache %': pct(lever('exact cache').savedUsd),
        'semantic %': pct(lever('semantic cache').savedUsd),
        'prompt caching %': pct(lever('prompt caching').savedUsd),
        'exact hits': lever('exact cache').requests,
        'semantic hits': lever('semantic cache').requests,
      });
      process.stderr.write(`${trace}: done\n`);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    }
  }
} finally {
  await emulator.close();
}
process.stdout.write(
  `requests for ${model} through margin serve → emulator (fast, simulated prompt cache)\n`,
);
process.stdout.write(renderRows(rows, 'table'));
process.stdout.write(`${JSON.stringify(rows)}\n`);
