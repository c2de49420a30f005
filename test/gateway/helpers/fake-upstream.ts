// A scripted OpenAI-compatible upstream for gateway tests: each request is recorded and answered by a
// handler (JSON, an SSE stream written event by event, a cut stream, or an error with retry-after).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown> | undefined;
  at: number;
}

export type Reply =
  | { kind: 'json'; status?: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'text'; status: number; body: string; headers?: Record<string, string> }
  /** SSE events written one by one; `cutAfter` destroys the socket after that many events. */
  | { kind: 'sse'; events: string[]; cutAfter?: number; gapMs?: number }
  /** Never answers (until the client goes away). */
  | { kind: 'hang' };

export type Handler = (req: SeenRequest, n: number) => Reply;

export interface FakeUpstream {
  url: string;
  seen: SeenRequest[];
  /** Resolves when the upstream noticed the gateway closed a request early. */
  aborted: Promise<void>;
  setHandler(h: Handler): void;
  close(): Promise<void>;
}

/** Splits an SSE fixture into its events (each with its blank line). */
export function sseEvents(text: string): string[] {
  return text
    .split(/\n\n/)
    .filter((e) => e.trim() !== '')
    .map((e) => `${e}\n\n`);
}

export async function startFakeUpstream(handler: Handler): Promise<FakeUpstream> {
  let h = handler;
  const seen: SeenRequest[] = [];
  let markAborted: () => void = () => {};
  const aborted = new Promise<void>((r) => {
    markAborted = r;
  });
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const text = Buffer.concat(parts).toString('utf8');
      let body: Record<string, unknown> | undefined;
      try {
        body = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
      } catch {
        body = undefined;
      }
      const s: SeenRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body,
        at: Date.now(),
      };
      seen.push(s);
      res.on('close', () => {
        if (!res.writableFinished) markAborted();
      });
      void respond(res, h(s, seen.length));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    seen,
    aborted,
    setHandler: (next) => {
      h = next;
    },
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

async function respond(res: ServerResponse, reply: Reply): Promise<void> {
  if (reply.kind === 'hang') return;
  if (reply.kind === 'json' || reply.kind === 'text') {
    const body = reply.kind === 'json' ? JSON.stringify(reply.body) : reply.body;
    res.writeHead(reply.kind === 'json' ? (reply.status ?? 200) : reply.status, {
      'content-type': reply.kind === 'json' ? 'application/json' : 'text/plain',
      ...reply.headers,
    });
    res.end(body);
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const [i, ev] of reply.events.entries()) {
    if (reply.cutAfter !== undefined && i >= reply.cutAfter) {
      res.socket?.destroy();
      return;
    }
    if (res.destroyed) return;
    res.write(ev);
    if (reply.gapMs) await new Promise((r) => setTimeout(r, reply.gapMs));
  }
  res.end();
}
