// RouterBench stores each prompt as a Python list literal of strings ("['part one', \"part two\"]").
// This parses that literal into its parts (single/double quotes, backslash escapes).

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '0': '\0',
};

/** Parses a Python list-of-strings literal; falls back to the raw text when it is not one. */
export function parsePythonStringList(literal: string): string[] {
  const s = literal.trim();
  if (!s.startsWith('[') || !s.endsWith(']')) return [literal];
  const parts: string[] = [];
  let i = 1;
  while (i < s.length - 1) {
    const ch = s[i]!;
    if (ch === "'" || ch === '"') {
      let out = '';
      i++;
      while (i < s.length && s[i] !== ch) {
        if (s[i] === '\\' && i + 1 < s.length) {
          const e = s[i + 1]!;
          if (e === 'x' && i + 3 < s.length) {
            out += String.fromCharCode(Number.parseInt(s.slice(i + 2, i + 4), 16));
            i += 4;
            continue;
          }
          if (e === 'u' && i + 5 < s.length) {
            out += String.fromCharCode(Number.parseInt(s.slice(i + 2, i + 6), 16));
            i += 6;
            continue;
          }
          out += ESCAPES[e] ?? `\\${e}`;
          i += 2;
          continue;
        }
        out += s[i];
        i++;
      }
      parts.push(out);
      i++;
    } else {
      i++;
    }
  }
  return parts.length ? parts : [literal];
}
