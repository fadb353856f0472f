import { startLocalIssuer } from '../local-issuer.js';
import type { ServeArgs } from './cli-args.js';
import { DEFAULT_CLIENT } from './cli-args.js';
import type { CliIo } from './cli-io.js';

// Characters that form-encoding (RFC 6749 Appendix B) and curl's -u both leave alone.
const PLAIN = /^[A-Za-z0-9\-._~]+$/;

/** Quotes `value` for a POSIX shell when it needs it. */
function shellQuote(value: string): string {
  return /^[A-Za-z0-9\-._~:/@=+,%]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * A curl command line that gets a token from `tokenEndpoint`. curl's `-u` does not form-encode
 * (RFC 6749 §2.3.1 wants it), so an id or secret with other characters is posted instead.
 */
export function curlLine(tokenEndpoint: string, args: ServeArgs): string {
  const { clientId, clientSecret } = args.clients[0] ?? DEFAULT_CLIENT;
  const parts = ['curl', '-s'];
  if (PLAIN.test(clientId) && PLAIN.test(clientSecret)) {
    parts.push('-u', shellQuote(`${clientId}:${clientSecret}`));
  } else {
    parts.push('--data-urlencode', shellQuote(`client_id=${clientId}`));
    parts.push('--data-urlencode', shellQuote(`client_secret=${clientSecret}`));
  }
  parts.push('-d', 'grant_type=client_credentials');
  if (args.audience === undefined) parts.push('--data-urlencode', 'audience=https://api.example');
  parts.push(shellQuote(tokenEndpoint));
  return parts.join(' ');
}

/** Resolves when `signal` is aborted. */
function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/** Starts the issuer, prints where it is and how to get a token, and serves until `io.signal` aborts. */
export async function serve(args: ServeArgs, io: CliIo, signal: AbortSignal): Promise<number> {
  const base = args.clients.length > 0 ? args.clients : [DEFAULT_CLIENT];
  const clients = base.map((client) => (args.audience === undefined ? client : { ...client, audience: args.audience }));
  let issuer;
  try {
    issuer = await startLocalIssuer({ host: args.host, port: args.port, clients, profile: args.profile });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    io.stderr(`access-guard-issuer: cannot listen on ${args.host}:${args.port} (${reason})\n`);
    return 1;
  }
  const lines = [
    'access-guard-issuer: a local OAuth 2.0 issuer for tests and demos (never for production)',
    `issuer     ${issuer.issuer}`,
    `discovery  ${issuer.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`,
    ...(args.profile === 'generic' ? [] : [`profile    ${args.profile}`]),
    `jwks       ${issuer.jwksUri}`,
    `token      ${issuer.tokenEndpoint}`,
    `clients    ${clients.map((client) => client.clientId).join(', ')}`,
    ...(args.audience === undefined ? [] : [`audience   ${args.audience}`]),
    '',
    'Get a token:',
    `  ${curlLine(issuer.tokenEndpoint, { ...args, clients })}`,
    '',
    'Press Ctrl-C to stop.',
  ];
  io.stdout(`${lines.join('\n')}\n`);
  await aborted(signal);
  await issuer.close();
  io.stdout('stopped\n');
  return 0;
}
