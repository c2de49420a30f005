// The OpenAI Responses API client protocol (POST /v1/responses) for the chat lifecycle. Upstreams with a
// Responses API (`responsesApi: native`, OpenAI's default) get the body as is; every other upstream
// (chat-completions servers, Anthropic, Gemini) gets it translated through the canonical chat form, and the
// answer comes back as a response object or the documented event stream. For translated answers the
// gateway keeps the conversation (response store) so that `previous_response_id` works on stateless
// upstreams; a stored conversation is also expanded for a native upstream (which never saw it).
import { MarginError } from '../../errors/index.js';
import type { ChatRequest } from '../../protocols/canonical.js';
import {
  inputItems,
  parseResponsesRequest,
  type ResponsesRequest,
  responsesToCanonical,
  untranslatableResponsesParams,
} from '../../protocols/openai-responses/request.js';
import { responsesToChatResponse, toResponsesObject } from '../../protocols/openai-responses/response.js';
import { ResponsesStreamDecoder, ResponsesStreamEncoder } from '../../protocols/openai-responses/stream.js';
import { usageFromResponse } from '../../protocols/openai-responses/usage.js';
import { endpointPath, upstreamHeaders } from '../../providers/openai-compatible/index.js';
import { capOutput } from '../handlers/reserve.js';
import type { ResolvedModel } from '../models.js';
import type { ClientCodec, StreamWriter } from './types.js';

/** What one Responses request carries besides its canonical form. */
interface ResponsesCall {
  request: ResponsesRequest;
  body: Record<string, unknown>;
  /** `resp_…`, from the gateway's request id. */
  id: string;
  createdAt: number;
  /** Items of the stored conversation this request continues (expanded by the gateway). */
  history: unknown[] | undefined;
  /** A `previous_response_id` the gateway does not hold (only a native upstream can know it). */
  unresolved: string | undefined;
  /** The response object sent (translated answers), for the store. */
  final: Record<string, unknown> | undefined;
}

const calls = new WeakMap<ChatRequest, ResponsesCall>();

function callOf(req: ChatRequest): ResponsesCall {
  const c = calls.get(req);
  if (!c) throw new MarginError('MARGIN_ERR_INTERNAL', 'Responses request without its context');
  return c;
}

/** Whether `model`'s upstream has a Responses API of its own. */
const hasResponsesApi = (m: ResolvedModel): boolean =>
  m.adapter.protocol === 'openai' && m.responsesApi === 'native';

const passthroughWriter = (): StreamWriter => ({
  event: (ev) => ev.raw,
  end: (_usage, comment) => comment,
});

function shell(req: ChatRequest, model: string) {
  const c = callOf(req);
  return { id: c.id, createdAt: c.createdAt, model, request: c.request };
}

export const responsesCodec: ClientCodec = {
  protocol: 'openai',
  endpoint: 'responses',
  parseRequest(body) {
    const request = parseResponsesRequest(body);
    const canonical = responsesToCanonical(request);
    calls.set(canonical, {
      request,
      body: body as Record<string, unknown>,
      id: '',
      createdAt: Math.floor(Date.now() / 1000),
      history: undefined,
      unresolved: undefined,
      final: undefined,
    });
    return canonical;
  },

  async resolve(state, ex, req) {
    const c = callOf(req);
    c.id = `resp_${ex.id.replace(/-/g, '')}`;
    const prev = c.request.previous_response_id;
    if (!prev) return undefined;
    const stored = await (await state.responseStore())?.get(prev, ex.tenant);
    if (!stored) {
      // Unknown here: only an upstream with its own store can continue it. The id stays in the canonical
      // request so that the response cache never answers two different conversations alike.
      c.unresolved = prev;
      req.previous_response_id = prev;
      return undefined;
    }
    c.history = stored.items;
    const expanded = responsesToCanonical(c.request, stored.items);
    calls.set(expanded, c);
    return expanded;
  },

  isNative: (m, req) => hasResponsesApi(m) && callOf(req).history === undefined,

  buildNative(m, body, raw) {
    const same = body.model === m.target.upstreamModel;
    return {
      method: 'POST',
      path: endpointPath(m.target, '/responses'),
      headers: upstreamHeaders(m.target),
      body: same && raw !== undefined ? raw : JSON.stringify({ ...body, model: m.target.upstreamModel }),
    };
  },

  capNative: (_m, body, cap) => capOutput(body, cap, 'max_output_tokens'),
  nativeUsage: usageFromResponse,
  nativeCanonical(_m, json) {
    const res = responsesToChatResponse(json);
    if (!res) {
      throw new MarginError(
        'MARGIN_ERR_UPSTREAM_BAD_RESPONSE',
        'The upstream returned a body that is not a response object.',
      );
    }
    return res;
  },
  nativeDecoder: () => new ResponsesStreamDecoder(),

  assertTranslatable(req) {
    const c = callOf(req);
    if (c.unresolved !== undefined) {
      throw new MarginError(
        'MARGIN_ERR_PREVIOUS_RESPONSE_NOT_FOUND',
        `Previous response with id '${c.unresolved}' not found.`,
        {
          param: 'previous_response_id',
        },
      );
    }
    const param = untranslatableResponsesParams(req)[0];
    if (param !== undefined) {
      throw new MarginError(
        'MARGIN_ERR_UNSUPPORTED',
        `${param}: has no equivalent on this model's upstream (it has no Responses API)`,
        {
          param,
        },
      );
    }
  },

  encodeResponse(res, usage, req) {
    const c = callOf(req);
    c.final = toResponsesObject(shell(req, res.model || req.model), res, usage);
    return JSON.stringify(c.final);
  },

  streamWriter(req, native, ctx) {
    if (native) return passthroughWriter();
    const c = callOf(req);
    let enc: ResponsesStreamEncoder | undefined;
    const encoder = (model: string) => {
      enc ??= new ResponsesStreamEncoder(shell(req, model || ctx.model));
      return enc;
    };
    return {
      event(_ev, chunks) {
        let out = '';
        for (const ch of chunks) out += encoder(ch.model).encode(ch);
        return out;
      },
      end(usage, comment, complete) {
        if (!complete) return comment;
        const e = encoder('');
        const out = e.finish(usage);
        c.final = e.final;
        return out + comment;
      },
    };
  },

  async after(state, ex, req) {
    const c = callOf(req);
    if (!c.final || c.request.store === false) return;
    const store = await state.responseStore();
    if (!store) return;
    const output = Array.isArray(c.final.output) ? c.final.output : [];
    const items = [...(c.history ?? []), ...inputItems(c.request.input), ...output];
    await store.put({
      id: c.id,
      tenant: ex.tenant,
      model: String(c.final.model ?? req.model),
      createdAt: Date.now(),
      items,
    });
  },
};
