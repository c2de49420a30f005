// Where the scheduler's carbon profiles come from: the catalog's typical weeks, replaced region by region by
// a user file or URL (config `deferral.carbonProfiles`). A URL is fetched once at start; any failure is a
// clear MARGIN_ERR_CONFIG naming it (the gateway does not start on a profile it cannot read).
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Catalog } from '../../catalog/catalog.js';
import { carbonProfileSchema } from '../../catalog/schema.js';
import { MarginError } from '../../errors/index.js';
import type { CarbonProfile } from '../types.js';

/** A profiles file: `{source?, asOf?, carbonProfiles: [{region, gPerKwh: 7×24, source?, asOf?}]}`. */
const fileSchema = z
  .object({
    source: z.string().optional(),
    asOf: z.string().optional(),
    carbonProfiles: z.array(z.record(z.string(), z.unknown())).min(1),
  })
  .passthrough();

const FETCH_TIMEOUT_MS = 15_000;

function configError(spec: string, why: string): MarginError {
  return new MarginError('MARGIN_ERR_CONFIG', `deferral.carbonProfiles '${spec}': ${why}`, {
    param: 'deferral.carbonProfiles',
  });
}

async function readSpec(spec: string, fetchImpl: typeof fetch): Promise<string> {
  if (/^https?:\/\//i.test(spec)) {
    let res: Response;
    try {
      res = await fetchImpl(spec, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
    } catch (err) {
      throw configError(spec, `cannot fetch: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!res.ok) throw configError(spec, `cannot fetch: HTTP ${res.status}`);
    return res.text();
  }
  try {
    return await readFile(spec, 'utf8');
  } catch (err) {
    throw configError(spec, `cannot read: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

/** Parses a profiles file's text into profiles keyed by catalog region id (aliases resolved). */
export function parseCarbonProfiles(
  text: string,
  catalog: Catalog,
  spec = 'profiles',
): Map<string, CarbonProfile> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw configError(spec, `not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const file = fileSchema.safeParse(json);
  if (!file.success) {
    const issue = file.error.issues[0];
    throw configError(
      spec,
      `field '${issue?.path.join('.') || '(top level)'}': ${issue?.message ?? 'invalid'}`,
    );
  }
  const out = new Map<string, CarbonProfile>();
  for (const [i, raw] of file.data.carbonProfiles.entries()) {
    const entry = {
      ...(file.data.source !== undefined ? { source: file.data.source } : {}),
      ...(file.data.asOf !== undefined ? { asOf: file.data.asOf } : {}),
      ...raw,
    };
    const p = carbonProfileSchema.safeParse(entry);
    if (!p.success) {
      const issue = p.error.issues[0];
      throw configError(
        spec,
        `carbonProfiles[${i}].${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
      );
    }
    const region = catalog.regions.find(p.data.region);
    if (!region) throw configError(spec, `carbonProfiles[${i}]: unknown region '${p.data.region}'`);
    out.set(region.id, { ...p.data, region: region.id });
  }
  return out;
}

/**
 * The profiles the scheduler uses: the catalog's, with those of `spec` (a JSON file path or an http(s)
 * URL, fetched now) replacing them region by region. Without `spec`, the catalog's alone.
 */
export async function loadCarbonProfiles(
  spec: string | undefined,
  catalog: Catalog,
  fetchImpl: typeof fetch = globalThis.fetch,
): Promise<Map<string, CarbonProfile>> {
  const out = new Map<string, CarbonProfile>(catalog.carbonProfiles);
  if (spec === undefined || spec === '') return out;
  const user = parseCarbonProfiles(await readSpec(spec, fetchImpl), catalog, spec);
  for (const [k, v] of user) out.set(k, v);
  return out;
}
