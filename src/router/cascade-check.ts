// Checks a cascade applies to a cheap model's answer before serving it: refusals, broken formats, and
// (when a second opinion is available) disagreement on a multiple-choice answer.

export interface CheckResult {
  pass: boolean;
  reason: string;
}

const REFUSAL =
  /\b(i can(?:no|')t (?:help|assist|provide|answer)|i(?:'m| am) (?:sorry|unable)|as an ai\b|i do not have (?:enough|access))/i;

/** The multiple-choice letter/number an answer commits to, if the prompt offers choices. */
export function extractChoice(answer: string): string | undefined {
  const m = /^\s*(?:answer\s*[:-]?\s*)?\(?([A-E1-5])\)?(?:[\s.):]|$)/i.exec(answer);
  return m?.[1]?.toUpperCase();
}

/** True when the prompt asks for a multiple-choice answer (a verifier can then give a second opinion). */
export function asksForChoice(prompt: string): boolean {
  return /single choice|\n[A-D]\)\s|answer with the letter/i.test(prompt.slice(-600));
}

function asksForCode(prompt: string): boolean {
  return /\b(write|implement|complete) (a |the )?(python )?(function|program|code|class)\b/i.test(
    prompt.slice(-800),
  );
}

/** Format and refusal checks on one answer, from the prompt and the answer alone. */
export function checkAnswer(prompt: string, answer: string, opts: { json?: boolean } = {}): CheckResult {
  if (answer.trim() === '') return { pass: false, reason: 'empty answer' };
  if (REFUSAL.test(answer.slice(0, 300))) return { pass: false, reason: 'refusal' };
  if (opts.json) {
    try {
      JSON.parse(answer);
    } catch {
      return { pass: false, reason: 'invalid JSON' };
    }
  }
  if (asksForChoice(prompt) && extractChoice(answer) === undefined)
    return { pass: false, reason: 'no choice given' };
  if (asksForCode(prompt) && !/```|\bdef\s+\w+\s*\(/.test(answer))
    return { pass: false, reason: 'no code in answer' };
  if (
    asksForCode(prompt) &&
    /```(javascript|js|java|c\+\+|cpp|ruby|go)\b/i.test(answer) &&
    !/python/i.test(answer)
  ) {
    return { pass: false, reason: 'wrong language' };
  }
  return { pass: true, reason: 'ok' };
}

/** Second opinion: two answers to a multiple-choice prompt must pick the same option. */
export function answersAgree(prompt: string, a: string, b: string): boolean | undefined {
  if (!asksForChoice(prompt)) return undefined;
  const x = extractChoice(a);
  const y = extractChoice(b);
  return x !== undefined && x === y;
}
