// Who may read the admin surface (`/`, `/api/*`, `/metrics`). With no API keys configured the gateway is
// open (it listens on 127.0.0.1 by default); with keys, an admin key sees everything, a tenant key only
// its own tenant's records under /api/*, and no key gets 401 — each in the OpenAI error shape.
import type { IncomingMessage } from 'node:http';
import { MarginError } from '../../errors/index.js';
import type { AdminScope, GatewayHooks, Principal } from '../hooks.js';
import { cookieSecret, headerSecrets } from './credentials.js';

const ALL: AdminScope = { kind: 'all' };

/** The principal behind a request's credentials; throws 401 when there are none or none is valid. */
async function caller(
  identify: NonNullable<GatewayHooks['identify']>,
  req: IncomingMessage,
): Promise<Principal> {
  const secrets = headerSecrets(req.headers);
  // The cookie is honoured only on reads: a cross-site form can then never make it act.
  const cookie = req.method === 'GET' || req.method === 'HEAD' ? cookieSecret(req.headers) : undefined;
  if (cookie !== undefined) secrets.push(cookie);
  if (secrets.length === 0) {
    throw new MarginError(
      'MARGIN_ERR_UNAUTHENTICATED',
      'This endpoint needs an admin API key: send `Authorization: Bearer <key>` (create one with `margin keys create --admin`), or log in at /login in a browser.',
    );
  }
  for (const s of secrets) {
    const who = await identify(s);
    if (who) return who;
  }
  throw new MarginError('MARGIN_ERR_UNAUTHENTICATED', 'Invalid or revoked API key.');
}

/**
 * What the request may see of the admin surface. `tenantOk` says whether a tenant key is served (scoped to
 * its tenant) or refused with 403.
 */
export async function adminScope(
  hooks: GatewayHooks,
  req: IncomingMessage,
  tenantOk: boolean,
): Promise<AdminScope> {
  if (!hooks.identify) return ALL;
  const who = await caller(hooks.identify, req);
  if (who.admin) return ALL;
  if (!tenantOk) {
    throw new MarginError(
      'MARGIN_ERR_FORBIDDEN',
      `Key ${who.keyId} is not an admin key; this endpoint needs one (margin keys create --admin). A tenant key can read its own tenant's records under /api/*.`,
    );
  }
  return { kind: 'tenant', tenant: who.tenant };
}
