// The client-compatibility matrix of docs/protocols.md: test names of test/clients are
// `<feature> [<upstream protocol>]` inside one describe block per client; the matrix has a row per client,
// a column per feature, and in each cell the upstream protocols tested (✓ passed, ✗ failed). Pure functions
// shared by `npm run docs:clients` (which runs the suite) and the unit test that keeps the table in step.

export const START = '<!-- client-matrix:start -->';
export const END = '<!-- client-matrix:end -->';

/** Column order (features not listed here follow, alphabetically). */
export const FEATURES = [
  'chat',
  'stream',
  'tools round-trip',
  'parallel tools streamed',
  'structured output',
  'images',
  'embeddings',
  'responses api',
  'responses api tools',
  'responses api structured output',
  'chat completions api',
  'count_tokens',
  'thinking',
  'cancellation',
  'error classes',
  'cost labels',
];

const UPSTREAMS: Record<string, string> = { openai: 'O', anthropic: 'A', gemini: 'G' };

export interface Result {
  client: string;
  feature: string;
  upstream: string;
  ok: boolean;
}

/** `chat [anthropic]` → feature and upstream; undefined for names not in that form. */
export function parseTestName(name: string): { feature: string; upstream: string } | undefined {
  const m = /^(.+?) \[(openai|anthropic|gemini)\]$/.exec(name.trim());
  return m ? { feature: m[1] as string, upstream: m[2] as string } : undefined;
}

/** Every (client, test name) declared in a test file's source: describe('…') then it('…'). */
export function declaredTests(source: string): Array<{ client: string; name: string }> {
  const out: Array<{ client: string; name: string }> = [];
  let client = '';
  for (const m of source.matchAll(/\b(describe|it)\(\s*'([^']+)'/g)) {
    if (m[1] === 'describe') client = m[2] as string;
    else out.push({ client, name: m[2] as string });
  }
  return out;
}

function featureOrder(features: Iterable<string>): string[] {
  const known = FEATURES.filter((f) => [...features].includes(f));
  const rest = [...features].filter((f) => !FEATURES.includes(f)).sort();
  return [...known, ...rest];
}

/** The Markdown table (between the markers) for a set of results. */
export function renderMatrix(results: readonly Result[]): string {
  const clients = [...new Set(results.map((r) => r.client))];
  const features = featureOrder(new Set(results.map((r) => r.feature)));
  const cell = (client: string, feature: string) => {
    const here = results.filter((r) => r.client === client && r.feature === feature);
    if (here.length === 0) return '';
    return Object.keys(UPSTREAMS)
      .flatMap((u) => here.filter((r) => r.upstream === u).map((r) => `${UPSTREAMS[u]}${r.ok ? '✓' : '✗'}`))
      .join(' ');
  };
  const lines = [
    `| client | ${features.join(' | ')} |`,
    `|---|${features.map(() => '---').join('|')}|`,
    ...clients.map((c) => `| ${c} | ${features.map((f) => cell(c, f)).join(' | ')} |`),
  ];
  return `${START}\n${lines.join('\n')}\n${END}`;
}

/** The (client, feature, upstream) cells of a rendered table, with their outcome. */
export function parseMatrix(markdown: string): Result[] {
  const start = markdown.indexOf(START);
  const end = markdown.indexOf(END);
  if (start === -1 || end === -1) return [];
  const rows = markdown
    .slice(start + START.length, end)
    .trim()
    .split('\n')
    .map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );
  const [header, , ...body] = rows;
  const features = (header ?? []).slice(1);
  const byLetter = Object.fromEntries(Object.entries(UPSTREAMS).map(([k, v]) => [v, k]));
  const out: Result[] = [];
  for (const row of body) {
    const client = row[0] ?? '';
    row.slice(1).forEach((c, i) => {
      for (const tok of c.split(/\s+/).filter(Boolean)) {
        out.push({
          client,
          feature: features[i] ?? '',
          upstream: byLetter[tok[0] ?? ''] ?? tok,
          ok: tok.endsWith('✓'),
        });
      }
    });
  }
  return out;
}

/** Replaces the table between the markers in `doc`. */
export function replaceMatrix(doc: string, table: string): string {
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start === -1 || end === -1) throw new Error(`docs/protocols.md has no ${START} … ${END} markers`);
  return doc.slice(0, start) + table + doc.slice(end + END.length);
}
