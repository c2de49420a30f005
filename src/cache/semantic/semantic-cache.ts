// The semantic cache: per namespace (tenant + protocol + everything but the last user text) a vector index
// of cached prompts; a lookup embeds the query, takes the nearest few, and serves one only if the near-miss
// guard passes and the verifier score clears the entry's threshold: the one fitted for the target wrong-hit
// rate, then adjusted per entry by what was learned about reusing it (entry-threshold.ts).
import type { SemanticCacheConfig } from '../config.js';
import type { CacheEntry } from '../entry.js';
import type { CacheProtocol } from '../key.js';
import { type Embedder, isPromptAnalyzer } from './embedder.js';
import { EntryThreshold } from './entry-threshold.js';
import { type CriticalFacts, criticalFacts } from './guard.js';
import { semanticPrompt } from './prompt.js';
import { type ThresholdModel, thresholdFor } from './threshold.js';
import { THRESHOLD_MODEL } from './threshold-model.js';
import { createIndex, type VectorIndex } from './vector-index.js';
import { type VerifierWeights, verify } from './verify.js';

interface Stored {
  text: string;
  facts: CriticalFacts;
  entry: CacheEntry;
  expiresAt: number;
  gate: EntryThreshold;
}

interface Namespace {
  index: VectorIndex;
  items: Map<number, Stored>;
}

export interface SemanticHit {
  entry: CacheEntry;
  /** Cached prompt that matched, and its verifier score. */
  matchedPrompt: string;
  score: number;
  /** The entry's own threshold: report what is learned about this reuse to it (`gate.wrong/right`). */
  gate: EntryThreshold;
}

/** One stored prompt with its embedding and answer: what replicas share (semantic/redis-share.ts). */
export interface SharedEntry {
  namespace: string;
  text: string;
  vector: Float32Array;
  entry: CacheEntry;
  expiresAt: number;
}

export interface SemanticLookup {
  namespace: string;
  text: string;
  vector: Float32Array;
  /** The prompt's critical facts when they were extracted with the embedding (kept for `store`). */
  facts?: CriticalFacts | undefined;
  hit: SemanticHit | undefined;
  /**
   * Without a hit: the best guard-passing candidate that scored under its entry's threshold but within reach
   * of relaxing it; when the upstream answers with the same text, reuse would have been right (`gate.right`).
   */
  nearMiss?: SemanticHit;
}

export interface SemanticCacheOptions {
  embedder: Embedder;
  now?: () => number;
  /** Fitted model (default: the shipped one). */
  model?: ThresholdModel;
  /** Neighbours checked per lookup (default 4). */
  k?: number;
}

export class SemanticCache {
  readonly threshold: number;
  readonly weights: VerifierWeights;
  private readonly embedder: Embedder;
  private readonly namespaces = new Map<string, Namespace>();
  private readonly now: () => number;
  private readonly k: number;
  private nextId = 1;

  constructor(
    readonly config: SemanticCacheConfig,
    options: SemanticCacheOptions,
  ) {
    this.embedder = options.embedder;
    this.now = options.now ?? Date.now;
    this.k = options.k ?? 4;
    const model = options.model ?? THRESHOLD_MODEL;
    this.weights = model.weights;
    // A threshold fitted for one embedder means nothing for another: such embedders need an explicit one.
    this.threshold =
      config.threshold ??
      (model.embedder === options.embedder.id
        ? thresholdFor(model, config.targetWrongHitRate)
        : Number.POSITIVE_INFINITY);
  }

  /** True when the semantic cache is on for this requested model (or route) name. */
  appliesTo(model: string): boolean {
    return (
      this.config.enabled &&
      Number.isFinite(this.threshold) &&
      (this.config.models.includes('*') || this.config.models.includes(model))
    );
  }

  /** Embeds the request's last user text and looks for a servable near-duplicate. */
  async lookup(
    body: Readonly<Record<string, unknown>>,
    tenant: string | null,
    protocol: CacheProtocol,
  ): Promise<SemanticLookup | undefined> {
    const prompt = semanticPrompt(body, tenant, protocol);
    if (!prompt) return undefined;
    // An analyzer embeds and extracts the facts off the event loop for long prompts (off-thread-embedder.ts).
    const analyzed = isPromptAnalyzer(this.embedder) ? await this.embedder.analyze(prompt.text) : undefined;
    const vector = analyzed ? analyzed.vector : (await this.embedder.embed([prompt.text]))[0];
    if (!vector) return undefined;
    const ns = this.namespaces.get(prompt.namespace);
    const base = { namespace: prompt.namespace, text: prompt.text, vector, facts: analyzed?.facts };
    if (!ns || ns.items.size === 0) return { ...base, hit: undefined };
    const facts = analyzed ? analyzed.facts : criticalFacts(prompt.text);
    const t = this.now();
    let hit: SemanticHit | undefined;
    let nearMiss: SemanticHit | undefined;
    for (const n of ns.index.search(vector, this.k)) {
      const item = ns.items.get(n.id);
      if (!item) continue;
      if (item.expiresAt <= t) {
        this.evict(ns, n.id);
        continue;
      }
      const v = verify(facts, item.facts, n.score, this.weights, item.gate.value);
      const found = { entry: item.entry, matchedPrompt: item.text, score: v.score, gate: item.gate };
      if (v.serve) {
        if (!hit || v.score > hit.score) hit = found;
      } else if (v.reason === 'below-threshold' && v.score >= item.gate.floor) {
        if (!nearMiss || v.score > nearMiss.score) nearMiss = found;
      }
    }
    return hit ? { ...base, hit } : nearMiss ? { ...base, hit, nearMiss } : { ...base, hit };
  }

  /** Adds an answered prompt (from a previous lookup's embedding) to its namespace; returns what was stored. */
  store(lookup: SemanticLookup, entry: CacheEntry): SharedEntry {
    const shared = {
      namespace: lookup.namespace,
      text: lookup.text,
      vector: lookup.vector,
      entry,
      expiresAt: this.now() + this.config.ttlS * 1000,
    };
    this.add(shared, lookup.facts);
    return shared;
  }

  /** Adds another replica's entry, its facts extracted off the event loop when the embedder can. */
  async addShared(e: SharedEntry): Promise<void> {
    this.add(e, isPromptAnalyzer(this.embedder) ? await this.embedder.facts(e.text) : undefined);
  }

  /** Adds an entry stored by this or another replica (expired ones and other dimensions are ignored). */
  add(e: SharedEntry, facts?: CriticalFacts): void {
    if (e.expiresAt <= this.now()) return;
    let ns = this.namespaces.get(e.namespace);
    if (!ns) {
      ns = { index: createIndex(e.vector.length, this.config.index), items: new Map() };
      this.namespaces.set(e.namespace, ns);
    }
    if (ns.index.dim !== e.vector.length) return;
    // Bounded: drop the oldest entries (Map order = insertion order) beyond the configured size.
    for (const id of ns.items.keys()) {
      if (ns.items.size < this.config.maxEntriesPerNamespace) break;
      this.evict(ns, id);
    }
    const id = this.nextId++;
    ns.items.set(id, {
      text: e.text,
      facts: facts ?? criticalFacts(e.text),
      entry: e.entry,
      expiresAt: e.expiresAt,
      gate: new EntryThreshold(this.threshold),
    });
    ns.index.add(id, e.vector);
  }

  /** Entries across namespaces. */
  get size(): number {
    let n = 0;
    for (const ns of this.namespaces.values()) n += ns.items.size;
    return n;
  }

  private evict(ns: Namespace, id: number): void {
    ns.items.delete(id);
    ns.index.remove(id);
  }
}
