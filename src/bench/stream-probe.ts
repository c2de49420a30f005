// Streaming pass-through probe: times the content chunks of one slow stream as a client receives them, so a
// run direct to the upstream and one through the gateway can be compared (buffering shows as a late first
// chunk and chunks bunched at the end).
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { SseParser } from '../protocols/sse.js';
import { median } from './stats.js';

export interface StreamProbe {
  /** Time from sending the request to the first content chunk, ms. */
  firstChunkMs: number;
  /** Time to the end of the stream, ms. */
  totalMs: number;
  chunks: number;
  /** Median gap between consecutive content chunks, ms. */
  medianGapMs: number;
}

/** Streams one chat completion from `baseUrl` (…/v1) and times its content chunks. */
export function probeStream(baseUrl: string, outputTokens: number): Promise<StreamProbe> {
  const body = JSON.stringify({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Stream a long answer.' }],
    max_tokens: outputTokens,
    ignore_eos: true,
    stream: true,
  });
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}/chat/completions`);
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const times: number[] = [];
    const parser = new SseParser();
    const req = request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`stream probe got HTTP ${res.statusCode} from ${url.href}`));
          return;
        }
        res.on('data', (d: Buffer) => {
          const now = performance.now();
          for (const ev of parser.push(d)) if (hasContent(ev.data)) times.push(now);
        });
        res.on('end', () => {
          const total = performance.now() - t0;
          const gaps = times.slice(1).map((t, i) => t - (times[i] ?? t));
          resolve({
            firstChunkMs: (times[0] ?? Number.NaN) - t0,
            totalMs: total,
            chunks: times.length,
            medianGapMs: median(gaps),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** True when an SSE data payload is a chat chunk with non-empty delta content. */
function hasContent(data: string): boolean {
  if (!data.startsWith('{')) return false;
  try {
    const chunk = JSON.parse(data) as { choices?: Array<{ delta?: { content?: unknown } }> };
    const content = chunk.choices?.[0]?.delta?.content;
    return typeof content === 'string' && content.length > 0;
  } catch {
    return false;
  }
}
