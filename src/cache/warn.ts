// Rate-limited warnings: a failing backend says so once per interval, not once per request.

export type LogFn = (message: string) => void;

export interface Warner {
  /** Logs `message` unless a warning with the same topic was logged less than the interval ago. */
  warn(topic: string, message: string): void;
  /** Logs unconditionally and re-arms `topic` (e.g. "recovered"). */
  clear(topic: string, message?: string): void;
}

/** A warner that logs each topic at most once per `intervalMs` (default one minute). */
export function createWarner(
  log: LogFn = (m) => console.warn(m),
  intervalMs = 60_000,
  now: () => number = Date.now,
): Warner {
  const last = new Map<string, number>();
  const suppressed = new Map<string, number>();
  return {
    warn(topic, message) {
      const t = now();
      const prev = last.get(topic);
      if (prev !== undefined && t - prev < intervalMs) {
        suppressed.set(topic, (suppressed.get(topic) ?? 0) + 1);
        return;
      }
      const n = suppressed.get(topic) ?? 0;
      suppressed.delete(topic);
      last.set(topic, t);
      log(n > 0 ? `${message} (${n} similar warnings suppressed)` : message);
    },
    clear(topic, message) {
      if (!last.has(topic)) return;
      last.delete(topic);
      suppressed.delete(topic);
      if (message) log(message);
    },
  };
}
