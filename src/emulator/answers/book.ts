// `margin emulate --answers F`: for a prompt recorded in F, the requested model's recorded answer and usage
// instead of generated text. Usage is the recorded text's cl100k token counts (prompt and answer), which
// reproduces RouterBench's per-call costs exactly at its list prices.
import { countTextTokens } from '../../tokens/index.js';
import { type Generation, textGeneration } from '../generate.js';
import { type AnswerSet, loadAnswers, type RecordedAnswer } from './load.js';

export interface Answered {
  generation: Generation;
  promptTokens: number;
}

export interface NotAnswered {
  status: 400 | 404;
  param: 'messages' | 'model';
  message: string;
}

const key = (prompt: string): string => prompt.trim();

export class AnswerBook {
  private readonly byPrompt = new Map<string, { prompt: string; answers: Record<string, RecordedAnswer> }>();
  private readonly tokens = new Map<string, number>();
  readonly models: string[];
  readonly size: number;

  constructor(readonly set: AnswerSet) {
    const models = new Set<string>();
    for (const p of set.prompts) {
      const k = key(p.prompt);
      const seen = this.byPrompt.get(k);
      // The same prompt in two files (or twice in one) keeps its first answer per model.
      if (seen) seen.answers = { ...p.answers, ...seen.answers };
      else this.byPrompt.set(k, { prompt: p.prompt, answers: { ...p.answers } });
      for (const m of Object.keys(p.answers)) models.add(m);
    }
    this.models = [...models].sort();
    this.size = this.byPrompt.size;
  }

  /** Reads a file or directory (see load.ts). */
  static load(path: string): AnswerBook {
    return new AnswerBook(loadAnswers(path));
  }

  private count(text: string): number {
    let n = this.tokens.get(text);
    if (n === undefined) {
      n = countTextTokens(text, 'cl100k').tokens;
      this.tokens.set(text, n);
    }
    return n;
  }

  /** The recorded answer of `model` to `prompt` (the last user turn), or why there is none. */
  answer(model: string, prompt: string): Answered | NotAnswered {
    const entry = this.byPrompt.get(key(prompt));
    if (!entry) {
      return {
        status: 400,
        param: 'messages',
        message: `No recorded answer for this prompt (the emulator answers only the ${this.size} prompts of its --answers data).`,
      };
    }
    const a = entry.answers[model];
    if (!a) {
      return {
        status: 404,
        param: 'model',
        message: `The model '${model}' has no recorded answer for this prompt (recorded: ${Object.keys(entry.answers).join(', ')}).`,
      };
    }
    return {
      generation: textGeneration(a.text, Math.max(1, this.count(a.text))),
      promptTokens: this.count(entry.prompt),
    };
  }
}
