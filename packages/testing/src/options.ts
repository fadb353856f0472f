import type { IssuerClient, SigningAlgorithm } from './types.js';

/** Every algorithm the issuer supports, in the order keys are generated and listed. */
export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = ['RS256', 'PS256', 'ES256', 'EdDSA'];

/** The introspection client used when the options name none. */
const DEFAULT_CLIENT: IssuerClient = {
  clientId: 'resource-server',
  clientSecret: 'resource-server-secret',
};

/**
 * Options of {@link startLocalIssuer}. Every field is optional.
 *
 * @example
 * ```ts
 * let nowMs = Date.parse('2030-01-01T00:00:00Z');
 * const issuer = await startLocalIssuer({
 *   algorithms: ['ES256'],
 *   now: () => nowMs,
 *   clients: [{ clientId: 'orders-api', clientSecret: 's3cret' }],
 *   discovery: 'oauth',
 * });
 * ```
 */
export interface LocalIssuerOptions {
  /** Interface to listen on; default `'127.0.0.1'`. */
  host?: string;
  /** Port; default 0 (an ephemeral port chosen by the OS). */
  port?: number;
  /** One key pair per algorithm is generated at start; default all four. */
  algorithms?: SigningAlgorithm[];
  /**
   * Clock in milliseconds since the epoch; default `Date.now`. It sets the default `iat`/`exp`
   * of minted and opaque tokens and decides when a token has expired at userinfo and
   * introspection, so tests move time instead of sleeping.
   */
  now?: () => number;
  /**
   * Clients allowed to call the introspection and token endpoints (see {@link IssuerClient});
   * default `[{ clientId: 'resource-server', clientSecret: 'resource-server-secret' }]`.
   */
  clients?: IssuerClient[];
  /**
   * Which metadata documents are served: `'openid'` (`/.well-known/openid-configuration`),
   * `'oauth'` (RFC 8414 `/.well-known/oauth-authorization-server`) or `'both'` (the default).
   */
  discovery?: 'openid' | 'oauth' | 'both';
}

/** {@link LocalIssuerOptions} with every default filled in and every value checked. */
export interface ResolvedOptions {
  readonly host: string;
  readonly port: number;
  readonly algorithms: readonly SigningAlgorithm[];
  readonly now: () => number;
  readonly clients: readonly IssuerClient[];
  readonly discovery: 'openid' | 'oauth' | 'both';
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string' && item !== '');
}

function checkClient(client: IssuerClient): void {
  const { clientId, clientSecret, audience, scopes, tokenFormat, expiresIn } = client;
  if (typeof clientId !== 'string' || clientId === '' || typeof clientSecret !== 'string') {
    throw new TypeError('each of options.clients needs a non-empty string clientId and a string clientSecret');
  }
  const problem =
    (audience !== undefined && !(typeof audience === 'string' && audience !== '') && !isStringList(audience)
      ? 'audience must be a non-empty string or a list of them'
      : undefined) ??
    (scopes !== undefined && !isStringList(scopes) ? 'scopes must be a list of non-empty strings' : undefined) ??
    (tokenFormat !== undefined && tokenFormat !== 'jwt' && tokenFormat !== 'opaque'
      ? "tokenFormat must be 'jwt' or 'opaque'"
      : undefined) ??
    (expiresIn !== undefined && !(Number.isFinite(expiresIn) && expiresIn > 0)
      ? 'expiresIn must be a positive number of seconds'
      : undefined);
  if (problem !== undefined) throw new TypeError(`options.clients (${clientId}): ${problem}`);
}

/** Fills in defaults; a value no test could mean throws a `TypeError` (developer misuse). */
export function resolveOptions(options: LocalIssuerOptions): ResolvedOptions {
  const { host = '127.0.0.1', port = 0, now = Date.now, discovery = 'both' } = options;
  const algorithms = options.algorithms ?? [...SIGNING_ALGORITHMS];
  const clients = options.clients ?? [DEFAULT_CLIENT];

  if (typeof host !== 'string' || host === '') {
    throw new TypeError('options.host must be a non-empty string');
  }
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new TypeError('options.port must be an integer from 0 to 65535');
  }
  if (algorithms.length === 0 || algorithms.some((alg) => !SIGNING_ALGORITHMS.includes(alg))) {
    throw new TypeError(`options.algorithms must be a non-empty subset of ${SIGNING_ALGORITHMS.join(', ')}`);
  }
  if (typeof now !== 'function') {
    throw new TypeError('options.now must be a function returning milliseconds since the epoch');
  }
  if (!['openid', 'oauth', 'both'].includes(discovery)) {
    throw new TypeError("options.discovery must be 'openid', 'oauth' or 'both'");
  }
  for (const client of clients) checkClient(client);
  return {
    host,
    port,
    algorithms: [...new Set(algorithms)],
    now,
    clients: clients.map((client) => ({
      ...client,
      ...(Array.isArray(client.audience) ? { audience: [...client.audience] } : {}),
      ...(client.scopes === undefined ? {} : { scopes: [...client.scopes] }),
    })),
    discovery,
  };
}
