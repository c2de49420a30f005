// Prompt-prefix fingerprints for the ledger (`prefixHashes`): one SHA-256 pass over a bounded prefix of the
// prompt — tools, then each message's role and text, in request order — with a digest taken at each level
// boundary (about 1k, 2k, 4k, 8k and 16k tokens, at 4 characters a token). Never prompt text: 12 hex
// characters per level. Two requests whose level-k hashes match share (about) their first k tokens, which
// is what a provider's prompt cache can reuse; `margin advise` groups by them.
import { createHash, type Hash } from 'node:crypto';
import type { ChatRequest } from '../protocols/canonical.js';

/** Characters per token assumed to place the level boundaries (English text and JSON, o200k-like). */
export const PREFIX_CHARS_PER_TOKEN = 4;
/** Prefix sizes fingerprinted, tokens (estimated from characters). */
export const PREFIX_LEVEL_TOKENS = [1024, 2048, 4096, 8192, 16384] as const;
const BOUNDS = PREFIX_LEVEL_TOKENS.map((t) => t * PREFIX_CHARS_PER_TOKEN);
const LAST = BOUNDS[BOUNDS.length - 1]!;
const SEP = '\u0000';

class BoundedHasher {
  private readonly hash: Hash = createHash('sha256');
  private chars = 0;
  private level = 0;
  readonly digests: string[] = [];

  /** Feeds text; returns false once the last boundary is reached (nothing more is needed). */
  feed(text: string): boolean {
    let rest = text;
    while (rest.length > 0 && this.level < BOUNDS.length) {
      const room = BOUNDS[this.level]! - this.chars;
      if (rest.length < room) {
        this.hash.update(rest);
        this.chars += rest.length;
        return true;
      }
      this.hash.update(rest.slice(0, room));
      this.chars += room;
      rest = rest.slice(room);
      this.digests.push(this.hash.copy().digest('hex').slice(0, 12));
      this.level++;
    }
    return this.chars < LAST;
  }
}

function contentText(content: ChatRequest['messages'][number]['content']): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let s = '';
  for (const p of content)
    s += p.type === 'text' ? p.text : `[${p.type}:${String(p.image_url?.url ?? '').slice(0, 256)}]`;
  return s;
}

/**
 * The level hashes of a request's prompt prefix (first = about 1k tokens), or undefined when the prompt
 * is shorter than the first level (too short for any provider's prompt cache) or absent.
 */
export function prefixFingerprints(req: ChatRequest | undefined): string[] | undefined {
  if (!req || !Array.isArray(req.messages)) return undefined;
  const h = new BoundedHasher();
  let more = true;
  if (Array.isArray(req.tools) && req.tools.length > 0)
    more = h.feed(`tools${SEP}${JSON.stringify(req.tools)}${SEP}`);
  for (const m of req.messages) {
    if (!more) break;
    more = h.feed(`${m.role}${SEP}`);
    if (more) more = h.feed(contentText(m.content));
    if (more && m.tool_calls) more = h.feed(JSON.stringify(m.tool_calls));
    if (more) more = h.feed(SEP);
  }
  return h.digests.length > 0 ? h.digests : undefined;
}
