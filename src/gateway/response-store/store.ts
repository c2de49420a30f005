// Conversations of the Responses API kept by the gateway, so that `previous_response_id` works on upstreams
// without a Responses API (chat-completions servers, Anthropic, Gemini): each stored response holds the
// conversation's items so far (earlier input, this input, this output), scoped to the caller's tenant and
// kept for `ttlDays`. One interface, three backends: memory (bounded), SQLite and Postgres.

/** One stored response: the Responses input items that continue it. */
export interface StoredResponse {
  id: string;
  /** Tenant of the key that created it (null = anonymous); only the same tenant can continue it. */
  tenant: string | null;
  model: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** Input items of the conversation up to and including this response's output. */
  items: unknown[];
}

export interface ResponseStore {
  get(id: string, tenant: string | null): Promise<StoredResponse | undefined>;
  put(r: StoredResponse): Promise<void>;
  close(): Promise<void>;
}

/** Purges expired rows at most this often (on a write). */
export const PURGE_EVERY_MS = 60 * 60 * 1000;
