// Loads a workload: YAML text → plain object → (optional data-derived patch merged in) → zod-validated
// Workload, with errors that name the field ("workload.traffic.requestsPerDay: must be > 0").
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { MarginError } from '../../errors/index.js';
import { type Workload, workloadSchema } from './schema.js';

type Issue = z.core.$ZodIssue;

/** Picks the most specific issue: inside a union, the branch that got furthest. */
function deepest(issue: Issue): Issue {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return issue;
  let best: Issue | undefined;
  let bestScore = -1;
  for (const branch of issue.errors) {
    const first = branch[0];
    if (!first) continue;
    // A type mismatch at the branch root means "this branch was not meant"; prefer the others.
    const score = first.path.length * 2 + (first.code === 'invalid_type' ? 0 : 1);
    if (score > bestScore) {
      best = first;
      bestScore = score;
    }
  }
  if (!best) return issue;
  const inner = deepest(best);
  return { ...inner, path: [...issue.path, ...inner.path] } as Issue;
}

function fieldPath(path: readonly PropertyKey[]): string {
  return ['workload', ...path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))]
    .join('.')
    .replace(/\.\[/g, '[');
}

/** Validates a plain object as a workload; throws MARGIN_ERR_BAD_WORKLOAD naming the first bad field. */
export function parseWorkload(raw: unknown): Workload {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new MarginError('MARGIN_ERR_BAD_WORKLOAD', 'workload: must be a YAML mapping (key: value)');
  }
  const res = workloadSchema.safeParse(raw);
  if (res.success) return res.data;
  const first = res.error.issues[0];
  if (!first) throw new MarginError('MARGIN_ERR_BAD_WORKLOAD', 'workload: invalid');
  const issue = deepest(first);
  let message = issue.message;
  if (issue.code === 'invalid_type' && /received undefined/i.test(message)) message = 'is required';
  if (issue.code === 'unrecognized_keys') message = `unknown field(s): ${issue.keys.join(', ')}`;
  const field = fieldPath(issue.path);
  throw new MarginError('MARGIN_ERR_BAD_WORKLOAD', `${field}: ${message}`, { param: field });
}

/** Parses YAML text into a plain object (not yet validated). */
export function parseWorkloadYaml(text: string, name = 'workload'): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new MarginError('MARGIN_ERR_BAD_WORKLOAD', `${name}: not valid YAML: ${msg}`);
  }
  if (raw === null || raw === undefined) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new MarginError('MARGIN_ERR_BAD_WORKLOAD', `${name}: must be a YAML mapping (key: value)`);
  }
  return raw as Record<string, unknown>;
}

/** Reads a workload YAML file into a plain object; missing file → MARGIN_ERR_BAD_ARGUMENT. */
export function readWorkloadFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new MarginError('MARGIN_ERR_BAD_ARGUMENT', `cannot read workload file '${path}'`);
  }
  return parseWorkloadYaml(text, path);
}

const isPlain = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Deep-merges `patch` over `base` (objects merge, everything else replaces). */
export function mergeRaw(
  base: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    const b = out[k];
    out[k] = isPlain(b) && isPlain(v) ? mergeRaw(b, v) : v;
  }
  return out;
}
