// The learned router's model file. Prompts are mapped to the nearest of k centroids (spherical k-means over
// hashed prompt features); each cluster stores, per reference model ("head"), its accuracy on the training
// prompts of that cluster and its mean cost relative to the strong model, and per cascade plan (a cheap head
// checked by a verifier head, escalating to the strong head) its accuracy and how often it calls the
// verifier and escalates. Versioned JSON in models/router/.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { MarginError } from '../../errors/index.js';
import { featurize } from './features.js';
import { locate, normalize } from './kmeans.js';

const headSchema = z.object({
  name: z.string().min(1),
  /** Accuracy per cluster (shrunk toward the head's global accuracy). */
  accuracy: z.array(z.number().min(0).max(1)),
  /** Mean cost per cluster relative to the strong model's mean cost over all training prompts. */
  relativeCost: z.array(z.number().nonnegative()),
  /** Feedback weight per cluster already folded into `accuracy` (retraining from ledger feedback). */
  feedbackWeight: z.array(z.number().nonnegative()).optional(),
});

const cascadeSchema = z.object({
  /** Head that answers first. */
  cheap: z.string().min(1),
  /** Head whose multiple-choice answer must agree (asked only for multiple-choice prompts). */
  verifier: z.string().min(1),
  /** Accuracy per cluster of what the cascade serves (shrunk like a head's). */
  accuracy: z.array(z.number().min(0).max(1)),
  /** Share of the cluster's prompts on which the verifier is called. */
  verified: z.array(z.number().min(0).max(1)),
  /** Share of the cluster's prompts escalated to the strong head. */
  escalated: z.array(z.number().min(0).max(1)),
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
  /**
   * σ: each prompt's λ is λ·exp(σ·(2u − 1)) with u a hash of the prompt in [0, 1), so a cluster whose best
   * arm changes near λ splits its prompts between the two arms instead of flipping all at once.
   */
  costWeightJitter: z.number().nonnegative().optional(),
  heads: z.array(headSchema).min(2),
  /**
   * Per cluster, the similarity below which a prompt is unfamiliar (the least similar training prompt, less
   * a margin): the router then keeps the strong model rather than trust accuracies measured on different
   * prompts. Absent in older files (no guard).
   */
  familiarity: z.array(z.number()).optional(),
  /** Cascade plans a cluster may choose instead of a single head (absent in older files). */
  cascades: z.array(cascadeSchema).optional(),
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
export type CascadePlanFile = z.infer<typeof cascadeSchema>;

/** The name a cascade plan goes by in route details and feedback (`cascade:<cheap>+<verifier>`). */
export const cascadeName = (c: { cheap: string; verifier: string }): string =>
  `cascade:${c.cheap}+${c.verifier}`;

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
    if (file.familiarity && file.familiarity.length !== file.k)
      throw new MarginError('MARGIN_ERR_CONFIG', `router model familiarity must have ${file.k} clusters`);
    for (const c of file.cascades ?? []) {
      const fw = c.feedbackWeight?.length ?? file.k;
      const sizes = [c.accuracy.length, c.verified.length, c.escalated.length, fw];
      if (sizes.some((n) => n !== file.k) || !this.headNames.includes(c.cheap))
        throw new MarginError(
          'MARGIN_ERR_CONFIG',
          `router model cascade '${cascadeName(c)}' must name heads and have ${file.k} clusters`,
        );
      if (!this.headNames.includes(c.verifier))
        throw new MarginError(
          'MARGIN_ERR_CONFIG',
          `router model cascade verifier '${c.verifier}' has no head`,
        );
    }
  }

  /** Cascade plans of the model (none in files trained before plans existed). */
  get cascades(): readonly CascadePlanFile[] {
    return this.file.cascades ?? [];
  }

  /** True for a head name or a cascade plan name (see `cascadeName`). */
  hasArm(name: string): boolean {
    return this.headNames.includes(name) || this.cascades.some((c) => cascadeName(c) === name);
  }

  /** Cluster of a prompt (nearest centroid). */
  cluster(prompt: string): number {
    return this.locate(prompt).cluster;
  }

  /** Nearest cluster of a prompt, and whether the prompt is like the ones that cluster was fitted on. */
  locate(prompt: string): { cluster: number; familiar: boolean } {
    const { cluster, similarity } = locate(
      normalize(featurize(prompt, this.dims)),
      this.centroids,
      this.k,
      this.dims,
    );
    const floor = this.file.familiarity?.[cluster];
    return { cluster, familiar: floor === undefined || similarity >= floor };
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
