// Small HTTP helpers of the emulated batch APIs: bounded body reading, JSON and JSONL replies, list paging.
import type { IncomingMessage } from 'node:http';
import { JSON_HEADERS, type Reply } from '../reply.js';

/** Reads a request body; `undefined` when it is larger than `limit` bytes (the rest is drained, not kept). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
    });
    req.on('end', () => resolve(size > limit ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function jsonReply(status: number, body: unknown): Reply {
  return { status, headers: JSON_HEADERS, frames: [JSON.stringify(body)], stream: false, outputTokens: 0 };
}

/** A JSONL body (one JSON value per line, each line ending in a newline). */
export function jsonlReply(lines: readonly unknown[], contentType = 'application/jsonl'): Reply {
  const text = lines.map((l) => `${JSON.stringify(l)}\n`).join('');
  return {
    status: 200,
    headers: { 'content-type': contentType },
    frames: [text],
    stream: false,
    outputTokens: 0,
  };
}

/** `limit` query parameter clamped to [1, max], or the default. */
export function limitParam(query: URLSearchParams, fallback: number, max: number): number {
  const raw = query.get('limit');
  const n = raw === null ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 1) return fallback;
  return Math.min(n, max);
}

/** One page of `items` (already in list order) after the item with id `after` (cursor paging). */
export function page<T extends { id: string }>(
  items: readonly T[],
  after: string | null,
  limit: number,
): { data: T[]; hasMore: boolean } {
  let start = 0;
  if (after) {
    const i = items.findIndex((x) => x.id === after);
    start = i === -1 ? items.length : i + 1;
  }
  const data = items.slice(start, start + limit);
  return { data, hasMore: start + limit < items.length };
}

/** Unix seconds of an epoch-ms time. */
export const unix = (ms: number): number => Math.floor(ms / 1000);

/** RFC 3339 of an epoch-ms time. */
export const rfc3339 = (ms: number): string => new Date(ms).toISOString();
