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

/**
 * Whether one string is a meaningful part of the other. A query of 4+ characters inside a candidate is a
 * family name ('llama' → 'llama-3.1-8b', 'sonnet' → 'claude-sonnet-4-5'); a candidate inside the query must
 * be at least 3 characters and half of it ('no' in 'nowhere' and 'us' in 'us-virgina' are not matches).
 */
function containedPart(query: string, candidate: string): boolean {
  if (query.length <= candidate.length) return query.length >= 4 && candidate.includes(query);
  return candidate.length >= 3 && candidate.length * 2 >= query.length && query.includes(candidate);
}

/**
 * Up to `limit` candidates closest to `query`, best first. A candidate qualifies when its edit distance is
 * at most a third of the longer string (at least 1), or when one string is a meaningful part of the other;
 * a query far from everything gets no suggestions rather than a wild one.
 */
export function closestMatches(query: string, candidates: Iterable<string>, limit = 3): string[] {
  const q = query.toLowerCase();
  const scored: Array<[string, number]> = [];
  for (const c of candidates) {
    const lc = c.toLowerCase();
    const distance = editDistance(q, lc);
    const cutoff = Math.max(1, Math.floor(Math.max(q.length, lc.length) / 3));
    if (containedPart(q, lc)) scored.push([c, Math.min(distance, Math.abs(lc.length - q.length) * 0.25)]);
    else if (distance <= cutoff) scored.push([c, distance]);
  }
  scored.sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]));
  return scored.slice(0, limit).map(([c]) => c);
}
