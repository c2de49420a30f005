// JSON values that satisfy a JSON Schema, for tool-call arguments and structured output (`response_format`,
// Anthropic `output_config.format`, Responses `text.format`). Covers what client libraries generate from
// zod / pydantic: objects with `required` and `additionalProperties`, arrays with item bounds, enums, const,
// `anyOf` / `oneOf` / `allOf`, `$ref` into `$defs` / `definitions`, nullable type lists, string formats and
// lengths, numeric bounds. `pattern` is not solved (a plain word is returned).
import type { Rng } from '../util/rng.js';
import { generateTokens } from './text.js';

type Schema = Record<string, unknown>;

const MAX_DEPTH = 6;

const asSchema = (v: unknown): Schema =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Schema) : {};

/** A value valid against `schema` (resolved against `root` for `$ref`). */
export function exampleFor(schema: unknown, rng: Rng, root: unknown = schema, depth = 0): unknown {
  let s = asSchema(schema);
  const ref = s.$ref;
  if (typeof ref === 'string' && depth <= MAX_DEPTH)
    s = { ...resolveRef(ref, asSchema(root)), ...omit(s, '$ref') };
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[Math.floor(rng() * s.enum.length)];
  const alternatives = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(alternatives) && alternatives.length > 0) {
    // Prefer a non-null branch: optional fields in zod/pydantic are `anyOf: [T, {type: null}]`.
    const pick = alternatives.find((a) => asSchema(a).type !== 'null') ?? alternatives[0];
    return exampleFor({ ...omit(s, 'anyOf', 'oneOf'), ...asSchema(pick) }, rng, root, depth + 1);
  }
  if (Array.isArray(s.allOf)) {
    const merged = s.allOf.reduce<Schema>((acc, part) => mergeSchemas(acc, asSchema(part)), omit(s, 'allOf'));
    return exampleFor(merged, rng, root, depth + 1);
  }
  const types = Array.isArray(s.type) ? (s.type as string[]) : typeof s.type === 'string' ? [s.type] : [];
  const type =
    types.find((t) => t !== 'null') ?? types[0] ?? (s.properties ? 'object' : s.items ? 'array' : undefined);
  switch (type) {
    case 'object':
      return objectFor(s, rng, root, depth);
    case 'array':
      return arrayFor(s, rng, root, depth);
    case 'integer':
      return integerFor(s, rng);
    case 'number':
      return numberFor(s, rng);
    case 'boolean':
      return rng() < 0.5;
    case 'null':
      return null;
    default:
      return stringFor(s, rng);
  }
}

function omit(s: Schema, ...keys: string[]): Schema {
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) if (!keys.includes(k)) out[k] = v;
  return out;
}

function mergeSchemas(a: Schema, b: Schema): Schema {
  const out: Schema = { ...a, ...b };
  if (a.properties || b.properties) out.properties = { ...asSchema(a.properties), ...asSchema(b.properties) };
  if (Array.isArray(a.required) || Array.isArray(b.required))
    out.required = [...((a.required as string[]) ?? []), ...((b.required as string[]) ?? [])];
  return out;
}

/** `#/$defs/Name`, `#/definitions/Name`, `#` (JSON pointer into the root schema). */
function resolveRef(ref: string, root: Schema): Schema {
  if (!ref.startsWith('#')) return {};
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = asSchema(node)[key];
  }
  return asSchema(node);
}

function objectFor(s: Schema, rng: Rng, root: unknown, depth: number): Record<string, unknown> {
  const props = asSchema(s.properties);
  const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : Object.keys(props));
  const out: Record<string, unknown> = {};
  if (depth >= MAX_DEPTH) return out;
  for (const [k, v] of Object.entries(props)) {
    // Optional properties are filled too (a realistic model answers them), except recursive ones at depth.
    if (required.has(k) || depth < 3) out[k] = exampleFor(v, rng, root, depth + 1);
  }
  const min = typeof s.minProperties === 'number' ? s.minProperties : 0;
  const extra = asSchema(s.additionalProperties);
  for (let i = Object.keys(out).length; i < min && s.additionalProperties !== false; i++) {
    out[`key${i}`] = exampleFor(extra, rng, root, depth + 1);
  }
  return out;
}

function arrayFor(s: Schema, rng: Rng, root: unknown, depth: number): unknown[] {
  const min = typeof s.minItems === 'number' ? s.minItems : 1;
  const max = typeof s.maxItems === 'number' ? s.maxItems : Math.max(min, 2);
  const n = depth >= MAX_DEPTH ? min : Math.min(max, Math.max(min, 1 + Math.floor(rng() * 2)));
  const prefix = Array.isArray(s.prefixItems) ? (s.prefixItems as unknown[]) : [];
  const out: unknown[] = [];
  for (let i = 0; i < Math.max(n, prefix.length); i++) {
    out.push(exampleFor(i < prefix.length ? prefix[i] : s.items, rng, root, depth + 1));
  }
  if (s.uniqueItems === true) return [...new Map(out.map((v) => [JSON.stringify(v), v])).values()];
  return out;
}

function bounds(s: Schema): { lo: number; hi: number } {
  let lo = typeof s.minimum === 'number' ? s.minimum : 0;
  let hi = typeof s.maximum === 'number' ? s.maximum : lo + 100;
  if (typeof s.exclusiveMinimum === 'number') lo = s.exclusiveMinimum + 1;
  if (typeof s.exclusiveMaximum === 'number') hi = s.exclusiveMaximum - 1;
  return { lo, hi: Math.max(lo, hi) };
}

function integerFor(s: Schema, rng: Rng): number {
  const { lo, hi } = bounds(s);
  const a = Math.ceil(lo);
  return a + Math.floor(rng() * (Math.floor(hi) - a + 1));
}

function numberFor(s: Schema, rng: Rng): number {
  const { lo, hi } = bounds(s);
  return Math.round((lo + rng() * (hi - lo)) * 100) / 100;
}

const FORMATS: Record<string, (rng: Rng) => string> = {
  'date-time': (rng) =>
    new Date(Date.UTC(2025, Math.floor(rng() * 12), 1 + Math.floor(rng() * 28))).toISOString(),
  date: (rng) =>
    `2025-${String(1 + Math.floor(rng() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rng() * 28)).padStart(2, '0')}`,
  time: () => '12:00:00Z',
  email: () => 'someone@example.com',
  uri: () => 'https://example.com/item',
  url: () => 'https://example.com/item',
  uuid: (rng) => {
    const hex = Array.from({ length: 32 }, () => Math.floor(rng() * 16).toString(16)).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  },
  ipv4: () => '192.0.2.1',
};

function stringFor(s: Schema, rng: Rng): string {
  const format = typeof s.format === 'string' ? FORMATS[s.format] : undefined;
  if (format) return format(rng);
  const min = typeof s.minLength === 'number' ? s.minLength : 1;
  const max = typeof s.maxLength === 'number' ? s.maxLength : Number.POSITIVE_INFINITY;
  let text = generateTokens(2 + Math.floor(rng() * 3), rng).join('');
  while (text.length < min) text += ` ${generateTokens(2, rng).join('')}`;
  if (text.length > max) text = text.slice(0, Math.max(min, max));
  return text;
}
