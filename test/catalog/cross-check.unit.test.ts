// Cross-checks the shipped prices against an independent, maintained price database (@pydantic/genai-prices,
// bundled data, no network). Known, documented disagreements are listed with the reason.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findProvider } from '@pydantic/genai-prices';
import { loadCatalog } from '../../src/catalog/index.js';

// DeepSeek is left out: genai-prices still lists its early-2025 V3 peak/off-peak prices for deepseek-chat.
const PROVIDER: Record<string, string> = {
  openai: 'openai',
  anthropic: 'anthropic',
  google: 'google',
  mistral: 'mistral',
  xai: 'x-ai',
  groq: 'groq',
  together: 'together',
};

/** Entries where genai-prices is known to differ from the provider's own page (reason given). */
const KNOWN_DIFFERENT: Record<string, string> = {
  'open-mixtral-8x22b': "genai-prices lists a reseller's $0.90; Mistral listed open-mixtral-8x22b at $2 / $6",
};

const num = (v: unknown): number | undefined =>
  typeof v === 'number'
    ? v
    : v && typeof v === 'object' && 'base' in v
      ? Number((v as { base: number }).base)
      : undefined;

describe('prices agree with @pydantic/genai-prices', () => {
  it('matches input, output, cache read and cache write prices', () => {
    const c = loadCatalog();
    let compared = 0;
    for (const p of c.prices.all) {
      const providerId = PROVIDER[p.provider];
      const gp = providerId ? findProvider({ providerId }) : undefined;
      if (!gp || KNOWN_DIFFERENT[p.id]) continue;
      // Own id first, then aliases in order: the first name genai-prices knows decides the comparison.
      const names = [p.id, ...p.aliases].map((n) => n.toLowerCase());
      let m: (typeof gp.models)[number] | undefined;
      for (const n of names) {
        m = gp.models.find(
          (x) => x.id.toLowerCase() === n || JSON.stringify(x.match).toLowerCase().includes(`"${n}"`),
        );
        if (m) break;
      }
      if (!m) continue;
      const list = Array.isArray(m.prices) ? m.prices : [{ prices: m.prices }];
      // Latest date-constrained price (time-of-day variants are peak/off-peak, not list changes).
      const cur = list
        .filter((x) => !('constraint' in x) || x.constraint?.type === 'start_date')
        .at(-1)?.prices;
      if (!cur) continue;
      const check = (what: string, mine: number | undefined, theirs: unknown) => {
        const t = num(theirs);
        if (t !== undefined)
          assert.equal(mine, t, `${p.id} ${what}: catalog ${mine}, genai-prices ${t} (${m.id})`);
      };
      check('input', p.price.input, cur.input_mtok);
      check('output', p.price.output, cur.output_mtok);
      check('cached input', p.price.cachedInput, cur.cache_read_mtok);
      check('cache write', p.price.cacheWrite5m, cur.cache_write_mtok);
      check('1h cache write', p.price.cacheWrite1h, cur.cache_write_1h_mtok);
      compared++;
    }
    assert.ok(compared >= 35, `only ${compared} entries compared`);
  });
});
