// Near-miss guard: two prompts that look alike but differ in a number, a negation, a named entity, a code
// identifier, a quoted string, a unit, a date, the question asked (how vs why, "is" vs "why is"), a modal
// verb (can vs should), whose it is (my vs your) or a pointing word (this vs a) must never share an answer,
// whatever their similarity.
import {
  AUXILIARIES,
  DATE_WORDS,
  DEIXIS,
  MODAL_WORDS,
  NEGATIONS,
  NOT_ENTITIES,
  NUMBER_WORDS,
  PERSON_OF,
  PREPOSITIONS,
  UNITS,
  WH_WORDS,
} from './guard-words.js';
import { normalizeText, STOPWORDS, stem, words } from './text.js';

export type GuardReason =
  | 'number'
  | 'negation'
  | 'entity'
  | 'identifier'
  | 'quoted'
  | 'unit'
  | 'date'
  | 'symbol'
  | 'order'
  | 'question'
  | 'modal'
  | 'person'
  | 'deixis'
  | 'preposition'
  | 'qualifier';

/** The facts of a prompt that must match exactly for a cached answer to be reused. */
export interface CriticalFacts {
  numbers: string[];
  negations: number;
  /** Lower-cased proper nouns / acronyms (capitalised tokens not opening a sentence). */
  entities: string[];
  identifiers: string[];
  quoted: string[];
  units: string[];
  dates: string[];
  /** Unusual symbols (not letters, digits, spaces or plain punctuation), sorted: `~` vs `%` is a different question. */
  symbols: string;
  /** Stemmed lower-case word set (entities of one text are looked up in the other's words). */
  wordSet: ReadonlySet<string>;
  /** Lower-case words in order (unstemmed). */
  words: string[];
  /** Content words (not function words) in order, unstemmed. */
  content: string[];
  /**
   * The question asked: the first question word among the first four words (`yn` for a yes/no opening),
   * then every question word in the prompt (where vs where and how).
   */
  question: string;
  /** Sorted, comma-joined: modal verbs, grammatical persons, pointing words. */
  modals: string;
  persons: string;
  deixis: string;
  /** Sorted prepositions, repeats kept. */
  prepositions: string;
}

/** The question form of a prompt's words (contractions cut at the apostrophe: what's → what). */
function questionForm(bare: readonly string[]): string {
  let opening = '';
  for (let i = 0; i < Math.min(bare.length, 4); i++) {
    const w = bare[i] as string;
    if (WH_WORDS.has(w)) {
      opening = w;
      break;
    }
    if (i === 0 && AUXILIARIES.has(w)) {
      opening = 'yn';
      break;
    }
  }
  return `${opening}|${setKey(bare, (w) => (WH_WORDS.has(w) ? w : undefined))}`;
}

function setKey(xs: readonly string[], pick: (w: string) => string | undefined): string {
  const out = new Set<string>();
  for (const x of xs) {
    const v = pick(x);
    if (v !== undefined) out.add(v);
  }
  return [...out].sort().join(',');
}

function numberOf(token: string): string | undefined {
  if (/^\d/.test(token))
    return token
      .replace(/[,_](?=\d{3}\b)/g, '')
      .replace(/(\.\d*?)0+$/, '$1')
      .replace(/\.$/, '');
  // Own keys only: `constructor` is no number.
  return Object.hasOwn(NUMBER_WORDS, token) ? NUMBER_WORDS[token] : undefined;
}

/** Extracts the critical facts of a prompt. */
export function criticalFacts(text: string): CriticalFacts {
  const raw = text.normalize('NFKC');
  const norm = normalizeText(raw);
  const toks = words(norm);
  const numbers: string[] = [];
  const units: string[] = [];
  const dates: string[] = [];
  let negations = 0;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as string;
    if (NEGATIONS.has(t)) negations++;
    if (DATE_WORDS.has(t)) dates.push(t);
    const num = numberOf(t);
    if (num !== undefined) {
      numbers.push(num);
      const unit = /^\d[\d.,]*([a-z%°]+)$/.exec(t)?.[1] ?? toks[i + 1];
      if (unit !== undefined && UNITS.has(unit)) units.push(stem(unit));
    }
  }
  for (const m of norm.matchAll(/([$€£¥₹%])/g)) units.push(m[1] as string);
  const entities: string[] = [];
  const identifiers: string[] = [];
  // Sentence starts: first token and tokens after . ? ! : ( or a line break.
  const tokenRe = /([\p{L}\p{N}_$][\p{L}\p{N}_$.\-+#]*(?:\(\))?)/gu;
  let prevEnd = 0;
  for (const m of raw.matchAll(tokenRe)) {
    const tok = (m[1] as string).replace(/[.-]+$/, '');
    const before = raw.slice(prevEnd, m.index);
    const sentenceStart = prevEnd === 0 || /[.?!:;(\n"]\s*$/.test(before);
    prevEnd = (m.index ?? 0) + (m[0] as string).length;
    if (/[a-z][A-Z]|_|\(\)|[A-Za-z]\.[A-Za-z]/.test(tok) && !/^[A-Z]\.[A-Z]\.?$/.test(tok)) {
      identifiers.push(tok);
      continue;
    }
    const lower = tok.toLowerCase();
    const isAcronym = /^[A-Z][A-Z0-9+#]+$/.test(tok);
    const isCapital = /^\p{Lu}/u.test(tok) && !NOT_ENTITIES.has(lower);
    if (isAcronym || (isCapital && !sentenceStart)) entities.push(stem(lower));
  }
  const quoted = [...raw.matchAll(/"([^"]{1,200})"|`([^`]{1,200})`|'([^'\s][^']{0,198}[^'\s])'(?!\w)/g)].map(
    (m) => (m[1] ?? m[2] ?? m[3] ?? '').toLowerCase(),
  );
  const bare = toks.map((t) => t.replace(/'.*$/, ''));
  const symbols = [...raw.replace(/[\p{L}\p{N}\s?.,!'"’‘“”()\-:;]/gu, '')].sort().join('');
  return {
    numbers,
    negations,
    entities,
    identifiers,
    quoted,
    units,
    dates,
    symbols,
    wordSet: new Set(toks.map(stem)),
    words: toks,
    // A contraction is a function word when its stem is one (what's, i'm, they're).
    content: toks.filter((t, i) => !STOPWORDS.has(t) && !STOPWORDS.has(bare[i] as string)),
    question: questionForm(bare),
    modals: setKey(bare, (w) => (MODAL_WORDS.has(w) ? w : undefined)),
    persons: setKey(bare, (w) => (Object.hasOwn(PERSON_OF, w) ? PERSON_OF[w] : undefined)),
    deixis: setKey(bare, (w) => (DEIXIS.has(w) ? w : undefined)),
    prepositions: bare
      .filter((w) => PREPOSITIONS.has(w))
      .sort()
      .join(','),
  };
}

/** True when the content words both prompts share appear in a different order (who does what to whom). */
function rolesSwapped(a: readonly string[], b: readonly string[]): boolean {
  const inB = new Set(b);
  const inA = new Set(a);
  const seqA = dedupe(a.filter((w) => inB.has(w)));
  const seqB = dedupe(b.filter((w) => inA.has(w)));
  return seqA.length !== seqB.length || seqA.some((w, i) => w !== seqB[i]);
}

/** True when `b` adds content words to all of `a`'s (a qualifier narrows the question: "course" → "course fees"). */
function narrows(a: readonly string[], b: readonly string[]): boolean {
  const inB = new Set(b.map(stem));
  const inA = new Set(a.map(stem));
  if (inB.size <= inA.size) return false;
  for (const w of inA) if (!inB.has(w)) return false;
  return true;
}

function dedupe(xs: readonly string[]): string[] {
  const seen = new Set<string>();
  return xs.filter((x) => {
    if (seen.has(x)) return false;
    seen.add(x);
    return true;
  });
}

function sameMultiset(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const x = [...a].sort();
  const y = [...b].sort();
  return x.every((v, i) => v === y[i]);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const x = new Set(a);
  const y = new Set(b);
  if (x.size !== y.size) return false;
  for (const v of x) if (!y.has(v)) return false;
  return true;
}

/** The first reason the two prompts must not share an answer, or undefined when none is found. */
export function nearMissReason(a: CriticalFacts, b: CriticalFacts): GuardReason | undefined {
  if (!sameMultiset(a.numbers, b.numbers)) return 'number';
  if (a.negations !== b.negations) return 'negation';
  if (!sameSet(a.identifiers, b.identifiers)) return 'identifier';
  if (!sameSet(a.quoted, b.quoted)) return 'quoted';
  if (!sameSet(a.units, b.units)) return 'unit';
  if (!sameSet(a.dates, b.dates)) return 'date';
  if (a.symbols !== b.symbols) return 'symbol';
  // Casing is unreliable in user text: an entity of either prompt must appear (any case) in the other.
  for (const e of a.entities) if (!b.wordSet.has(e) && !b.entities.includes(e)) return 'entity';
  for (const e of b.entities) if (!a.wordSet.has(e) && !a.entities.includes(e)) return 'entity';
  if (rolesSwapped(a.content, b.content)) return 'order';
  if (a.question !== b.question) return 'question';
  if (a.modals !== b.modals) return 'modal';
  if (a.persons !== b.persons) return 'person';
  if (a.deixis !== b.deixis) return 'deixis';
  if (a.prepositions !== b.prepositions) return 'preposition';
  if (narrows(a.content, b.content) || narrows(b.content, a.content)) return 'qualifier';
  return undefined;
}
