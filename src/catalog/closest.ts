// Close-match suggestions for unknown ids ("did you mean ..."), by edit distance and substring.

function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** Up to `limit` candidates closest to `query`, best first. */
export function closestMatches(query: string, candidates: Iterable<string>, limit = 3): string[] {
  const q = query.toLowerCase();
  const scored: Array<[string, number]> = [];
  for (const c of candidates) {
    const lc = c.toLowerCase();
    let score = editDistance(q, lc);
    if (lc.includes(q) || q.includes(lc)) score = Math.min(score, Math.abs(lc.length - q.length) * 0.25);
    scored.push([c, score]);
  }
  scored.sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]));
  const cutoff = Math.max(3, q.length * 0.6);
  return scored
    .filter(([, s]) => s <= cutoff)
    .slice(0, limit)
    .map(([c]) => c);
}
