// The learned router's model file. Prompts are mapped to the nearest of k centroids (spherical k-means over
// hashed prompt features); each cluster stores, per reference model ("head"), its accuracy on the training
// prompts of that cluster and its mean cost relative to the strong model. Versioned JSON in models/router/.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { MarginError } from '../../errors/index.js';
import { featurize } from './features.js';
import { nearest, normalize } from './kmeans.js';

const headSchema = z.object({
  name: z.string().min(1),
  /** Accuracy per cluster (shrunk toward the head's global accuracy). */
  accuracy: z.array(z.number().min(0).max(1)),
  /** Mean cost per cluster relative to the strong model's mean cost over all training prompts. */
  relativeCost: z.array(z.number().nonnegative()),
  /** Feedback weight per cluster already folded into `accuracy` (retraining from ledger feedback). */
  feedbackWeight: z.array(z.number().nonnegative()).optional(),
});

export const routerModelSchema = z.object({
  kind: z.literal('margin-learned-router'),
  version: z.literal(1),
  dims: z.number().int().min(16),
  k: z.number().int().min(1),
  /** k × dims float32 unit vectors, base64. */
  centroids: z.string().min(1),
  strong: z.string().min(1),
  /** λ in argmax_m accuracy_m − λ · relativeCost_m. */
  costWeight: z.number().nonnegative(),
  heads: z.array(headSchema).min(2),
  trainedOn: z.object({
    rows: z.number().int().positive(),
    files: z.array(z.string()),
    heldOutShare: z.number(),
    /** Present once ledger feedback was folded in (scripts/train-router.ts --from-ledger). */
    feedback: z
      .object({
        /** Feedback rows used, over every retraining of this model. */
        rows: z.number().int().nonnegative(),
        /** Feedback time (epoch ms) of the newest row used; later retrainings use only newer rows. */
        until: z.number().int().nonnegative(),
        /** Pseudo-count of the Beta prior put on the shipped accuracy. */
        priorStrength: z.number().positive(),
      })
      .optional(),
  }),
  createdAt: z.string(),
});

export type RouterModelFile = z.infer<typeof routerModelSchema>;

export class RouterModel {
  readonly dims: number;
  readonly k: number;
  readonly strong: string;
  readonly costWeight: number;
  readonly headNames: string[];
  /**
   * Identifies the clustering (hash of the centroids): cluster numbers recorded in the ledger mean the same
   * clusters only in a model with the same fingerprint. Retraining from feedback keeps it.
   */
  readonly fingerprint: string;
  private readonly centroids: Float32Array;

  constructor(readonly file: RouterModelFile) {
    this.dims = file.dims;
    this.k = file.k;
    this.strong = file.strong;
    this.costWeight = file.costWeight;
    this.headNames = file.heads.map((h) => h.name);
    const buf = Buffer.from(file.centroids, 'base64');
    if (buf.length !== file.k * file.dims * 4) {
      throw new MarginError(
        'MARGIN_ERR_CONFIG',
        `router model: centroids hold ${buf.length / 4} values, expected ${file.k * file.dims}`,
      );
    }
    this.centroids = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
    this.fingerprint = centroidsFingerprint(file.centroids);
    for (const h of file.heads) {
      const fw = h.feedbackWeight?.length ?? file.k;
      if (h.accuracy.length !== file.k || h.relativeCost.length !== file.k || fw !== file.k) {
        throw new MarginError(
          'MARGIN_ERR_CONFIG',
          `router model head '${h.name}' must have ${file.k} clusters`,
        );
      }
    }
    if (!this.headNames.includes(this.strong)) {
      throw new MarginError('MARGIN_ERR_CONFIG', `router model: strong model '${this.strong}' has no head`);
    }
  }

  /** Cluster of a prompt (nearest centroid). */
  cluster(prompt: string): number {
    return nearest(normalize(featurize(prompt, this.dims)), this.centroids, this.k, this.dims);
  }

  head(name: string): RouterModelFile['heads'][number] {
    const h = this.file.heads.find((x) => x.name === name);
    if (!h)
      throw new MarginError(
        'MARGIN_ERR_CONFIG',
        `router model has no head '${name}' (has: ${this.headNames.join(', ')})`,
      );
    return h;
  }
}

/** Reads and validates a router model file; a missing or corrupt file is a clear start-up error. */
export function loadRouterModel(path: string): RouterModel {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    const why =
      (err as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'file not found'
        : `not valid JSON (${(err as Error).message})`;
    throw new MarginError('MARGIN_ERR_CONFIG', `router model '${path}': ${why}`);
  }
  const res = routerModelSchema.safeParse(raw);
  if (!res.success) {
    const issue = res.error.issues[0];
    throw new MarginError(
      'MARGIN_ERR_CONFIG',
      `router model '${path}': field '${issue?.path.join('.')}': ${issue?.message}`,
    );
  }
  return new RouterModel(res.data);
}

/** Short hash of a model file's base64 centroids (the model's `fingerprint`). */
export function centroidsFingerprint(centroids: string): string {
  return createHash('sha256').update(centroids).digest('hex').slice(0, 12);
}

export function encodeFloat32(w: Float32Array): string {
  return Buffer.from(w.buffer, w.byteOffset, w.byteLength).toString('base64');
}
