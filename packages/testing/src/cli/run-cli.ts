import { parseCliArgs, USAGE, UsageError } from './cli-args.js';
import type { CliIo } from './cli-io.js';
import { serve } from './serve-command.js';
import { requestToken } from './token-command.js';

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** An AbortSignal for the first SIGINT or SIGTERM, and a function that stops listening. */
function stopSignal(): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return {
    signal: controller.signal,
    release: () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    },
  };
}

/**
 * Runs the `access-guard-issuer` command line and resolves with its exit code (0 done, 1 failed,
 * 2 bad usage). `serve` (the default) starts a local issuer on port 4444 and runs until stopped;
 * `token` prints one token from a running issuer's token endpoint. `--help` prints the usage.
 *
 * @param argv - the arguments after the program name, e.g. `['--port', '0', '--client', 'app:s3cret']`.
 * @param io - where to write and what stops a running issuer; see {@link CliIo}.
 * @example
 * ```ts
 * // The package's bin does exactly this:
 * process.exitCode = await runIssuerCli(process.argv.slice(2));
 * ```
 */
export async function runIssuerCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let args;
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`access-guard-issuer: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (args.command === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  if (args.command === 'token') return requestToken(args, io);
  if (io.signal !== undefined) return serve(args, io, io.signal);
  const { signal, release } = stopSignal();
  try {
    return await serve(args, io, signal);
  } finally {
    release();
  }
}
