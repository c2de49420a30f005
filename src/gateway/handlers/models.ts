// GET /v1/models: the router's virtual names (e.g. `margin/auto`), configured model names, catalog models reachable through prefix patterns, and for a
// `*` entry (--upstream, emulator) the upstream server's own list. Anthropic clients get Anthropic's shape.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { endpointPath, upstreamHeaders } from '../../providers/openai-compatible/index.js';
import type { Exchange } from '../exchange.js';
import type { GatewayState } from '../state.js';
import { authenticate } from './authenticate.js';
import { sendJson } from './send-json.js';

interface ModelItem {
  id: string;
  owned_by: string;
}

async function upstreamList(state: GatewayState): Promise<ModelItem[]> {
  const out: ModelItem[] = [];
  for (const p of state.models.patternEntries()) {
    if (p.prefix !== '' || p.provider !== 'openai-compatible') continue;
    try {
      const r = await state.upstreams.request(
        p.origin,
        {
          method: 'GET',
          path: endpointPath(p.target, '/models'),
          headers: upstreamHeaders(p.target),
          body: undefined,
        },
        AbortSignal.timeout(5000),
      );
      const json = (await r.body.json().catch(() => undefined)) as { data?: unknown } | undefined;
      if (r.statusCode >= 400 || !Array.isArray(json?.data)) continue;
      for (const m of json.data as Array<{ id?: unknown; owned_by?: unknown }>) {
        if (typeof m.id === 'string')
          out.push({ id: m.id, owned_by: typeof m.owned_by === 'string' ? m.owned_by : 'upstream' });
      }
    } catch {
      // upstream down: list what is configured
    }
  }
  return out;
}

/** The model list as the client's SDK expects it. */
export async function handleModels(
  state: GatewayState,
  ex: Exchange,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  await authenticate(state, ex);
  const seen = new Set<string>();
  const items: ModelItem[] = [];
  const add = (id: string, owner: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    items.push({ id, owned_by: owner });
  };
  for (const route of state.hooks.router?.routes?.() ?? []) add(route, 'margin');
  for (const name of state.models.names()) add(name, state.models.resolve(name)?.provider ?? 'margin');
  const patterns = state.models.patternEntries();
  for (const price of state.meterer.catalog.prices.all) {
    const p = patterns.find(
      (e) =>
        e.prefix !== '' &&
        (price.id.startsWith(e.prefix) || (e.prefix === `${e.provider}/` && price.provider === e.provider)),
    );
    if (p) add(price.id, p.provider);
  }
  for (const m of await upstreamList(state)) add(m.id, m.owned_by);
  const anthropic = typeof req.headers['anthropic-version'] === 'string';
  const body = anthropic
    ? {
        data: items.map((m) => ({
          type: 'model',
          id: m.id,
          display_name: m.id,
          created_at: '1970-01-01T00:00:00Z',
        })),
        has_more: false,
        first_id: items[0]?.id ?? null,
        last_id: items.at(-1)?.id ?? null,
      }
    : {
        object: 'list',
        data: items.map((m) => ({ id: m.id, object: 'model', created: 0, owned_by: m.owned_by })),
      };
  sendJson(state, res, ex, body);
}
