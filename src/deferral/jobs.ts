// The deferral service inside a gateway: the job store, the worker wired to the gateway's live path and
// meter, and what the batch, file and deferred handlers share (accepting a job, who may see it, the webhook
// secret). Opened by startGateway; the worker starts once the gateway listens.
import { randomBytes, randomUUID } from 'node:crypto';
import { MarginError } from '../errors/index.js';
import type { Exchange } from '../gateway/exchange.js';
import type { GatewayState } from '../gateway/state.js';
import { BATCH_PROVIDERS, batchAdapterFor } from '../providers/batch-registry.js';
import { liveRunner } from './jobs-live.js';
import { recordBatchLine, toCanonical } from './jobs-provider.js';
import { postWebhook } from './jobs-webhook.js';
import { deferredObject } from './jobs-wire.js';
import { planJob, type ScheduleSignals } from './schedule/index.js';
import { openJobStore } from './store/index.js';
import type { Job, JobStore, NewJob, NewLine } from './store/types.js';
import type { CarbonProfile, SchedulePlan, ScheduleRequest } from './types.js';
import { DeferralWorker, type GroupTarget } from './worker.js';

export interface Deferral {
  store: JobStore;
  worker: DeferralWorker;
  /** Stores a job and its lines and wakes the worker. */
  accept(job: NewJob, lines: readonly NewLine[]): Promise<void>;
  /** The job when the caller may see it (its tenant's, or an admin), else 404. */
  visibleJob(ex: Exchange, id: string, kinds: readonly Job['kind'][]): Promise<Job>;
  webhookSecret: string | undefined;
  /** Starts the worker loop, calling the gateway at `selfUrl`. */
  start(selfUrl: string): void;
  /** Stops the loop (lines in flight finish first), then closes the store. */
  close(): Promise<void>;
}

export interface DeferralOptions {
  /** Where `deferral.store: auto` puts the store (the ledger's URL). */
  ledgerUrl: string;
  now?: () => number;
  /** The scheduler; defaults to src/deferral/schedule's planJob over the gateway's catalog. */
  plan?: (req: ScheduleRequest) => SchedulePlan;
  /** Carbon profiles replacing the catalog's (config `deferral.carbonProfiles`, read by startGateway). */
  carbon?: ReadonlyMap<string, CarbonProfile>;
  env?: NodeJS.ProcessEnv;
}

/** A new job id with the vendor's prefix (`batch_…`, `msgbatch_…`, `defer_…`). */
export function newJobId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('hex')}`;
}

export async function openDeferral(state: GatewayState, opts: DeferralOptions): Promise<Deferral> {
  const cfg = state.config.deferral;
  const now = opts.now ?? Date.now;
  const store = await openJobStore(cfg.store, opts.ledgerUrl);
  const webhookSecret = cfg.webhookSecret ?? (opts.env ?? process.env).MARGIN_WEBHOOK_SECRET ?? undefined;
  let selfUrl = '';
  const region = state.config.meter.region;

  const resolve = (_job: Job, model: string): GroupTarget | undefined => {
    const m = state.models.resolve(model);
    if (!m) {
      if (state.hooks.router?.routes?.().includes(model))
        return { key: `route:${model}`, provider: 'route', priceId: null, region, selfHosted: false };
      return undefined;
    }
    const priceId = state.meterer.priceId(m) ?? null;
    const catalogProvider = priceId ? state.meterer.catalog.prices.find(priceId)?.provider : undefined;
    // Provider batches for hosted providers with a batch API (their documented 24 h turnaround bound).
    const adapter = BATCH_PROVIDERS.has(m.provider) ? batchAdapterFor(m.adapter.id) : undefined;
    return {
      ...(adapter
        ? { batch: { adapter, target: m.target, turnaroundMs: cfg.providerBatchTurnaroundMs } }
        : {}),
      key: `${m.provider}|${m.target.baseUrl}|${m.target.upstreamModel || model}`,
      provider: catalogProvider ?? m.provider,
      priceId,
      region,
      selfHosted: priceId !== null && state.meterer.isSelfHosted(priceId),
    };
  };

  const signals: ScheduleSignals = {
    catalog: state.meterer.catalog,
    ...(opts.carbon ? { carbon: opts.carbon } : {}),
  };
  const worker = new DeferralWorker({
    store,
    now,
    plan: opts.plan ?? ((req) => planJob(req, signals)),
    resolve,
    runLive: liveRunner(() => selfUrl, now),
    toCanonical,
    recordBatchLine: (job, line, group, out) => recordBatchLine(state, job, line, group, out),
    deliver: async (job) => {
      if (!job.callbackUrl) return;
      if (!webhookSecret) throw new Error('no webhook secret configured');
      const [line] = await store.lines(job.id, 0, 1);
      await postWebhook(job.callbackUrl, webhookSecret, deferredObject(job, line), now());
    },
    owner: randomUUID(),
    concurrency: cfg.concurrency,
    leaseMs: cfg.leaseMs,
    tickMs: cfg.tickMs,
    log: state.log,
  });

  return {
    store,
    worker,
    webhookSecret,
    async accept(job, lines) {
      await store.createJob(job, lines);
      worker.poke();
    },
    async visibleJob(ex, id, kinds) {
      const job = await store.getJob(id);
      if (!job || !kinds.includes(job.kind) || (!ex.admin && job.tenant !== ex.tenant)) {
        throw new MarginError('MARGIN_ERR_NOT_FOUND', `No such job: '${id}'.`, { param: 'id' });
      }
      return job;
    },
    start(url) {
      selfUrl = url;
      worker.start();
      worker.poke();
    },
    async close() {
      await worker.stop();
      await store.close();
    },
  };
}
