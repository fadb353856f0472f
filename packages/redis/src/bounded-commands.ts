/** Counters of the commands sent to Redis. */
export interface CommandStats {
  /** Commands sent. */
  readonly commands: number;
  /** Commands Redis (or the client) answered with an error. */
  readonly errors: number;
  /** Commands without an answer within the timeout. */
  readonly timeouts: number;
  /** Commands refused before sending: the client was not ready, or too many were in flight. */
  readonly refused: number;
  /** Commands sent and not yet answered (timed-out ones included). */
  readonly pending: number;
}

/** Runs a command within the bounds, or rejects; `stats` reads the counters. */
export interface BoundedRunner {
  <T>(command: () => Promise<T>): Promise<T>;
  stats(): CommandStats;
}

/**
 * The bounds around every command: refused at once while the client is not ready (no offline
 * queue) or `maxPending` are in flight; failed after `timeoutMs` even when Redis never answers (a
 * paused server), still counted in flight until it does, so nothing piles up without bound.
 */
export function boundedCommands(isReady: () => boolean, timeoutMs: number, maxPending: number): BoundedRunner {
  const counts = { commands: 0, errors: 0, timeouts: 0, refused: 0, pending: 0 };
  const runner = <T>(command: () => Promise<T>): Promise<T> => {
    if (!isReady()) {
      counts.refused += 1;
      return Promise.reject(new Error('Redis client is not ready'));
    }
    if (counts.pending >= maxPending) {
      counts.refused += 1;
      return Promise.reject(new Error(`${maxPending} Redis commands in flight`));
    }
    counts.commands += 1;
    counts.pending += 1;
    return new Promise<T>((resolve, reject) => {
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        counts.timeouts += 1;
        reject(new Error(`Redis did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      let sent: Promise<T>;
      try {
        sent = command();
      } catch (error) {
        sent = Promise.reject(error);
      }
      sent.then(
        (value) => {
          counts.pending -= 1;
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          counts.pending -= 1;
          clearTimeout(timer);
          if (!timedOut) counts.errors += 1;
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  };
  return Object.assign(runner, { stats: (): CommandStats => ({ ...counts }) });
}
