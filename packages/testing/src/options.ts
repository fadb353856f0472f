import type { ProviderProfile } from './profiles/profile.js';
import type { IssuerClient, SigningAlgorithm } from './types.js';

const PROFILES: readonly ProviderProfile[] = ['generic', 'auth0', 'okta', 'keycloak', 'entra', 'cognito', 'google'];

// Entra tenant ids are GUIDs; the default one is made up.
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

import { SIGNING_ALGORITHMS } from './signing-algorithms.js';

export { SIGNING_ALGORITHMS };

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
  /**
   * Whose issuer to imitate: `'generic'` (the default, this package's own shapes) or `'auth0'`,
   * `'okta'`, `'keycloak'`, `'entra'`, `'cognito'`, `'google'`: that provider's issuer identifier
   * (on this loopback origin), metadata and JWKS paths, header `typ` and token claims. A profile
   * defaults to RS256 keys only, as the providers sign.
   */
  profile?: ProviderProfile;
  /** Keycloak: the realm, in the issuer `/realms/<realm>`; default `'test'`. */
  realm?: string;
  /** Okta: the custom authorization server, in the issuer `/oauth2/<id>`; default `'default'`. */
  authorizationServer?: string;
  /** Entra: the home tenant (a GUID), in the issuer `/<tenant>/v2.0`; default a made-up one. */
  tenantId?: string;
  /** Cognito: the user pool, in the issuer `/<userPoolId>`; default `'us-east-1_TestPool1'`. */
  userPoolId?: string;
}

/** {@link LocalIssuerOptions} with every default filled in and every value checked. */
export interface ResolvedOptions {
  readonly host: string;
  readonly port: number;
  readonly algorithms: readonly SigningAlgorithm[];
  readonly now: () => number;
  readonly clients: readonly IssuerClient[];
  readonly discovery: 'openid' | 'oauth' | 'both';
  readonly profile: ProviderProfile;
  readonly realm: string;
  readonly authorizationServer: string;
  readonly tenantId: string;
  readonly userPoolId: string;
}

/** A path segment a profile option may hold: letters, digits and `-._~`. */
const SEGMENT = /^[A-Za-z0-9\-._~]+$/;

/** The profile and its own options; an option of another profile is a `TypeError`. */
function resolveProfile(options: LocalIssuerOptions) {
  const { profile = 'generic' } = options;
  if (!PROFILES.includes(profile)) throw new TypeError(`options.profile must be one of ${PROFILES.join(', ')}`);
  const owners = { realm: 'keycloak', authorizationServer: 'okta', tenantId: 'entra', userPoolId: 'cognito' } as const;
  for (const [name, owner] of Object.entries(owners)) {
    const value = options[name as keyof typeof owners];
    if (value === undefined) continue;
    if (profile !== owner) throw new TypeError(`options.${name} belongs to the '${owner}' profile`);
    if (typeof value !== 'string' || !SEGMENT.test(value)) {
      throw new TypeError(`options.${name} must be a URL path segment (letters, digits, -._~)`);
    }
  }
  if (options.tenantId !== undefined && !GUID.test(options.tenantId)) {
    throw new TypeError('options.tenantId must be a lower-case GUID, as Entra tenant ids are');
  }
  if (profile !== 'generic' && options.discovery !== undefined) {
    throw new TypeError("options.discovery applies to the 'generic' profile; a provider profile serves its own");
  }
  return {
    profile,
    realm: options.realm ?? 'test',
    authorizationServer: options.authorizationServer ?? 'default',
    tenantId: options.tenantId ?? '6f9c2a1e-3b4d-4c5e-8f70-9a1b2c3d4e5f',
    userPoolId: options.userPoolId ?? 'us-east-1_TestPool1',
  };
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
  const profile = resolveProfile(options);
  // Every provider signs with RS256; a profile's keys follow unless the test asks otherwise.
  const algorithms = options.algorithms ?? (profile.profile === 'generic' ? [...SIGNING_ALGORITHMS] : ['RS256']);
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
    ...profile,
  };
}
