// Anthropic prompt caching: adds `cache_control: {type: 'ephemeral'}` breakpoints (at most 4 per request)
// to the ends of long, stable prefixes of a native Messages body — tools, the system prompt, the first user
// turn (leading documents) and the conversation history before the newest turn — when the prefix up to
// the breakpoint reaches the model's minimum cacheable length. Pure: returns a new body.
import type { ModelPrice } from '../../catalog/schema.js';
import { countTextTokens } from '../../tokens/index.js';

export const MAX_BREAKPOINTS = 4;
const EPHEMERAL = { type: 'ephemeral' } as const;

export interface BreakpointOptions {
  /** The model's minimum cacheable prefix, tokens (catalog `minCacheableTokens`; Anthropic: 1024–4096). */
  minTokens: number;
  /** Token counter for text (default: o200k count × Claude's estimate ratio). */
  countTokens?: (text: string) => number;
}

type Block = Record<string, unknown>;

const defaultCount = (text: string): number => countTextTokens(text, 'claude').tokens;

function hasBreakpoint(v: unknown): boolean {
  if (Array.isArray(v)) return v.some(hasBreakpoint);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return o.cache_control !== undefined || Object.values(o).some(hasBreakpoint);
  }
  return false;
}

function blocksOf(content: unknown): Block[] | undefined {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  if (Array.isArray(content) && content.every((b) => b && typeof b === 'object'))
    return content.map((b) => ({ ...(b as Block) }));
  return undefined;
}

/** Text-size proxy of any JSON value (tool schemas, images' text parts, etc.). */
function sizeText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v ?? '');
}

/**
 * A copy of the Anthropic request `body` with cache breakpoints on its long stable prefixes. Bodies that
 * already carry a `cache_control` are returned unchanged (the client manages caching itself).
 */
export function addAnthropicCacheBreakpoints(
  body: Readonly<Record<string, unknown>>,
  options: BreakpointOptions,
): Record<string, unknown> {
  if (hasBreakpoint(body.tools) || hasBreakpoint(body.system) || hasBreakpoint(body.messages))
    return { ...body };
  const count = options.countTokens ?? defaultCount;
  const out: Record<string, unknown> = { ...body };
  let prefix = 0;
  let placed = 0;
  let lastMarkedAt = -1;
  const worth = (): boolean =>
    placed < MAX_BREAKPOINTS && prefix >= options.minTokens && prefix > lastMarkedAt;
  const mark = (): void => {
    placed++;
    lastMarkedAt = prefix;
  };

  if (Array.isArray(body.tools) && body.tools.length > 0) {
    const tools = body.tools.map((t) => ({ ...(t as Block) }));
    prefix += count(sizeText(tools));
    // Tools change least often: their own breakpoint lets a varying system prompt reuse them.
    if (worth()) {
      (tools[tools.length - 1] as Block).cache_control = EPHEMERAL;
      mark();
    }
    out.tools = tools;
  }

  const system = body.system === undefined ? undefined : blocksOf(body.system);
  if (system && system.length > 0) {
    for (const b of system) prefix += count(sizeText(b.text ?? b));
    if (worth()) {
      (system[system.length - 1] as Block).cache_control = EPHEMERAL;
      mark();
      out.system = system;
    }
  }

  const messages = Array.isArray(body.messages) ? (body.messages as Block[]) : [];
  if (messages.length > 1) {
    // Candidates: the end of the first user turn (leading documents) and the end of the history before the
    // newest turn (the next request in this conversation will repeat it).
    const candidates = new Set<number>();
    if (messages[0]?.role === 'user') candidates.add(0);
    candidates.add(messages.length - 2);
    const copy = [...messages];
    for (let i = 0; i < messages.length - 1; i++) {
      const m = messages[i] as Block;
      const blocks = blocksOf(m.content);
      for (const b of blocks ?? []) prefix += count(sizeText(b.text ?? b));
      if (!candidates.has(i) || !blocks || blocks.length === 0 || !worth()) continue;
      const lastBlock = blocks[blocks.length - 1] as Block;
      // Thinking blocks cannot carry cache_control; skip such turns.
      if (lastBlock.type === 'thinking' || lastBlock.type === 'redacted_thinking') continue;
      lastBlock.cache_control = EPHEMERAL;
      copy[i] = { ...m, content: blocks };
      mark();
    }
    out.messages = copy;
  }
  return out;
}

/** Breakpoint options for a catalog model, or undefined when it does not support prompt caching. */
export function anthropicCachingFor(price: ModelPrice): BreakpointOptions | undefined {
  if (!price.capabilities.promptCaching) return undefined;
  return { minTokens: price.minCacheableTokens ?? 1024 };
}
