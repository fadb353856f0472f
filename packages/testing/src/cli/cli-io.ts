/**
 * Where {@link runIssuerCli} writes and what stops it. By default: the process's standard output
 * and error, and SIGINT or SIGTERM.
 *
 * @example
 * ```ts
 * const stop = new AbortController();
 * const lines: string[] = [];
 * const running = runIssuerCli(['--port', '0'], {
 *   stdout: (text) => lines.push(text),
 *   stderr: (text) => lines.push(text),
 *   signal: stop.signal,
 * });
 * stop.abort();
 * await running; // 0
 * ```
 */
export interface CliIo {
  /** Writes text to standard output. */
  stdout(text: string): void;
  /** Writes text to standard error. */
  stderr(text: string): void;
  /** Stops a running issuer when aborted; default: the first SIGINT or SIGTERM. */
  signal?: AbortSignal;
}
