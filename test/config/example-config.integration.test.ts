// margin.example.yaml (repo root) is the documented config: it must parse, build every lever it shows and
// start a gateway that serves every model its routes name, so it can never drift from the schema.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfigFile } from '../../src/config/index.js';
import { createLevers, startGateway } from '../../src/gateway/index.js';
import { ROOT } from '../gateway/helpers/paths.js';

describe('margin.example.yaml', () => {
  it('loads, installs every lever it shows and starts a gateway', async () => {
    const config = await loadConfigFile(join(ROOT, 'margin.example.yaml'));
    assert.ok(config.models.length >= 4);
    assert.equal(config.cache.semanticCache.enabled, true);
    assert.deepEqual(
      new Set(Object.values(config.router?.routes ?? {}).map((r) => r.policy)),
      new Set(['learned', 'cascade', 'cheapest-capable', 'weighted', 'fallback', 'fixed']),
    );
    // No key database and no ledger file in the test: everything else as written.
    const cfg = {
      ...config,
      governance: { ...config.governance, keysDb: 'off' },
      ledger: { ...config.ledger, url: 'off' },
    };
    const levers = await createLevers(cfg, { env: {} });
    try {
      assert.deepEqual(levers.summary.slice(0, 3), [
        'exact cache (memory, deterministic)',
        'semantic cache',
        'prompt caching (anthropic, openai)',
      ]);
      assert.match(levers.summary[3] ?? '', /^routes: margin\/auto, margin\/cascade/);
      const gw = await startGateway({
        config: cfg,
        port: 0,
        ledger: null,
        env: { OPENAI_API_KEY: 'sk-test', ANTHROPIC_API_KEY: 'sk-ant-test' },
        log: () => {},
        hooks: levers.hooks,
      });
      await gw.close();
    } finally {
      await levers.close();
    }
  });
});
