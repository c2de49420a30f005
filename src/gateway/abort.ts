// A cheap abort signal for the hot path (an EventEmitter, which undici accepts as `signal`): creating an
// AbortController per request costs more than the rest of the gateway's own request bookkeeping.
import { EventEmitter } from 'node:events';

export class ClientGone extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;

  /** Marks the request abandoned and tells every listener (undici aborts the upstream request). */
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }
}

/** Waits `ms`, or rejects with the abort reason as soon as the client goes away. */
export function sleepUnlessGone(ms: number, gone: ClientGone): Promise<void> {
  if (gone.aborted) return Promise.reject(gone.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(gone.reason);
    };
    const timer = setTimeout(() => {
      gone.off('abort', onAbort);
      resolve();
    }, ms);
    gone.once('abort', onAbort);
  });
}
