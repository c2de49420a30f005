// Non-streaming chat answers (stages 6–10): read and parse the upstream body, take or estimate its usage,
// meter it, send it in the client's protocol, and offer it to the cache. Split in read / write so that a
// cascade can look at an answer before deciding whether to serve it.
import type { ServerResponse } from 'node:http';
import { MarginError } from '../../errors/index.js';
import type { Usage } from '../../meter/usage.js';
import type { ChatRequest, ChatResponse } from '../../protocols/canonical.js';
import { responseText } from '../../protocols/openai-chat/response.js';
import { redactUrls } from '../../util/redact.js';
import type { ClientCodec } from '../codecs/types.js';
import { estimatedUsage, estimatePromptTokens, estimateTextTokens } from '../estimate.js';
import type { Exchange } from '../exchange.js';
import type { ResolvedModel } from '../models.js';
import { endResponse, type GatewayState } from '../state.js';
import { type UpstreamResult, upstreamName } from '../upstream.js';
import { meterInto } from './meter.js';

/** A complete upstream answer, parsed. */
export interface Completion {
  model: ResolvedModel;
  status: number;
  /** The upstream body as received (sent as is on native pass-through unless `json` was changed). */
  text: string;
  json: unknown;
  /** Canonical form (filled when translating, caching, estimating, or when `wantCanonical`). */
  canonical: ChatResponse | undefined;
  usage: Usage;
  responseModel: string | undefined;
  native: boolean;
}

/**
 * Reads an upstream 2xx body; `wantCanonical` forces the canonical form (a cascade reads the answer, the
 * cache stores it).
 */
export async function readCompletion(
  request: ChatRequest,
  codec: ClientCodec,
  result: Extract<UpstreamResult, { ok: true }>,
  native: boolean,
  wantCanonical = false,
): Promise<Completion> {
  const { model } = result;
  const text = await result.body.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new MarginError(
      'MARGIN_ERR_UPSTREAM_BAD_RESPONSE',
      `Upstream ${upstreamName(model)} returned a body that is not JSON (${redactUrls(text.slice(0, 80))}).`,
    );
  }
  let canonical: ChatResponse | undefined;
  let usage: Usage | undefined;
  if (native) usage = codec.nativeUsage(json);
  else ({ response: canonical, usage } = model.adapter.parseChatResponse(json, model.target));
  const needCanonical = wantCanonical || !usage;
  if (needCanonical && !canonical) canonical = codec.nativeCanonical(model, json);
  if (!usage) {
    const m = model.target.upstreamModel || request.model;
    const out = canonical ? estimateTextTokens(responseText(canonical), m) : 0;
    usage = estimatedUsage(() => estimatePromptTokens(request, m), out);
  }
  const rm = (json as { model?: unknown } | null)?.model;
  return {
    model,
    status: result.status,
    text,
    json,
    canonical,
    usage,
    responseModel: typeof rm === 'string' ? rm : undefined,
    native,
  };
}

/**
 * Meters a completion into the exchange, sends it to the client, then offers it to the cache. `metered` runs
 * between metering and sending (a cascade writes its route record there, before the record is made).
 */
export function writeCompletion(
  state: GatewayState,
  ex: Exchange,
  res: ServerResponse,
  codec: ClientCodec,
  request: ChatRequest,
  c: Completion,
  metered?: () => void,
): void {
  const { model, usage, canonical } = c;
  meterInto(state, ex, model, usage, c.responseModel);
  metered?.();
  const out = c.native ? c.text : codec.encodeResponse(canonical as ChatResponse, usage, request);
  ex.status = c.status;
  if (res.destroyed) return;
  const headers: Record<string, string | number> = ex.labelHeaders(); // a fresh object: extended in place
  headers['content-type'] = 'application/json';
  headers['content-length'] = Buffer.byteLength(out);
  res.writeHead(c.status, headers);
  ex.firstByte();
  endResponse(state, ex, res, out);
  if (ex.cacheStore && state.hooks.cache && canonical && usage.source === 'reported') {
    state.hooks.cache.store(ex, {
      response: canonical,
      usage,
      model: ex.servedModel ?? model.target.upstreamModel,
      provider: model.provider,
    });
  }
}
