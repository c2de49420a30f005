// Routing of the emulated batch APIs: OpenAI Files + Batches (`/v1/files…`, `/v1/batches…`) and Anthropic
// Message Batches (`/v1/messages/batches…`). Returns false for any other path so the server handles it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { anthropicError } from '../anthropic-wire.js';
import { openaiError } from '../openai-wire.js';
import type { Reply } from '../reply.js';
import { AnthropicBatches } from './anthropic.js';
import type { BatchEnv } from './env.js';
import { FileStore, fileTooLarge } from './files.js';
import { readBody } from './http.js';
import { OpenAIBatches } from './openai.js';

/** JSON bodies of batch creation (Anthropic allows 256 MB). */
const MAX_JSON_BODY = 256 * 1024 * 1024;
/** Multipart overhead allowed on top of the file size limit. */
const MULTIPART_SLACK = 64 * 1024;

export class BatchApi {
  private readonly files: FileStore;
  private readonly openai: OpenAIBatches;
  private readonly anthropic: AnthropicBatches;

  constructor(
    private readonly env: BatchEnv,
    private readonly send: (res: ServerResponse, reply: Reply) => void,
  ) {
    this.files = new FileStore(env.prefix);
    this.openai = new OpenAIBatches(env, this.files);
    this.anthropic = new AnthropicBatches(env);
  }

  /** True when `path` belongs to a batch API. */
  static owns(path: string): boolean {
    return (
      path === '/v1/files' ||
      path.startsWith('/v1/files/') ||
      path === '/v1/batches' ||
      path.startsWith('/v1/batches/') ||
      path === '/v1/messages/batches' ||
      path.startsWith('/v1/messages/batches/')
    );
  }

  handle(req: IncomingMessage, res: ServerResponse, path: string): void {
    this.route(req, path).then(
      (reply) => this.send(res, reply),
      (err: unknown) => this.send(res, openaiError(500, `Emulator batch error: ${String(err)}`)),
    );
  }

  private async route(req: IncomingMessage, path: string): Promise<Reply> {
    const method = req.method ?? 'GET';
    const query = new URL(req.url ?? '/', 'http://x').searchParams;
    const parts = path.split('/').slice(2).map(decodeURIComponent); // ['files', id, 'content'] …
    const anthropic = parts[0] === 'messages';
    const unknown = () =>
      anthropic
        ? anthropicError(404, `Unknown route ${method} ${path}`)
        : openaiError(404, `Unknown route ${method} ${path}`);
    if (anthropic) return this.routeAnthropic(req, method, parts.slice(2), query, unknown);
    const now = Date.now();
    const [kind, id, action] = parts;
    if (kind === 'files') {
      if (method === 'POST' && id === undefined) {
        const body = await readBody(req, this.env.o.batchMaxFileBytes + MULTIPART_SLACK);
        if (!body) return fileTooLarge(this.env.o.batchMaxFileBytes);
        return this.files.upload(body, req.headers['content-type'], now, this.env.o.batchMaxFileBytes);
      }
      if (method === 'GET' && id === undefined) return this.files.list(query);
      if (method === 'GET' && id !== undefined && action === undefined) return this.files.retrieve(id);
      if (method === 'GET' && id !== undefined && action === 'content') return this.files.content(id);
      if (method === 'DELETE' && id !== undefined && action === undefined) return this.files.delete(id);
      return unknown();
    }
    if (method === 'POST' && id === undefined) {
      const json = await readJson(req);
      if (json === TOO_LARGE) return openaiError(413, 'Request body too large');
      if (json === MALFORMED) return openaiError(400, 'Malformed JSON body');
      return this.openai.create(json, now);
    }
    if (method === 'GET' && id === undefined) return this.openai.list(query, now);
    if (method === 'GET' && id !== undefined && action === undefined) return this.openai.retrieve(id, now);
    if (method === 'POST' && id !== undefined && action === 'cancel') return this.openai.cancel(id, now);
    return unknown();
  }

  private async routeAnthropic(
    req: IncomingMessage,
    method: string,
    parts: string[],
    query: URLSearchParams,
    unknown: () => Reply,
  ): Promise<Reply> {
    const [id, action] = parts;
    const origin = `http://${req.headers.host ?? `${this.env.o.host}:${this.env.o.port}`}`;
    const now = Date.now();
    if (method === 'POST' && id === undefined) {
      const json = await readJson(req);
      if (json === TOO_LARGE) return anthropicError(413, 'Request body too large');
      if (json === MALFORMED) return anthropicError(400, 'Malformed JSON body');
      return this.anthropic.create(json, now, origin);
    }
    if (method === 'GET' && id === undefined) return this.anthropic.list(query, now, origin);
    if (id === undefined) return unknown();
    if (method === 'GET' && action === undefined) return this.anthropic.retrieve(id, now, origin);
    if (method === 'GET' && action === 'results') return this.anthropic.results(id, now);
    if (method === 'POST' && action === 'cancel') return this.anthropic.cancel(id, now, origin);
    if (method === 'DELETE' && action === undefined) return this.anthropic.delete(id, now);
    return unknown();
  }
}

const TOO_LARGE = Symbol('too large');
const MALFORMED = Symbol('malformed');

async function readJson(req: IncomingMessage): Promise<unknown> {
  const body = await readBody(req, MAX_JSON_BODY);
  if (!body) return TOO_LARGE;
  try {
    return JSON.parse(body.toString());
  } catch {
    return MALFORMED;
  }
}
