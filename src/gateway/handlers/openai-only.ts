// OpenAI-only endpoints passed through natively (/v1/embeddings, /v1/responses): the body goes upstream
// unchanged apart from the model id, the answer comes back unchanged, and usage is read on the way.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MarginError } from '../../errors/index.js';
import type { Usage } from '../../meter/usage.js';
import { type SseEvent, SseParser } from '../../protocols/sse.js';
import { endpointPath, upstreamHeaders } from '../../providers/openai-compatible/index.js';
import { parseJsonBody, readBody } from '../body.js';
import { type Exchange, STREAM_HEADERS } from '../exchange.js';
import type { ResolvedModel } from '../models.js';
import { endResponse, type GatewayState } from '../state.js';
import { callUpstream, errorCode } from '../upstream.js';
import { authenticate, watchClient } from './authenticate.js';
import { meterInto } from './meter.js';
import { capOutput, outputCap, reserveBudget } from './reserve.js';
import { candidatesFor } from './route.js';
import { withClientCredentials } from './upstream-body.js';
import { relayUpstreamError } from './upstream-error.js';

/** Tracks usage across a pass-through stream. */
export interface StreamTracker {
  push(ev: SseEvent): void;
  readonly done: boolean;
  usage(): Usage | undefined;
  readonly text: string[];
}

export interface OpenAIOnlyEndpoint<R extends { model: string }> {
  /** Upstream path under the base URL, e.g. `/embeddings`. */
  path: string;
  parse(body: unknown): R;
  isStream(req: R): boolean;
  usage(json: unknown): Usage | undefined;
  /** Usage estimate from the request and the text received (output tokens). */
  estimate(req: R, model: string, outputText: string, reported: Usage | undefined): Usage;
  tracker?(): StreamTracker;
}

export async function handleOpenAIOnly<R extends { model: string }>(
  state: GatewayState,
  ex: Exchange,
  req: IncomingMessage,
  res: ServerResponse,
  spec: OpenAIOnlyEndpoint<R>,
): Promise<void> {
  const text = await readBody(req, state.config.server.bodyLimitBytes);
  const json = parseJsonBody(text) as Record<string, unknown>;
  const request = spec.parse(json);
  ex.requestedModel = request.model;
  ex.streamed = spec.isStream(request);
  await authenticate(state, ex);
  const gone = watchClient(res, ex);
  const all = await candidatesFor(state, ex, false);
  const candidates = all.filter((m) => m.adapter.protocol === 'openai');
  if (candidates.length === 0) {
    throw new MarginError(
      'MARGIN_ERR_UNSUPPORTED',
      `'${request.model}' is served by ${all[0]?.provider ?? 'a provider'}, which has no OpenAI ${spec.path} endpoint.`,
      { param: 'model' },
    );
  }
  const maxOut = json.max_output_tokens;
  // The output cap (stage 4b) is enforced upstream through `max_output_tokens` (responses only).
  const sent =
    spec.path === '/embeddings' ? json : capOutput(json, outputCap(state, ex), 'max_output_tokens');
  await reserveBudget(
    state,
    ex,
    candidates,
    (m) => spec.estimate(request, m.target.upstreamModel || request.model, '', undefined).inputTokens,
    spec.path === '/embeddings' ? 0 : typeof maxOut === 'number' ? maxOut : undefined,
  );
  const build = (m: ResolvedModel) =>
    withClientCredentials(state, ex, m, {
      method: 'POST',
      path: endpointPath(m.target, spec.path),
      headers: upstreamHeaders(m.target),
      body:
        sent === json && json.model === m.target.upstreamModel
          ? text
          : JSON.stringify({ ...sent, model: m.target.upstreamModel }),
    });
  const result = await callUpstream(candidates, build, {
    upstreams: state.upstreams,
    retries: state.config.retries,
    metrics: state.metrics,
    signal: gone,
    onAttempt: () => {
      ex.attempts++;
    },
  });
  ex.provider = result.model.provider;
  ex.servedModel = result.model.target.upstreamModel || request.model;
  if (!result.ok) return relayUpstreamError(state, ex, res, 'openai', result);
  const { model } = result;
  const upstreamModel = model.target.upstreamModel || request.model;
  ex.status = result.status;

  if (ex.streamed && spec.tracker) {
    const tracker = spec.tracker();
    const parser = new SseParser();
    res.writeHead(result.status, { ...ex.streamHeaders(), ...STREAM_HEADERS });
    res.flushHeaders();
    await new Promise<void>((resolve) => {
      let ended = false;
      result.body.on('data', (buf: Buffer) => {
        for (const ev of parser.push(buf)) tracker.push(ev);
        if (res.destroyed) return;
        ex.firstByte();
        if (!res.write(buf)) {
          result.body.pause();
          res.once('drain', () => result.body.resume());
        }
      });
      const end = (err?: unknown) => {
        if (ended) return;
        ended = true;
        for (const ev of parser.end()) tracker.push(ev);
        const reported = tracker.usage();
        const complete = !err && tracker.done && reported !== undefined;
        const usage =
          complete && reported
            ? reported
            : spec.estimate(request, upstreamModel, tracker.text.join(''), reported);
        if (!complete && !ex.clientAborted) {
          ex.errorCode =
            errorCode(err) === 'UND_ERR_BODY_TIMEOUT'
              ? 'MARGIN_ERR_UPSTREAM_TIMEOUT'
              : 'MARGIN_ERR_UPSTREAM_STREAM_CUT';
        }
        meterInto(state, ex, model, usage);
        if (!res.destroyed && !res.writableEnded) endResponse(state, ex, res, ex.comment());
        resolve();
      };
      result.body.on('end', () => end());
      result.body.on('error', (err) => end(err));
      result.body.on('close', () => end(gone.aborted ? gone.reason : undefined));
    });
    return;
  }

  const out = await result.body.text();
  let upstreamJson: unknown;
  try {
    upstreamJson = JSON.parse(out);
  } catch {
    throw new MarginError(
      'MARGIN_ERR_UPSTREAM_BAD_RESPONSE',
      `Upstream ${model.target.baseUrl} returned a body that is not JSON.`,
    );
  }
  const usage = spec.usage(upstreamJson) ?? spec.estimate(request, upstreamModel, '', undefined);
  const responseModel = (upstreamJson as { model?: unknown } | null)?.model;
  meterInto(state, ex, model, usage, typeof responseModel === 'string' ? responseModel : undefined);
  if (res.destroyed) return;
  res.writeHead(result.status, {
    ...ex.labelHeaders(),
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(out),
  });
  ex.firstByte();
  endResponse(state, ex, res, out);
}
