// Request bodies: read with a size limit (413 as soon as it is exceeded) and parsed as JSON exactly once.
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

/** Parses a JSON request body; malformed JSON is a 400 naming the position. */
export function parseJsonBody(text: string): unknown {
  if (text.length === 0)
    throw new MarginError('MARGIN_ERR_BAD_JSON', 'The request body is empty; expected JSON.');
  try {
    return JSON.parse(text);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new MarginError('MARGIN_ERR_BAD_JSON', `The request body is not valid JSON: ${detail}`);
  }
}
