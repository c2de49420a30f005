// Counters the emulator exposes through `stats()` and GET /emulator/stats.

export interface EmulatorStatsSnapshot {
  requests: number;
  inFlight: number;
  maxInFlight: number;
  byStatus: Record<string, number>;
  promptTokens: number;
  /** Prompt tokens read from the emulated prompt cache. */
  cachedTokens: number;
  completionTokens: number;
  faults: { errors: number; spikes: number; disconnects: number; malformed: number };
}

export type FaultKind = 'errors' | 'spikes' | 'disconnects' | 'malformed';

export class EmulatorStats {
  requests = 0;
  inFlight = 0;
  maxInFlight = 0;
  promptTokens = 0;
  cachedTokens = 0;
  completionTokens = 0;
  private readonly byStatus = new Map<number, number>();
  private readonly faults = { errors: 0, spikes: 0, disconnects: 0, malformed: 0 };

  start(): void {
    this.requests++;
    this.inFlight++;
    if (this.inFlight > this.maxInFlight) this.maxInFlight = this.inFlight;
  }

  end(): void {
    this.inFlight--;
  }

  status(code: number): void {
    this.byStatus.set(code, (this.byStatus.get(code) ?? 0) + 1);
  }

  tokens(prompt: number, cached: number, completion: number): void {
    this.promptTokens += prompt;
    this.cachedTokens += cached;
    this.completionTokens += completion;
  }

  fault(kind: FaultKind): void {
    this.faults[kind]++;
  }

  snapshot(): EmulatorStatsSnapshot {
    return {
      requests: this.requests,
      inFlight: this.inFlight,
      maxInFlight: this.maxInFlight,
      byStatus: Object.fromEntries([...this.byStatus].map(([k, v]) => [String(k), v])),
      promptTokens: this.promptTokens,
      cachedTokens: this.cachedTokens,
      completionTokens: this.completionTokens,
      faults: { ...this.faults },
    };
  }
}
