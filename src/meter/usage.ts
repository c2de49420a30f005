// The canonical usage record every protocol adapter produces and the meter consumes.

export type RequestKind = 'sync' | 'batch' | 'flex';

export interface Usage {
  /** All prompt tokens, including those read from and written to the provider's prompt cache. */
  inputTokens: number;
  /** Part of `inputTokens` read from the provider's prompt cache. */
  cacheReadTokens: number;
  /** Part of `inputTokens` written to the prompt cache with a 5-minute (default) TTL. */
  cacheWrite5mTokens: number;
  /** Part of `inputTokens` written to the prompt cache with a 1-hour TTL. */
  cacheWrite1hTokens: number;
  /** All output tokens, including reasoning tokens. */
  outputTokens: number;
  /** Part of `outputTokens` spent on hidden reasoning (billed as output). */
  reasoningTokens: number;
  kind: RequestKind;
  /** `reported` by the provider, or `estimated` by Margin's tokenizer (e.g. a cut stream). */
  source: 'reported' | 'estimated';
}

/** A usage record with zeros for everything not given. */
export function makeUsage(partial: Partial<Usage> = {}): Usage {
  return {
    inputTokens: 0,
    cacheReadTokens: 0,
    cacheWrite5mTokens: 0,
    cacheWrite1hTokens: 0,
    outputTokens: 0,
    reasoningTokens: 0,
    kind: 'sync',
    source: 'reported',
    ...partial,
  };
}

/** Returns a reason string when the usage is self-contradictory, or undefined when it is valid. */
export function usageProblem(u: Usage): string | undefined {
  const counts: Array<[string, number]> = [
    ['inputTokens', u.inputTokens],
    ['cacheReadTokens', u.cacheReadTokens],
    ['cacheWrite5mTokens', u.cacheWrite5mTokens],
    ['cacheWrite1hTokens', u.cacheWrite1hTokens],
    ['outputTokens', u.outputTokens],
    ['reasoningTokens', u.reasoningTokens],
  ];
  for (const [name, v] of counts) {
    if (!Number.isInteger(v) || v < 0) return `${name} must be a non-negative integer (got ${v})`;
  }
  if (u.cacheReadTokens + u.cacheWrite5mTokens + u.cacheWrite1hTokens > u.inputTokens) {
    return 'cached and cache-write tokens cannot exceed the input total';
  }
  if (u.reasoningTokens > u.outputTokens) return 'reasoning tokens cannot exceed the output total';
  return undefined;
}
