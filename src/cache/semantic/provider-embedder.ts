// Embeddings from an OpenAI-compatible /v1/embeddings endpoint (OpenAI, vLLM, the emulator) via undici.
import { request } from 'undici';
import { z } from 'zod';
import { MarginError } from '../../errors/index.js';
import { type Embedder, normalize } from './embedder.js';

export interface ProviderEmbedderOptions {
  baseUrl: string;
  model: string;
  apiKey?: string | undefined;
  timeoutMs?: number;
}

const responseSchema = z.object({
  data: z.array(z.object({ index: z.number().int().nonnegative(), embedding: z.array(z.number()) })),
});

export class ProviderEmbedder implements Embedder {
  readonly id: string;
  private dimension = 0;

  constructor(private readonly options: ProviderEmbedderOptions) {
    this.id = `provider/${options.model}`;
  }

  /** Known after the first call (0 before). */
  get dim(): number {
    return this.dimension;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}/embeddings`;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.options.apiKey) headers.authorization = `Bearer ${this.options.apiKey}`;
    const timeout = this.options.timeoutMs ?? 2000;
    let status: number;
    let text: string;
    try {
      const res = await request(url, {
        method: 'POST',
        headers,
        body: JSON.stringify({ model: this.options.model, input: texts }),
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
      status = res.statusCode;
      text = await res.body.text();
    } catch (err) {
      throw new MarginError(
        'MARGIN_ERR_UPSTREAM_UNREACHABLE',
        `Embeddings endpoint ${url} unreachable: ${(err as Error).message}`,
        { cause: err },
      );
    }
    if (status >= 400) {
      throw new MarginError(
        'MARGIN_ERR_UPSTREAM_BAD_RESPONSE',
        `Embeddings endpoint ${url} answered ${status}: ${text.slice(0, 200)}`,
      );
    }
    let parsed: z.infer<typeof responseSchema>;
    try {
      parsed = responseSchema.parse(JSON.parse(text));
    } catch {
      throw new MarginError(
        'MARGIN_ERR_UPSTREAM_BAD_RESPONSE',
        `Embeddings endpoint ${url} returned an unexpected body`,
      );
    }
    const out: Float32Array[] = new Array(texts.length);
    for (const d of parsed.data) out[d.index] = normalize(Float32Array.from(d.embedding));
    for (let i = 0; i < texts.length; i++) {
      if (!out[i])
        throw new MarginError(
          'MARGIN_ERR_UPSTREAM_BAD_RESPONSE',
          `Embeddings endpoint ${url} returned no vector for input ${i}`,
        );
    }
    this.dimension = (out[0] as Float32Array).length;
    return out;
  }
}
