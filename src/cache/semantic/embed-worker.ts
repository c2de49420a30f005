// Worker thread of the off-thread embedder: runs the same LocalEmbedder and criticalFacts code the event
// loop would run (identical results) on the texts it is sent, one message per job.
import { parentPort, workerData } from 'node:worker_threads';
import { criticalFacts } from './guard.js';
import { LocalEmbedder } from './local-embedder.js';

export interface EmbedJob {
  id: number;
  text: string;
  vector: boolean;
  facts: boolean;
}

const embedder = new LocalEmbedder({ dim: (workerData as { dim: number }).dim });
parentPort?.on('message', (job: EmbedJob) => {
  try {
    const vector = job.vector ? embedder.embedOne(job.text) : undefined;
    const facts = job.facts ? criticalFacts(job.text) : undefined;
    parentPort?.postMessage({ id: job.id, vector, facts }, vector ? [vector.buffer as ArrayBuffer] : []);
  } catch (err) {
    parentPort?.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) });
  }
});
