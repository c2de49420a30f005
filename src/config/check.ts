// Start-up checks of what the schema cannot see (a URL scheme, a catalog id, a file): run by `margin serve`
// before anything starts (no emulator, ledger or listener), each error naming its config field.
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Catalog } from '../catalog/catalog.js';
import { isMarginError, MarginError } from '../errors/index.js';
import { parseLedgerUrl } from '../ledger/url.js';
import { defaultRouterModelPath } from '../router/eval/repo-paths.js';
import { loadRouterModel } from '../router/learned/model.js';
import type { GatewayConfig } from './schema.js';

/** Runs `check`; a MarginError it throws comes back as `config <field>: <message>`. */
function field<T>(name: string, check: () => T): T {
  try {
    return check();
  } catch (err) {
    const message = isMarginError(err) || err instanceof Error ? err.message : String(err);
    throw new MarginError('MARGIN_ERR_CONFIG', `config ${name}: ${message}`, { param: name });
  }
}

function checkRedisUrl(name: string, url: string): void {
  field(name, () => {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      throw new Error('not a valid URL');
    }
    if (u.protocol !== 'redis:' && u.protocol !== 'rediss:')
      throw new Error(`must be a redis:// or rediss:// URL (got ${u.protocol}//…)`);
  });
}

function checkStoreUrl(name: string, what: string, url: string): void {
  const target = field(name, () => parseLedgerUrl(url, what));
  if (target.kind === 'sqlite' && target.path !== ':memory:' && !existsSync(dirname(target.path)))
    field(name, () => {
      throw new Error(`the folder of '${target.path}' does not exist`);
    });
}

/** Throws MARGIN_ERR_CONFIG naming the first bad field among those checked here. */
export function checkConfig(config: GatewayConfig, catalog: Catalog): void {
  if (config.ledger.url !== 'off') checkStoreUrl('ledger.url', 'ledger', config.ledger.url);
  const keysDb = config.governance.keysDb;
  if (keysDb !== undefined && keysDb !== 'off') checkStoreUrl('governance.keysDb', 'key store', keysDb);
  field('meter.region', () => catalog.region(config.meter.region));
  field('meter.hardware', () => catalog.device(config.meter.hardware));
  if (config.governance.redis !== undefined) checkRedisUrl('governance.redis', config.governance.redis);
  const { exactCache, semanticCache } = config.cache;
  if (exactCache.enabled && exactCache.backend === 'redis')
    checkRedisUrl('cache.exactCache.redis.url', exactCache.redis.url);
  if (semanticCache.enabled && semanticCache.backend === 'redis')
    checkRedisUrl('cache.semanticCache.redis.url', semanticCache.redis.url);
  for (const [name, route] of Object.entries(config.router?.routes ?? {})) {
    if (route.policy !== 'learned') continue;
    const at = `router.routes.${name}.modelFile`;
    field(at, () => loadRouterModel(route.modelFile ?? defaultRouterModelPath()));
  }
}
