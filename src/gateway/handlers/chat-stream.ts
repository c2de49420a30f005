// Streams an upstream SSE response to the client as it arrives (each complete event is written at once,
// no buffering), decoding usage on the way. At the end: usage (reported, or estimated for a cut stream),
// the label, the `: margin {…}` comment, and the protocol's ending. A client that leaves aborts the upstream.
import type { ServerResponse } from 'node:http';
import { MarginError, toMarginError } from '../../errors/index.js';
import type { Usage } from '../../meter/usage.js';
import type { ChatRequest } from '../../protocols/canonical.js';
import { collectChunkText } from '../../protocols/openai-chat/stream.js';
import { type SseEvent, SseParser } from '../../protocols/sse.js';
import { OpenAIStreamDecoder } from '../../providers/openai-compatible/stream.js';
import type { ClientGone } from '../abort.js';
import { ChunkAssembler } from '../assemble.js';
import type { ClientCodec } from '../codecs/types.js';
import { estimatedUsage, estimatePromptTokens, estimateTextTokens } from '../estimate.js';
import { type Exchange, STREAM_HEADERS } from '../exchange.js';
import { streamErrorEvent } from '../respond-error.js';
import { endResponse, type GatewayState } from '../state.js';
import { DeferredText, looksLikeObject, mayCarryUsage } from '../stream-text.js';
import { errorCode, type UpstreamResult, upstreamName } from '../upstream.js';
import { meterInto } from './meter.js';

export function pipeStream(
  state: GatewayState,
  ex: Exchange,
  res: ServerResponse,
  codec: ClientCodec,
  request: ChatRequest,
  result: Extract<UpstreamResult, { ok: true }>,
  native: boolean,
  gone: ClientGone,
): Promise<void> {
  const { model, body } = result;
  const parser = new SseParser();
  const decoder = native ? codec.nativeDecoder(model) : model.adapter.createStreamDecoder(model.target);
  const upstreamModel = model.target.upstreamModel || request.model;
  const writer = codec.streamWriter(request, native, {
    model: upstreamModel,
    inputTokens: () => estimatePromptTokens(request, upstreamModel),
  });
  const text: string[] = [];
  const assembler = ex.cacheStore ? new ChunkAssembler() : undefined;
  let responseModel: string | undefined;
  // Native OpenAI pass-through without a cache to fill: events are forwarded unparsed unless they can carry
  // usage, `[DONE]` or the first model name (stream-text.ts); their text is decoded only if estimated.
  const deferred =
    native && codec.endpoint === 'chat.completions' && !assembler && decoder instanceof OpenAIStreamDecoder
      ? new DeferredText(new OpenAIStreamDecoder())
      : undefined;

  ex.status = result.status;
  const headers: Record<string, string> = ex.streamHeaders(); // a fresh object: extended in place
  headers['content-type'] = STREAM_HEADERS['content-type'];
  headers['cache-control'] = STREAM_HEADERS['cache-control'];
  res.writeHead(result.status, headers);
  // The headers leave with the first event when it is already here (one write, not two), else on the next
  // turn of the event loop: the client gets them before the first token either way.
  let wrote = false;
  const flush = setImmediate(() => {
    if (!wrote && !res.destroyed) res.flushHeaders();
  });

  // A malformed upstream event, or an error event the decoder raises, ends the stream: what came before it
  // is sent, then an error event in the client's protocol; the ledger records the error.
  let failure: MarginError | undefined;
  const decode = (ev: SseEvent) => {
    const seen = decoder.malformed ?? 0;
    try {
      const chunks = decoder.push(ev);
      if ((decoder.malformed ?? 0) > seen)
        failure = new MarginError(
          'MARGIN_ERR_UPSTREAM_BAD_RESPONSE',
          `Upstream ${upstreamName(model)} sent a malformed stream event.`,
        );
      return chunks;
    } catch (err) {
      failure = toMarginError(err);
      return [];
    }
  };
  const translate = (events: SseEvent[]): string => {
    let out = '';
    for (const ev of events) {
      if (failure) break;
      if (deferred) {
        deferred.add(ev);
        if (
          responseModel !== undefined &&
          ev.data !== '[DONE]' &&
          !mayCarryUsage(ev.data) &&
          looksLikeObject(ev.data)
        ) {
          out += ev.raw; // what the pass-through filter returns for such an event
          continue;
        }
        const chunks = decode(ev);
        if (failure) break;
        if (chunks.length) responseModel ??= chunks[0]?.model || undefined;
        out += writer.event(ev, chunks);
        continue;
      }
      const chunks = decode(ev);
      if (failure) break;
      if (chunks.length) {
        collectChunkText(chunks, text);
        assembler?.add(chunks);
        responseModel ??= chunks[0]?.model || undefined;
      }
      out += writer.event(ev, chunks);
    }
    return out;
  };

  return new Promise<void>((resolve) => {
    let ended = false;
    const onDrain = () => body.resume();
    // Events parsed from one upstream read arrive as consecutive 'data' events in the same tick: they are
    // written together (one syscall) at the end of that tick, never held longer.
    let corked = false;
    const uncork = () => {
      corked = false;
      res.uncork();
    };
    body.on('data', (buf: Buffer) => {
      const out = translate(parser.push(buf));
      if (failure) {
        if (out !== '' && !res.destroyed) res.write(out);
        body.destroy(); // nothing after a malformed event is trusted; 'close' ends the response
        return;
      }
      if (out === '' || res.destroyed) return;
      ex.firstByte();
      wrote = true;
      if (!corked) {
        corked = true;
        res.cork();
        process.nextTick(uncork);
      }
      if (!res.write(out)) {
        body.pause();
        res.once('drain', onDrain);
      }
    });
    const end = (err?: unknown) => {
      if (ended) return;
      ended = true;
      clearImmediate(flush);
      res.off('drain', onDrain);
      let tail = '';
      try {
        if (!failure) tail = translate(parser.end());
      } catch {
        // a malformed last event: ignore it, usage below still holds
      }
      const reported = decoder.usage();
      // OpenAI's usage chunk is the last one: once seen, the numbers are final even without [DONE].
      const complete =
        !failure && !err && (decoder.done || (model.adapter.protocol === 'openai' && reported !== undefined));
      let usage: Usage;
      // Provisional usage (an Anthropic stream whose message_delta carried none) is replaced by a count.
      if (complete && reported && decoder.usageFinal !== false) usage = reported;
      else {
        const m = model.target.upstreamModel || request.model;
        usage = estimatedUsage(
          () => estimatePromptTokens(request, m),
          estimateTextTokens(deferred ? deferred.join() : text.join(''), m),
          reported,
        );
      }
      if (failure) {
        ex.errorCode = failure.code;
        tail += streamErrorEvent(codec.protocol, failure, codec.endpoint === 'responses');
      } else if (!complete && !ex.clientAborted) {
        const code = errorCode(err);
        ex.errorCode =
          code === 'UND_ERR_BODY_TIMEOUT' ? 'MARGIN_ERR_UPSTREAM_TIMEOUT' : 'MARGIN_ERR_UPSTREAM_STREAM_CUT';
      }
      meterInto(state, ex, model, usage, responseModel);
      if (!res.destroyed && !res.writableEnded) {
        ex.firstByte();
        endResponse(state, ex, res, tail + writer.end(usage, ex.comment(), complete));
      }
      if (complete && assembler && state.hooks.cache && reported) {
        state.hooks.cache.store(ex, {
          response: assembler.response(),
          usage,
          model: ex.servedModel ?? model.target.upstreamModel,
          provider: model.provider,
        });
      }
      resolve();
    };
    body.on('end', () => end());
    body.on('error', (err) => end(err));
    body.on('close', () => end(gone.aborted ? gone.reason : undefined));
  });
}
