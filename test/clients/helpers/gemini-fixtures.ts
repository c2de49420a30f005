// A Gemini-protocol upstream that answers from recorded fixtures (test/fixtures/gemini, documented
// GenerateContentResponse JSON and SSE): generateContent / streamGenerateContent (a function call when the
// request offers tools and the last turn is not a function response, text otherwise), countTokens and
// batchEmbedContents / embedContent. Every request is recorded.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ROOT } from '../../gateway/helpers/paths.js';

const fixture = (name: string): string =>
  readFileSync(join(ROOT, 'test', 'fixtures', 'gemini', name), 'utf8');

export interface SeenGemini {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

export interface GeminiFixtureServer {
  /** Base URL (no version path; the adapter adds /v1beta). */
  url: string;
  seen: SeenGemini[];
  close(): Promise<void>;
}

function wantsCall(body: Record<string, unknown>): boolean {
  const contents = body.contents as Array<{ parts?: Array<Record<string, unknown>> }> | undefined;
  const last = contents?.[contents.length - 1];
  const answered = last?.parts?.some((p) => p.functionResponse !== undefined) ?? false;
  return Array.isArray(body.tools) && body.tools.length > 0 && !answered;
}

export async function startGeminiFixtures(): Promise<GeminiFixtureServer> {
  const seen: SeenGemini[] = [];
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(parts).toString('utf8') || '{}') as Record<string, unknown>;
      const path = req.url ?? '';
      seen.push({ path, headers: req.headers, body });
      const method = /:(\w+)/.exec(path)?.[1];
      const json = (status: number, text: string) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(text);
      };
      if (/unknown-model/.test(path))
        return json(
          404,
          JSON.stringify({
            error: {
              code: 404,
              message: 'models/unknown-model is not found for API version v1beta',
              status: 'NOT_FOUND',
            },
          }),
        );
      if (method === 'generateContent')
        return json(200, fixture(wantsCall(body) ? 'generate-function-call.json' : 'generate-text.json'));
      if (method === 'streamGenerateContent') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end(fixture(wantsCall(body) ? 'stream-function-call.sse' : 'stream-text.sse'));
        return;
      }
      if (method === 'countTokens')
        return json(200, JSON.stringify({ totalTokens: 31, cachedContentTokenCount: 0 }));
      if (method === 'batchEmbedContents' || method === 'embedContent') {
        const n = Array.isArray(body.requests) ? body.requests.length : 1;
        const values = [0.1, -0.2, 0.3, 0.05];
        const out =
          method === 'embedContent'
            ? { embedding: { values } }
            : { embeddings: Array.from({ length: n }, () => ({ values })) };
        return json(200, JSON.stringify(out));
      }
      json(
        404,
        JSON.stringify({ error: { code: 404, message: `no fixture for ${path}`, status: 'NOT_FOUND' } }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
