// Token counting: exact for OpenAI's o200k / cl100k encodings (gpt-tokenizer, pure JS), and documented
// estimates for other families (Anthropic, Gemini, Llama, …), always flagged as estimates.
import { countTokens as countCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base';

export type TokenizerFamily =
  | 'o200k'
  | 'cl100k'
  | 'claude'
  | 'gemini'
  | 'llama3'
  | 'mistral'
  | 'qwen'
  | 'deepseek';

export interface TokenCount {
  tokens: number;
  /** False for o200k/cl100k (exact); true for families counted by ratio to o200k. */
  estimated: boolean;
  family: TokenizerFamily;
}

/**
 * Tokens per o200k token for families without a public JS tokenizer. Ratios are from published
 * tokenizer comparisons on English prose and code: Claude's tokenizer produces ~15–20% more tokens than
 * o200k on English (Anthropic notes newer Claude tokenizers can use up to 35% more), Gemini's SentencePiece
 * ~5% more; Llama 3 (tiktoken-based, 128k vocab) ~ cl100k-like; Mistral (Tekken) and Qwen (151k vocab) and
 * DeepSeek (128k) close to o200k.
 */
export const ESTIMATE_RATIOS: Record<Exclude<TokenizerFamily, 'o200k' | 'cl100k'>, number> = {
  claude: 1.18,
  gemini: 1.05,
  llama3: 1.04,
  mistral: 1.06,
  qwen: 1.03,
  deepseek: 1.02,
};

/** Picks the tokenizer family for a model id (provider prefixes and dated snapshots allowed). */
export function familyForModel(model: string): TokenizerFamily {
  const m = model.toLowerCase();
  if (/claude/.test(m)) return 'claude';
  if (/gemini|gemma/.test(m)) return 'gemini';
  if (/llama/.test(m)) return 'llama3';
  if (/mistral|mixtral|codestral|ministral|magistral|devstral/.test(m)) return 'mistral';
  if (/qwen|qwq/.test(m)) return 'qwen';
  if (/deepseek/.test(m)) return 'deepseek';
  if (/gpt-3\.5|gpt-4(?!o|\.1|\.5)|text-embedding-(ada|3)/.test(m)) return 'cl100k';
  return 'o200k';
}

/** Counts tokens in `text` for a tokenizer family. */
export function countTextTokens(text: string, family: TokenizerFamily = 'o200k'): TokenCount {
  if (text.length === 0) return { tokens: 0, estimated: false, family };
  if (family === 'cl100k') return { tokens: countCl100k(text), estimated: false, family };
  const base = countO200k(text);
  if (family === 'o200k') return { tokens: base, estimated: false, family };
  return { tokens: Math.max(1, Math.round(base * ESTIMATE_RATIOS[family])), estimated: true, family };
}

/** Counts tokens for the tokenizer a model uses. */
export function countModelTokens(text: string, model: string): TokenCount {
  return countTextTokens(text, familyForModel(model));
}
