// Retraining the learned router from ledger feedback: each feedback score on a request the learned router
// sent to arm h (a reference head, or a cascade plan) from cluster c updates h's accuracy in c as a Beta
// posterior (prior: the current accuracy with `priorStrength + earlier feedback weight` pseudo-counts; a score
// s adds s successes and 1 − s failures). Centroids, costs and λ are kept, so the clusters recorded in the
// ledger keep their meaning.
import { z } from 'zod';
import type { FeedbackWithRoute } from '../../ledger/store.js';
import { cascadeName, type RouterModel, type RouterModelFile } from './model.js';

/** The learned policy's fields in a record's route JSON (see policies.ts). */
const learnedRouteSchema = z.object({
  policy: z.literal('learned'),
  cluster: z.number().int().nonnegative(),
  reference: z.string().min(1),
  routerModel: z.string().min(1),
  unfamiliar: z.boolean().optional(),
});

export interface FeedbackSample {
  requestId: string;
  ts: number;
  cluster: number;
  reference: string;
  score: number;
}

export interface CollectedFeedback {
  samples: FeedbackSample[];
  /** Rows not used, by reason. */
  skipped: Record<string, number>;
}

function routeOf(json: string | null): z.infer<typeof learnedRouteSchema> | undefined {
  if (json === null) return undefined;
  try {
    const res = learnedRouteSchema.safeParse(JSON.parse(json));
    return res.success ? res.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The usable feedback among `rows` for `model`: the latest score per request, on a successful request the
 * learned router routed with this model's clusters, given by the request's own tenant, and newer than the
 * feedback already folded into the model (`trainedOn.feedback.until`).
 */
export function collectFeedback(rows: readonly FeedbackWithRoute[], model: RouterModel): CollectedFeedback {
  const skipped: Record<string, number> = {};
  const skip = (why: string) => {
    skipped[why] = (skipped[why] ?? 0) + 1;
  };
  const until = model.file.trainedOn.feedback?.until ?? -1;
  const latest = new Map<string, FeedbackWithRoute>();
  for (const r of rows) {
    if (r.ts <= until) skip('already folded into this model');
    else {
      if (latest.has(r.requestId)) skip('superseded by later feedback on the same request');
      latest.set(r.requestId, r);
    }
  }
  const samples: FeedbackSample[] = [];
  for (const r of latest.values()) {
    const rec = r.record;
    const route = rec ? routeOf(rec.route) : undefined;
    if (!rec) skip('no ledger record with that request id');
    else if (!route) skip('request not routed by a learned policy');
    else if (route.routerModel !== model.fingerprint) skip('routed by a different router model');
    else if (route.unfamiliar) skip('prompt unlike its cluster (the strong model served)');
    else if (rec.status >= 400) skip('request failed');
    else if (rec.tenant !== r.tenant) skip("feedback tenant differs from the request's");
    else if (route.cluster >= model.k || !model.hasArm(route.reference))
      skip('cluster or head unknown to this model');
    else
      samples.push({
        requestId: r.requestId,
        ts: r.ts,
        cluster: route.cluster,
        reference: route.reference,
        score: r.score,
      });
  }
  return { samples, skipped };
}

export interface Movement {
  head: string;
  cluster: number;
  /** Feedback weight added (number of scores). */
  n: number;
  /** Sum of the scores (fractional successes). */
  successes: number;
  before: number;
  after: number;
}

const round5 = (v: number) => Number(v.toFixed(5));

/** A new model file with `samples` folded into the accuracies, and how each touched estimate moved. */
export function applyFeedback(
  model: RouterModel,
  samples: readonly FeedbackSample[],
  priorStrength: number,
  today: string = new Date().toISOString().slice(0, 10),
): { file: RouterModelFile; moved: Movement[] } {
  const file = model.file;
  const prior = file.trainedOn.feedback?.priorStrength ?? priorStrength;
  const moved: Movement[] = [];
  /** One arm's accuracies and feedback weights with its samples folded in. */
  const fold = (name: string, acc: readonly number[], fw: readonly number[] | undefined) => {
    const accuracy = [...acc];
    const weight = fw ? [...fw] : new Array<number>(file.k).fill(0);
    for (let c = 0; c < file.k; c++) {
      const mine = samples.filter((s) => s.reference === name && s.cluster === c);
      if (mine.length === 0) continue;
      const successes = mine.reduce((a, s) => a + s.score, 0);
      const w0 = prior + weight[c]!;
      const before = accuracy[c]!;
      const after = (before * w0 + successes) / (w0 + mine.length);
      accuracy[c] = round5(after);
      weight[c] = weight[c]! + mine.length;
      moved.push({ head: name, cluster: c, n: mine.length, successes, before, after: accuracy[c]! });
    }
    return { accuracy, feedbackWeight: weight };
  };
  const heads = file.heads.map((h) => ({ ...h, ...fold(h.name, h.accuracy, h.feedbackWeight) }));
  const cascades = file.cascades?.map((c) => ({
    ...c,
    ...fold(cascadeName(c), c.accuracy, c.feedbackWeight),
  }));
  const previous = file.trainedOn.feedback;
  const until = Math.max(previous?.until ?? 0, ...samples.map((s) => s.ts));
  return {
    file: {
      ...file,
      heads,
      ...(cascades ? { cascades } : {}),
      trainedOn: {
        ...file.trainedOn,
        feedback: { rows: (previous?.rows ?? 0) + samples.length, until, priorStrength: prior },
      },
      createdAt: today,
    },
    moved,
  };
}
