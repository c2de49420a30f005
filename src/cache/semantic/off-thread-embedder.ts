// The local embedder, kept off the event loop for long texts: a text of up to INLINE_MAX_CHARS is embedded
// (and its critical facts extracted) inline, well under a millisecond's work; a longer one in one of a few
// worker threads running the same code, so the results are identical. A 10 MiB prompt then costs a worker
// seconds and other requests nothing. A worker that fails falls back to the inline code.
import { Worker } from 'node:worker_threads';
import type { EmbedJob } from './embed-worker.js';
import type { PromptAnalyzer } from './embedder.js';
import { type CriticalFacts, criticalFacts } from './guard.js';
import { LocalEmbedder } from './local-embedder.js';

/** Longest text handled on the event loop. */
export const INLINE_MAX_CHARS = 2048;
const WORKERS = 2;

interface Result {
  vector?: Float32Array;
  facts?: CriticalFacts;
}

interface Pending {
  resolve: (r: Result) => void;
  reject: (e: Error) => void;
  chars: number;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
  chars: number;
}

export class OffThreadEmbedder implements PromptAnalyzer {
  readonly dim: number;
  readonly id: string;
  private readonly inline: LocalEmbedder;
  private readonly slots: Slot[] = [];
  private nextId = 0;
  private closed = false;

  constructor(options: { dim?: number } = {}) {
    this.inline = new LocalEmbedder(options);
    this.dim = this.inline.dim;
    this.id = this.inline.id;
  }

  embed(texts: readonly string[]): Promise<Float32Array[]> {
    return Promise.all(
      texts.map(async (t) =>
        this.isInline(t)
          ? this.inline.embedOne(t)
          : ((await this.run(t, true, false)).vector as Float32Array),
      ),
    );
  }

  async analyze(text: string): Promise<{ vector: Float32Array; facts: CriticalFacts }> {
    if (this.isInline(text)) return { vector: this.inline.embedOne(text), facts: criticalFacts(text) };
    const r = await this.run(text, true, true);
    return { vector: r.vector as Float32Array, facts: r.facts as CriticalFacts };
  }

  async facts(text: string): Promise<CriticalFacts> {
    if (this.isInline(text)) return criticalFacts(text);
    return (await this.run(text, false, true)).facts as CriticalFacts;
  }

  /** Number of worker threads started so far (they start on the first long text). */
  get workers(): number {
    return this.slots.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private isInline(text: string): boolean {
    return text.length <= INLINE_MAX_CHARS || this.closed;
  }

  private async run(text: string, vector: boolean, facts: boolean): Promise<Result> {
    try {
      return await this.post({ id: this.nextId++, text, vector, facts });
    } catch {
      return {
        ...(vector ? { vector: this.inline.embedOne(text) } : {}),
        ...(facts ? { facts: criticalFacts(text) } : {}),
      };
    }
  }

  private post(job: EmbedJob): Promise<Result> {
    const slot = this.leastBusy();
    return new Promise<Result>((resolve, reject) => {
      slot.pending.set(job.id, { resolve, reject, chars: job.text.length });
      slot.chars += job.text.length;
      if (slot.pending.size === 1) slot.worker.ref();
      slot.worker.postMessage(job);
    });
  }

  private leastBusy(): Slot {
    let best: Slot | undefined;
    for (const s of this.slots) if (!best || s.chars < best.chars) best = s;
    if (best && (best.chars === 0 || this.slots.length >= WORKERS)) return best;
    return this.spawn();
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./embed-worker.js', import.meta.url), {
      workerData: { dim: this.dim },
    });
    worker.unref();
    const slot: Slot = { worker, pending: new Map(), chars: 0 };
    const settle = (id: number): Pending | undefined => {
      const p = slot.pending.get(id);
      if (!p) return undefined;
      slot.pending.delete(id);
      slot.chars -= p.chars;
      if (slot.pending.size === 0) worker.unref();
      return p;
    };
    worker.on('message', (m: Result & { id: number; error?: string }) => {
      const p = settle(m.id);
      if (!p) return;
      if (m.error === undefined) p.resolve(m);
      else p.reject(new Error(`embedder worker: ${m.error}`));
    });
    const fail = (err: Error) => {
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      for (const id of [...slot.pending.keys()]) settle(id)?.reject(err);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`embedder worker exited (code ${code})`)));
    this.slots.push(slot);
    return slot;
  }
}
