import { parseArgs } from 'node:util';
import type { ProviderProfile } from '../profiles/profile.js';
import type { IssuerClient } from '../types.js';

const PROFILES: readonly ProviderProfile[] = ['generic', 'auth0', 'okta', 'keycloak', 'entra', 'cognito', 'google'];

/** The port `access-guard-issuer` listens on unless `--port` says otherwise. */
export const DEFAULT_PORT = 4444;

/** The client registered when no `--client` is given. */
export const DEFAULT_CLIENT: IssuerClient = { clientId: 'demo-client', clientSecret: 'demo-secret' };

/** `access-guard-issuer [serve]`: start an issuer and run until Ctrl-C. */
export interface ServeArgs {
  readonly command: 'serve';
  readonly host: string;
  readonly port: number;
  readonly clients: IssuerClient[];
  readonly audience: string | undefined;
  readonly profile: ProviderProfile;
}

/** `access-guard-issuer token`: print one token from a running issuer's token endpoint. */
export interface TokenArgs {
  readonly command: 'token';
  readonly issuer: string;
  readonly client: IssuerClient;
  readonly audience: string | undefined;
  readonly resources: string[];
  readonly scope: string | undefined;
  readonly auth: 'basic' | 'post';
  readonly json: boolean;
}

/** What the command line asks for. */
export type CliArgs = ServeArgs | TokenArgs | { readonly command: 'help' };

/** A command line that cannot be run; the message says why. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `Usage:
  access-guard-issuer [serve] [--port ${DEFAULT_PORT}] [--host 127.0.0.1] [--client id:secret]... [--audience aud]
                            [--profile generic|auth0|okta|keycloak|entra|cognito|google]
      Starts a local OAuth 2.0 issuer and prints its URLs and a curl line that gets a token.
      --profile imitates a provider's issuer paths and token shapes (default generic).
      --port 0 picks a free port. Without --client, the client is ${DEFAULT_CLIENT.clientId}:${DEFAULT_CLIENT.clientSecret}.
      --audience is the default aud of tokens whose request names none. Stop it with Ctrl-C.

  access-guard-issuer token [--issuer http://127.0.0.1:${DEFAULT_PORT}] [--client id:secret]
                            [--audience aud | --resource uri...] [--scope "read write"] [--auth basic|post] [--json]
      Gets one token from a running issuer's token endpoint (client-credentials grant) and prints it;
      --json prints the whole token response.
`;

function parseClient(value: string): IssuerClient {
  const colon = value.indexOf(':');
  if (colon <= 0) throw new UsageError(`--client must be id:secret, got ${JSON.stringify(value)}`);
  return { clientId: value.slice(0, colon), clientSecret: value.slice(colon + 1) };
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) throw new UsageError(`--port must be 0 to 65535, got ${value}`);
  return port;
}

function nonEmpty(name: string, value: string | undefined): string | undefined {
  if (value === '') throw new UsageError(`--${name} must not be empty`);
  return value;
}

/** Parses the arguments after the program name; a bad command line throws {@link UsageError}. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        client: { type: 'string', multiple: true },
        audience: { type: 'string' },
        resource: { type: 'string', multiple: true },
        scope: { type: 'string' },
        issuer: { type: 'string' },
        auth: { type: 'string' },
        json: { type: 'boolean' },
        profile: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { command: 'help' };
  const [command = 'serve', ...rest] = positionals;
  if (rest.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(rest[0])}`);
  const clients = (values.client ?? []).map(parseClient);
  const audience = nonEmpty('audience', values.audience);
  if (command === 'serve') {
    const host = nonEmpty('host', values.host) ?? '127.0.0.1';
    const profile = (values.profile ?? 'generic') as ProviderProfile;
    if (!PROFILES.includes(profile)) throw new UsageError(`--profile must be one of ${PROFILES.join(', ')}`);
    return { command, host, port: parsePort(values.port), clients, audience, profile };
  }
  if (command === 'token') {
    const auth = values.auth ?? 'basic';
    if (auth !== 'basic' && auth !== 'post') throw new UsageError(`--auth must be basic or post, got ${auth}`);
    if (clients.length > 1) throw new UsageError('token takes one --client');
    const issuer = nonEmpty('issuer', values.issuer) ?? `http://127.0.0.1:${DEFAULT_PORT}`;
    if (!URL.canParse(issuer)) throw new UsageError(`--issuer must be a URL, got ${issuer}`);
    return {
      command,
      issuer,
      client: clients[0] ?? DEFAULT_CLIENT,
      audience,
      resources: values.resource ?? [],
      scope: nonEmpty('scope', values.scope),
      auth,
      json: values.json === true,
    };
  }
  throw new UsageError(`unknown command ${JSON.stringify(command)}; use serve or token`);
}
