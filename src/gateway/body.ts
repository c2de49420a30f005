// Request bodies: read with a size limit (413 as soon as it is exceeded, and the connection kept open long
// enough for the client to read it) and parsed as JSON exactly once, nesting depth bounded.
import type { IncomingMessage } from 'node:http';
import { MarginError } from '../errors/index.js';

const tooLarge = (limit: number) =>
  new MarginError('MARGIN_ERR_BODY_TOO_LARGE', `Request body exceeds the limit of ${limit} bytes.`);

/** Reads the whole body as text; rejects with 413 when it exceeds `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        reject(tooLarge(limit));
        return;
      }
      parts.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(
        parts.length === 1 ? (parts[0] as Buffer).toString('utf8') : Buffer.concat(parts).toString('utf8'),
      );
    };
    const onError = (err: Error) => {
      cleanup();
      reject(new MarginError('MARGIN_ERR_BAD_REQUEST', `Could not read the request body: ${err.message}`));
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/** How long a connection that sent too large a body is drained after its 413, before it is closed. */
const LINGER_MS = 2000;

/**
 * After a 413 sent with `connection: close`: half-closes the socket once the answer is written and keeps
 * reading (and dropping) what the client still sends for up to LINGER_MS. Closing a socket with unread
 * input makes the kernel send a reset, which would throw away the 413 before the client read it.
 */
export function lingerThenClose(req: IncomingMessage): void {
  const sock = req.socket;
  req.resume();
  // The HTTP server ends a `connection: close` response with destroySoon(): a full close, hence the reset.
  sock.destroySoon = () => {
    sock.on('data', () => {});
    sock.resume();
    if (!sock.writableEnded) sock.end();
    const timer = setTimeout(() => sock.destroy(), LINGER_MS);
    timer.unref();
    sock.once('close', () => clearTimeout(timer));
    sock.once('end', () => sock.destroy());
  };
}

/** Deepest nesting of arrays/objects accepted in a request body (JSON Schemas in tools stay far below). */
export const MAX_JSON_DEPTH = 256;

/** Nesting depth of JSON text, strings skipped; stops counting once `limit` is passed. */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // skip the string: to the next unescaped quote
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** Parses a JSON request body; malformed JSON is a 400 naming the position, too deep nesting a 400 too. */
export function parseJsonBody(text: string): unknown {
  if (text.length === 0)
    throw new MarginError('MARGIN_ERR_BAD_JSON', 'The request body is empty; expected JSON.');
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH))
    throw new MarginError(
      'MARGIN_ERR_BAD_JSON',
      `The request body nests arrays/objects deeper than ${MAX_JSON_DEPTH} levels.`,
    );
  try {
    return JSON.parse(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new MarginError('MARGIN_ERR_BAD_JSON', `The request body is not valid JSON: ${detail}`);
  }
}
