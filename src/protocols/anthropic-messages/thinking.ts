// Extended thinking budgets ↔ the canonical `reasoning_effort`. The mapping is coarse on purpose: an exact
// budget survives a round trip only when it is one of the three representative budgets below.

export type Effort = 'low' | 'medium' | 'high';

/** Representative Anthropic thinking budget for each effort level. */
export const EFFORT_BUDGET: Record<Effort, number> = { low: 2048, medium: 8192, high: 24576 };

/** Thinking budget_tokens → reasoning_effort. */
export function effortFromBudget(budget: number): Effort {
  if (budget < 4096) return 'low';
  if (budget < 16384) return 'medium';
  return 'high';
}

/** reasoning_effort → budget_tokens, or undefined when thinking should stay off. */
export function budgetFromEffort(effort: unknown): number | undefined {
  return effort === 'low' || effort === 'medium' || effort === 'high' ? EFFORT_BUDGET[effort] : undefined;
}

/** Anthropic `output_config.effort` (low … max) → reasoning_effort (xhigh and max become high). */
export function effortLevel(effort: string | null | undefined): Effort {
  if (effort === 'low' || effort === 'high') return effort;
  if (effort === 'xhigh' || effort === 'max') return 'high';
  return 'medium';
}
