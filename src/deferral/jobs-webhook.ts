// Webhooks of deferred requests: the result POSTed to the caller's `x-margin-callback-url`, signed with
// HMAC-SHA256 over `<t>.<body>` (t = Unix seconds), sent as `x-margin-signature: t=<t>,v1=<hex>`. A receiver
// recomputes the HMAC with the shared secret (config `deferral.webhookSecret` or MARGIN_WEBHOOK_SECRET),
// compares in constant time and rejects old timestamps (docs/deferral.md).
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-margin-signature';

export function signWebhook(secret: string, body: string, tSeconds: number): string {
  const v1 = createHmac('sha256', secret).update(`${tSeconds}.${body}`).digest('hex');
  return `t=${tSeconds},v1=${v1}`;
}

/** Checks a signature header against a body; `toleranceS` bounds the timestamp's age (replays). */
export function verifyWebhook(
  secret: string,
  body: string,
  header: string,
  nowS = Math.floor(Date.now() / 1000),
  toleranceS = 300,
): boolean {
  const parts = new Map(
    header.split(',').map((p) => {
      const i = p.indexOf('=');
      return [p.slice(0, i).trim(), p.slice(i + 1).trim()] as const;
    }),
  );
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || Math.abs(nowS - t) > toleranceS) return false;
  const want = Buffer.from(signWebhook(secret, body, t).split('v1=')[1] as string, 'hex');
  const got = Buffer.from(v1, 'hex');
  return got.length === want.length && timingSafeEqual(got, want);
}

const TIMEOUT_MS = 10_000;

/** POSTs one signed payload; throws unless the receiver answers 2xx. */
export async function postWebhook(
  url: string,
  secret: string,
  payload: unknown,
  nowMs: number,
): Promise<void> {
  const body = JSON.stringify(payload);
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [SIGNATURE_HEADER]: signWebhook(secret, body, Math.floor(nowMs / 1000)),
      'user-agent': 'margin-webhook/1',
    },
    body,
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  await res.arrayBuffer().catch(() => undefined);
  if (res.status < 200 || res.status >= 300) throw new Error(`the receiver answered ${res.status}`);
}
