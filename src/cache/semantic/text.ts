// Text normalisation shared by the local embedder and the near-miss guard.

/** Lower-cased, NFKC-normalised text with "n't" spelled " not" and curly quotes straightened. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u201B]/g, "'")
    .replace(/[\u201C\u201D]/g, '"')
    .toLowerCase()
    .replace(/\bcan't\b/g, 'can not')
    .replace(/\bwon't\b/g, 'will not')
    .replace(/n't\b/g, ' not');
}

/** Word tokens of normalised text (letters/digits, keeping inner apostrophes, `+` and `#` as in c++ / c#). */
export function words(normalized: string): string[] {
  return normalized.match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?[+#]*/gu) ?? [];
}

/** Very light English stemming: enough to match plural/verb forms, never to merge distinct words. */
export function stem(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ing') && word.length > 5) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length > 4) return word.slice(0, -2);
  if (word.endsWith('es') && /(?:ss|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is'))
    return word.slice(0, -1);
  return word;
}

/** Function words that carry little of a question's meaning (weighted down, never dropped). */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but if of to in on at by for with from into onto over under about as is are was were be been ' +
    'being am do does did doing have has had having i me my mine we us our you your he him his she her it its they ' +
    'them their this that these those there here what which who whom whose when where why how can could should would ' +
    'will shall may might must any some all each every so than then too very just also get got one s t'
  ).split(' '),
);
