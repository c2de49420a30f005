// The emulator's HTTP layer (node:http): routing, body reading, fault injection and timed delivery of replies
// through the shared scheduler. In fast mode replies are cached per request body and sent at once.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { idFrom, makeRng } from '../util/rng.js';
import { AnswerBook } from './answers/book.js';
import { anthropicError } from './anthropic-wire.js';
import { BatchApi } from './batch/index.js';
import * as endpoints from './endpoints.js';
import { drawFaults, type FaultPlan } from './faults.js';
import { ModelNames } from './models.js';
import { openaiError } from './openai-wire.js';
import type { ResolvedOptions } from './options.js';
import { PrefixCache } from './prefix-cache.js';
import { JSON_HEADERS, type Reply } from './reply.js';
import { responses } from './responses.js';
import type { Scheduler } from './scheduler.js';
import { EmulatorStats } from './stats.js';
import type { EmulatedDeployment, OperatingPoint } from './timing.js';
import { InfeasibleLoad, operatingPointFor } from './timing.js';

const MAX_BODY = 16 * 1024 * 1024;
const FAST_CACHE_SIZE = 512;
/** Placeholder id in cached fast-mode replies, swapped for a fresh id per request. */
const ID_SLOT = '@@margin-emulator-id@@';

type Handler = (body: unknown, ctx: endpoints.EndpointContext, ident: endpoints.Ident) => endpoints.Prepared;

interface Route {
  handler: Handler;
  protocol: endpoints.Protocol;
  generates: boolean;
  /** Keeps state across requests (never served from the fast-mode reply cache). */
  stateful?: boolean;
}

const ROUTES: Record<string, Route> = {
  '/v1/chat/completions': { handler: endpoints.chat, protocol: 'openai', generates: true },
  '/v1/completions': { handler: endpoints.completion, protocol: 'openai', generates: true },
  '/v1/messages': { handler: endpoints.messages, protocol: 'anthropic', generates: true },
  '/v1/messages/count_tokens': { handler: endpoints.countTokens, protocol: 'anthropic', generates: false },
  '/v1/embeddings': { handler: endpoints.embeddings, protocol: 'openai', generates: false },
  '/v1/responses': { handler: responses, protocol: 'openai', generates: true, stateful: true },
};

const MALFORMED: Record<endpoints.Protocol, string> = {
  openai:
    'data: {"id":"chatcmpl-malformed","object":"chat.completion.chunk","choices":[{"delta":{"content":\n\n',
  anthropic: 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":\n\n',
};

/** Decides how long a reply takes: TTFT and TPOT at the current load. */
export type Timer = (
  promptTokens: number,
  cachedTokens: number,
  outputTokens: number,
  concurrency: number,
) => OperatingPoint;

/** The timer of an emulated deployment (the physics model). */
export function deploymentTimer(d: EmulatedDeployment): Timer {
  return (inputTokens, cachedTokens, outputTokens, concurrency) =>
    operatingPointFor(d, { inputTokens, cachedTokens, outputTokens, concurrency });
}

export class EmulatorHandler {
  readonly stats = new EmulatorStats();
  private seq = 0;
  private readonly prefix: string;
  private readonly cache = new Map<string, { parts: string[][]; reply: Reply; promptTokens: number }>();
  private readonly ctx: endpoints.EndpointContext;
  /** OpenAI Files + Batches and Anthropic Message Batches. */
  private readonly batches: BatchApi;

  constructor(
    private readonly o: ResolvedOptions,
    private readonly scheduler: Scheduler,
    private readonly timer: Timer,
  ) {
    this.prefix = idFrom(makeRng(o.seed ^ Date.now()), 6);
    // Fast mode replays cached replies, so a prompt cache there would never be consulted consistently.
    const answers = o.answers ? AnswerBook.load(o.answers) : undefined;
    this.ctx = {
      o,
      promptCache: o.promptCache ? new PrefixCache() : undefined,
      // With recorded answers, the recorded models are names this server answers to.
      names: new ModelNames(o.model, o.models === '*' ? '*' : [...o.models, ...(answers?.models ?? [])]),
      conversations: new Map(),
      answers,
    };
    this.batches = new BatchApi({ o, ctx: this.ctx, timer, prefix: this.prefix }, (res, reply) =>
      this.send(res, reply),
    );
  }

  /** With `--answers`: how many recorded prompts and which models it answers for. */
  get answers(): { prompts: number; models: string[] } | undefined {
    const a = this.ctx.answers;
    return a && { prompts: a.size, models: a.models };
  }

  /** Entry point for every HTTP request. */
  handle(req: IncomingMessage, res: ServerResponse): void {
    let path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path.startsWith('/v1/v1/')) path = path.slice(3);
    if (BatchApi.owns(path)) {
      this.batches.handle(req, res, path);
      return;
    }
    if (req.method === 'GET') {
      this.get(path, res);
      return;
    }
    const route = req.method === 'POST' ? ROUTES[path] : undefined;
    if (!route) {
      this.send(res, openaiError(404, `Unknown route ${req.method} ${path}`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => {
      if (size > MAX_BODY) {
        this.send(res, this.error(route.protocol, 413, 'Request body too large'));
        return;
      }
      this.post(
        route,
        chunks.length === 1 ? (chunks[0] as Buffer).toString() : Buffer.concat(chunks).toString(),
        res,
      );
    });
    req.on('error', () => res.destroy());
  }

  private get(path: string, res: ServerResponse): void {
    if (path === '/healthz' || path === '/health') {
      this.send(res, json(200, { status: 'ok' }));
      return;
    }
    if (path === '/emulator/stats') {
      this.send(res, json(200, this.stats.snapshot()));
      return;
    }
    if (path === '/v1/models') {
      const ids = this.ctx.answers?.models ?? [this.o.model, 'text-embedding-3-small'];
      this.send(res, json(200, { object: 'list', data: ids.map(modelObject) }));
      return;
    }
    if (path.startsWith('/v1/models/')) {
      this.send(res, json(200, modelObject(decodeURIComponent(path.slice(11)))));
      return;
    }
    this.send(res, openaiError(404, `Unknown route GET ${path}`));
  }

  private error(protocol: endpoints.Protocol, status: number, message: string): Reply {
    return protocol === 'anthropic' ? anthropicError(status, message) : openaiError(status, message);
  }

  private post(route: Route, raw: string, res: ServerResponse): void {
    const seq = ++this.seq;
    const faults = drawFaults(this.o.faults, this.o.seed, seq);
    this.stats.start();
    const concurrency = this.stats.inFlight;
    res.once('close', () => this.stats.end());
    if (faults.errorStatus !== undefined) {
      this.stats.fault('errors');
      const reply = this.error(
        route.protocol,
        faults.errorStatus,
        `Emulated upstream error ${faults.errorStatus}`,
      );
      const retry = this.o.faults.retryAfterS;
      if (retry !== undefined && (faults.errorStatus === 429 || faults.errorStatus === 503)) {
        reply.headers = { ...reply.headers, 'retry-after': String(retry) };
      }
      this.send(res, reply);
      return;
    }
    const ident = { id: `${this.prefix}${seq.toString(36)}`, created: Math.floor(Date.now() / 1000) };
    let prepared: endpoints.Prepared;
    if (this.o.fast && !route.stateful) {
      prepared = this.fastPrepare(route, raw, ident);
    } else {
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        this.send(res, this.error(route.protocol, 400, 'Malformed JSON body'));
        return;
      }
      prepared = route.handler(body, this.ctx, ident);
    }
    const reply = prepared.reply;
    if (reply.status === 200)
      this.stats.tokens(prepared.promptTokens, prepared.cachedTokens, reply.outputTokens);
    const cutAt = this.applyFaults(reply, faults, route.protocol);
    if (this.o.fast || reply.status !== 200 || !route.generates) {
      this.sendAll(res, reply, cutAt);
      return;
    }
    let t: OperatingPoint;
    try {
      t = this.timer(
        prepared.promptTokens,
        prepared.cachedTokens,
        Math.max(1, reply.outputTokens),
        concurrency,
      );
    } catch (err) {
      if (!(err instanceof InfeasibleLoad)) throw err;
      this.send(
        res,
        this.error(route.protocol, 400, `This request cannot run on the emulated engine: ${err.message}`),
      );
      return;
    }
    this.schedule(res, reply, t.ttftS * 1000 + faults.spikeMs, t.tpotS * 1000, cutAt);
  }

  /** Fast mode: the reply for an identical body is built once, then only the id changes. */
  private fastPrepare(route: Route, raw: string, ident: endpoints.Ident): endpoints.Prepared {
    const key = route.protocol + raw;
    let hit = this.cache.get(key);
    if (!hit) {
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        return {
          reply: this.error(route.protocol, 400, 'Malformed JSON body'),
          promptTokens: 0,
          cachedTokens: 0,
        };
      }
      const p = route.handler(body, this.ctx, { id: ID_SLOT, created: ident.created });
      if (p.reply.status !== 200) return p;
      if (this.cache.size >= FAST_CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
      hit = {
        parts: p.reply.frames.map((f) => f.split(ID_SLOT)),
        reply: p.reply,
        promptTokens: p.promptTokens,
      };
      this.cache.set(key, hit);
    }
    return {
      reply: { ...hit.reply, frames: hit.parts.map((s) => s.join(ident.id)) },
      promptTokens: hit.promptTokens,
      cachedTokens: 0,
    };
  }

  /** Applies malformed/disconnect faults to a reply; returns the frame index before which to cut, or -1. */
  private applyFaults(reply: Reply, f: FaultPlan, protocol: endpoints.Protocol): number {
    if (reply.status !== 200) return -1;
    if (f.spikeMs > 0) this.stats.fault('spikes');
    const mid = Math.floor(reply.frames.length / 2);
    if (f.malformed) {
      this.stats.fault('malformed');
      if (reply.stream) reply.frames.splice(mid, 0, MALFORMED[protocol]);
      else reply.frames[0] = (reply.frames[0] ?? '').slice(0, Math.floor((reply.frames[0] ?? '').length / 2));
    }
    if (!f.disconnect) return -1;
    this.stats.fault('disconnects');
    return reply.stream ? Math.max(1, mid) : 0;
  }

  private send(res: ServerResponse, reply: Reply): void {
    this.stats.status(reply.status);
    res.writeHead(reply.status, reply.headers);
    res.end(reply.frames.join(''));
  }

  private sendAll(res: ServerResponse, reply: Reply, cutAt: number): void {
    if (cutAt < 0) {
      this.send(res, reply);
      return;
    }
    this.stats.status(reply.status);
    if (cutAt === 0) {
      res.destroy();
      return;
    }
    res.writeHead(reply.status, reply.headers);
    res.write(reply.frames.slice(0, cutAt).join(''), () => res.destroy());
  }

  /** Timed delivery: stream frame i at start + ttft + i·tpot; a JSON body when its last token is done. */
  private schedule(res: ServerResponse, reply: Reply, ttftMs: number, tpotMs: number, cutAt: number): void {
    const start = performance.now();
    const frames = reply.frames;
    let next = 0;
    if (reply.stream) {
      this.stats.status(reply.status);
      res.writeHead(reply.status, reply.headers);
      res.flushHeaders();
    }
    const dueOf = (i: number) =>
      reply.stream ? start + ttftMs + i * tpotMs : start + ttftMs + (reply.outputTokens - 1) * tpotMs;
    const job = {
      due: dueOf(0),
      fire: (now: number): number | undefined => {
        if (res.destroyed) return undefined;
        if (!reply.stream) {
          this.sendAll(res, reply, cutAt);
          return undefined;
        }
        let out = '';
        while (next < frames.length && dueOf(next) <= now && next !== cutAt) out += frames[next++];
        if (out) res.write(out);
        if (next === cutAt) {
          res.destroy();
          return undefined;
        }
        if (next >= frames.length) {
          res.end();
          return undefined;
        }
        return dueOf(next);
      },
    };
    res.once('close', () => this.scheduler.remove(job));
    this.scheduler.add(job);
  }
}

function json(status: number, body: unknown): Reply {
  return { status, headers: JSON_HEADERS, frames: [JSON.stringify(body)], stream: false, outputTokens: 0 };
}

function modelObject(id: string) {
  return { id, object: 'model', created: 1700000000, owned_by: 'margin-emulator' };
}
