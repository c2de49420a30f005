// Chat Completions requests to OpenAI-compatible upstreams: the model id is replaced by the target's and
// streams always ask for the final usage chunk (`stream_options.include_usage`), so usage is never lost.
import { defaultCatalog } from '../../catalog/index.js';
import type { ChatRequest } from '../../protocols/canonical.js';
import type { UpstreamHttpRequest, UpstreamTarget } from '../types.js';
import { endpointPath, upstreamHeaders } from './http.js';

function needsRewrite(body: Record<string, unknown>, target: UpstreamTarget): boolean {
  if (body.model !== target.upstreamModel) return true;
  if (body.stream !== true) return false;
  const so = body.stream_options as { include_usage?: unknown } | null | undefined;
  return so?.include_usage !== true;
}

/** The body to send upstream (a copy; the client's object is not changed). */
export function upstreamChatBody(
  body: Record<string, unknown>,
  target: UpstreamTarget,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...body, model: target.upstreamModel };
  if (body.stream === true) {
    const so = body.stream_options;
    out.stream_options = { ...(so && typeof so === 'object' ? so : {}), include_usage: true };
  }
  return out;
}

/** Upstream request for a chat body; the client's raw text is reused when nothing needs changing. */
export function buildChatHttpRequest(
  body: Record<string, unknown>,
  target: UpstreamTarget,
  rawBody?: string,
): UpstreamHttpRequest {
  const text =
    rawBody !== undefined && !needsRewrite(body, target)
      ? rawBody
      : JSON.stringify(upstreamChatBody(body, target));
  return {
    method: 'POST',
    path: endpointPath(target, '/chat/completions'),
    headers: upstreamHeaders(target),
    body: text,
  };
}

/** True when the catalog knows the model as a reasoning model (one that takes `reasoning_effort`). */
function isReasoningModel(model: string): boolean {
  try {
    return defaultCatalog().prices.find(model)?.capabilities.reasoning === true;
  } catch {
    return false; // a catalog that fails to load must not break the request path
  }
}

/**
 * Upstream request for a canonical request translated from another protocol (canonical = OpenAI, so the
 * same body), except that a reasoning effort (from Anthropic `thinking`, Gemini `thinkingConfig`, Responses
 * `reasoning`) is only sent to reasoning models: others reject it.
 */
export function buildChatRequest(req: ChatRequest, target: UpstreamTarget): UpstreamHttpRequest {
  if (req.reasoning_effort === undefined || isReasoningModel(target.upstreamModel)) {
    return buildChatHttpRequest(req, target);
  }
  const { reasoning_effort: _dropped, ...rest } = req;
  return buildChatHttpRequest(rest as ChatRequest, target);
}
