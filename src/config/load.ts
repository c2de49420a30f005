// Reads and validates margin.yaml once at start; every problem is reported as one line naming the field,
// e.g. `config models[2].provider: expected one of openai|anthropic|…`.
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { MarginError } from '../errors/index.js';
import { configSchema, type GatewayConfig } from './schema.js';

/** `models[2].provider` from a zod path. */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

function valueAt(raw: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let v: unknown = raw;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

function describe(issue: z.core.$ZodIssue, raw: unknown): { field: string; text: string } {
  const field = fieldPath(issue.path);
  switch (issue.code) {
    case 'invalid_value': {
      const got = valueAt(raw, issue.path);
      return {
        field,
        text: `expected one of ${issue.values.map(String).join('|')} (got ${JSON.stringify(got)})`,
      };
    }
    case 'invalid_type': {
      const got = valueAt(raw, issue.path);
      const kind = got === undefined ? 'nothing' : Array.isArray(got) ? 'array' : typeof got;
      return { field, text: `expected ${issue.expected}, got ${kind}` };
    }
    case 'unrecognized_keys': {
      const key = issue.keys[0] ?? '?';
      return { field: fieldPath([...issue.path, key]), text: 'unknown field' };
    }
    default:
      return { field, text: issue.message };
  }
}

/** Validates a parsed config object (from YAML or code); throws MARGIN_ERR_CONFIG naming the first bad field. */
export function parseConfig(raw: unknown, source = 'config'): GatewayConfig {
  const res = configSchema.safeParse(raw ?? {});
  if (!res.success) {
    const [first] = res.error.issues;
    const more = res.error.issues.length - 1;
    const { field, text } = first ? describe(first, raw) : { field: '', text: 'invalid' };
    throw new MarginError(
      'MARGIN_ERR_CONFIG',
      `${source} ${field || '(root)'}: ${text}${more > 0 ? ` (and ${more} more problem${more > 1 ? 's' : ''})` : ''}`,
    );
  }
  checkModels(res.data, source);
  return res.data;
}

function checkModels(config: GatewayConfig, source: string): void {
  const names = new Map<string, number>();
  config.models.forEach((m, i) => {
    const prev = names.get(m.name);
    if (prev !== undefined) {
      throw new MarginError(
        'MARGIN_ERR_CONFIG',
        `${source} models[${i}].name: '${m.name}' is already defined by models[${prev}]`,
      );
    }
    names.set(m.name, i);
    if (m.provider === 'openai-compatible' && !m.baseUrl) {
      throw new MarginError(
        'MARGIN_ERR_CONFIG',
        `${source} models[${i}].baseUrl: required for provider 'openai-compatible'`,
      );
    }
    const star = m.name.indexOf('*');
    if (star !== -1 && star !== m.name.length - 1) {
      throw new MarginError(
        'MARGIN_ERR_CONFIG',
        `${source} models[${i}].name: '*' is only allowed at the end (a prefix pattern)`,
      );
    }
  });
  config.models.forEach((m, i) => {
    m.fallbacks.forEach((f, j) => {
      if (!names.has(f) || f.endsWith('*')) {
        throw new MarginError(
          'MARGIN_ERR_CONFIG',
          `${source} models[${i}].fallbacks[${j}]: '${f}' is not a model name defined in models`,
        );
      }
      if (f === m.name) {
        throw new MarginError(
          'MARGIN_ERR_CONFIG',
          `${source} models[${i}].fallbacks[${j}]: a model cannot fall back to itself`,
        );
      }
    });
  });
}

/** Reads a YAML (or JSON) config file and validates it. */
export async function loadConfigFile(path: string): Promise<GatewayConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new MarginError(
      'MARGIN_ERR_CONFIG',
      code === 'ENOENT'
        ? `config file not found: ${path}`
        : `cannot read config file ${path}: ${code ?? err}`,
    );
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new MarginError('MARGIN_ERR_CONFIG', `${path}: not valid YAML: ${msg}`);
  }
  return parseConfig(raw, path);
}
