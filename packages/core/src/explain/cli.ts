import { parseArgs } from 'node:util';
import type { JwsAlgorithm } from '../jwt/algorithms.js';
import { explainToken, type ExplainOptions } from './explain-token.js';
import { formatExplanation } from './format.js';

/**
 * Where {@link runAccessGuardCli} reads and writes: the bin passes the process's standard streams.
 *
 * @example
 * ```ts
 * let output = '';
 * const code = await runAccessGuardCli(['explain', '-', '--issuer', issuer, '--audience', audience], {
 *   stdout: (text) => (output += text),
 *   stderr: (text) => (output += text),
 *   stdin: async () => token,
 * });
 * ```
 */
export interface AccessGuardCliIo {
  /** Writes text to standard output. */
  stdout(text: string): void;
  /** Writes text to standard error. */
  stderr(text: string): void;
  /** Reads all of standard input (for a token given as `-`). */
  stdin(): Promise<string>;
}

const USAGE = `Usage:
  access-guard explain <token | -> --issuer <url> --audience <aud> [--audience <aud>]...
                       [--jwks-uri <url>] [--algorithms RS256,ES256] [--typ strict|compatible]
                       [--clock-tolerance <s>] [--max-token-age <s>] [--max-token-lifetime <s>]
                       [--resource <url>] [--allow-insecure-http-issuer] [--json]
      Checks a token as requireAuth would, with the same options, and prints each check with
      PASS or FAIL and why (expected against actual), then the verdict. The token is never printed:
      only the start of its SHA-256. Give - to read the token from standard input, which keeps it
      out of your shell history. Exit code 0 when the token is accepted, 1 when refused, 2 on a
      usage or option error.
`;

class UsageError extends Error {}

function seconds(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number)) throw new UsageError(`--${name} must be a number of seconds`);
  return number;
}

/** The command line as explain options, the token argument and the output format. */
function parseExplain(argv: readonly string[]): { token: string; options: ExplainOptions; json: boolean } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        issuer: { type: 'string' },
        audience: { type: 'string', multiple: true },
        'jwks-uri': { type: 'string' },
        algorithms: { type: 'string' },
        typ: { type: 'string' },
        'clock-tolerance': { type: 'string' },
        'max-token-age': { type: 'string' },
        'max-token-lifetime': { type: 'string' },
        resource: { type: 'string' },
        'allow-insecure-http-issuer': { type: 'boolean' },
        json: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError('give exactly one token, or - to read it from standard input');
  if (values.issuer === undefined) throw new UsageError('--issuer is required');
  const audience = values.audience;
  const options: ExplainOptions = {
    issuer: values.issuer,
    ...(audience === undefined ? {} : { audience: audience.length === 1 ? audience[0] : audience }),
    jwksUri: values['jwks-uri'],
    algorithms: values.algorithms?.split(',').map((alg) => alg.trim() as JwsAlgorithm),
    typ: values.typ as ExplainOptions['typ'],
    clockTolerance: seconds('clock-tolerance', values['clock-tolerance']),
    maxTokenAge: seconds('max-token-age', values['max-token-age']),
    maxTokenLifetime: seconds('max-token-lifetime', values['max-token-lifetime']),
    resource: values.resource,
    allowInsecureHttpIssuer: values['allow-insecure-http-issuer'],
  };
  return { token: positionals[0] as string, options, json: values.json === true };
}

/**
 * Runs the `access-guard` command line and resolves with its exit code: `explain` checks a token
 * against an API's options and prints each check (0 accepted, 1 refused, 2 usage or option error).
 *
 * @param argv - the arguments after the program name, e.g. `['explain', '-', '--issuer', url, '--audience', aud]`.
 * @param io - where to read and write; see {@link AccessGuardCliIo}.
 * @example
 * ```ts
 * // The package's bin does this, with readStdin() reading standard input to its end:
 * process.exitCode = await runAccessGuardCli(process.argv.slice(2), {
 *   stdout: (text) => process.stdout.write(text),
 *   stderr: (text) => process.stderr.write(text),
 *   stdin: readStdin,
 * });
 * ```
 */
export async function runAccessGuardCli(argv: readonly string[], io: AccessGuardCliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    (command === undefined ? io.stderr : io.stdout)(USAGE);
    return command === undefined ? 2 : 0;
  }
  try {
    if (command !== 'explain') throw new UsageError(`unknown command ${JSON.stringify(command)}; use explain`);
    const { token: argument, options, json } = parseExplain(rest);
    const token = argument === '-' ? (await io.stdin()).trim() : argument;
    const explanation = await explainToken(token, options);
    io.stdout(json ? `${JSON.stringify(explanation, null, 2)}\n` : formatExplanation(explanation));
    return explanation.ok ? 0 : 1;
  } catch (error) {
    // Option mistakes are TypeErrors whose message says how to fix them.
    if (!(error instanceof UsageError) && !(error instanceof TypeError)) throw error;
    io.stderr(
      `access-guard: ${error.message.replace(/^access-guard: /, '')}\n${error instanceof UsageError ? `\n${USAGE}` : ''}`,
    );
    return 2;
  }
}
