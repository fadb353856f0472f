/**
 * Coalesces concurrent calls with the same key into one: while a call for a key is in flight, later
 * callers get the same promise. Nothing is kept after it settles, so a failure is never cached.
 */
export class SingleFlight<T> {
  readonly #inFlight = new Map<string, Promise<T>>();

  run(key: string, task: () => Promise<T>): Promise<T> {
    const pending = this.#inFlight.get(key);
    if (pending !== undefined) return pending;
    const promise = task().finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, promise);
    return promise;
  }

  /** How many calls are in flight; the map never outgrows the number of concurrent distinct keys. */
  get size(): number {
    return this.#inFlight.size;
  }
}
