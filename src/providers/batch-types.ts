// Contract of a provider batch adapter (issue 10): submit lines as the provider's own batch job, poll it,
// read its results back line by line, cancel it. One per vendor: src/providers/openai-compatible/batch.ts
// (OpenAI Files + Batches), src/providers/anthropic/batch.ts (Message Batches), src/providers/gemini/batch.ts.
import type { Usage } from '../meter/usage.js';
import type { ChatRequest, ChatResponse } from '../protocols/canonical.js';
import type { UpstreamErrorInfo, UpstreamTarget } from './types.js';

export type ProviderBatchStatus = 'in_progress' | 'completed' | 'failed' | 'expired' | 'cancelled';

export interface ProviderBatchLineIn {
  customId: string;
  /** Canonical request; the adapter writes it in the provider's batch line format. */
  request: ChatRequest;
}

export type ProviderBatchLineOut =
  | { customId: string; ok: true; response: ChatResponse; usage: Usage | undefined }
  | { customId: string; ok: false; error: UpstreamErrorInfo };

export interface ProviderBatchState {
  status: ProviderBatchStatus;
  counts: { total: number; succeeded: number; failed: number };
}

export interface ProviderBatchAdapter {
  /** Submits the lines (uploading a file first where the provider needs one); returns the provider's id. */
  submit(lines: readonly ProviderBatchLineIn[], target: UpstreamTarget): Promise<{ providerBatchId: string }>;
  poll(providerBatchId: string, target: UpstreamTarget): Promise<ProviderBatchState>;
  /** Results of a finished batch, every submitted line exactly once (missing lines come back as errors). */
  results(providerBatchId: string, target: UpstreamTarget): Promise<ProviderBatchLineOut[]>;
  cancel(providerBatchId: string, target: UpstreamTarget): Promise<void>;
}
