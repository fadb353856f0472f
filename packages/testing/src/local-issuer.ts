import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { issueClientToken } from './client-token.js';
import { dpopProof } from './dpop/dpop-proof.js';
import type { DpopProofOptions } from './dpop/dpop-proof.js';
import { DpopProofVerifier } from './dpop/verify-proof.js';
import { assertFault } from './faults.js';
import { forgeToken } from './forge.js';
import { createRequestHandler } from './handle-request.js';
import type { MutableCounts } from './handle-request.js';
import { KeyStore } from './key-store.js';
import { mintToken } from './mint.js';
import { resolveOptions } from './options.js';
import { createProfile } from './profiles/create-profile.js';
import type { ProviderProfile } from './profiles/profile.js';
import type { LocalIssuerOptions } from './options.js';
import type { ClientGrant } from './token-request.js';
import { TokenStore } from './token-store.js';
import type {
  ForgeParts,
  IssuerCounts,
  IssuerEndpoint,
  IssuerFault,
  MintOptions,
  OpaqueGrant,
  SigningAlgorithm,
} from './types.js';

const ENDPOINTS: readonly IssuerEndpoint[] = ['discovery', 'jwks', 'userinfo', 'introspection', 'token'];

/**
 * A running local issuer, as returned by {@link startLocalIssuer}. Always `close()` it.
 *
 * @example
 * ```ts
 * const issuer = await startLocalIssuer();
 * const token = await issuer.mint({ aud: 'orders-api', scope: 'read:orders' });
 * await fetch('http://127.0.0.1:3000/orders', { headers: { authorization: `Bearer ${token}` } });
 * await issuer.close();
 * ```
 */
export interface LocalIssuer {
  /**
   * The issuer identifier, `iss` of its tokens: e.g. `http://127.0.0.1:43121` (no trailing slash)
   * for the generic profile, or the provider's form on this origin (Keycloak
   * `http://127.0.0.1:43121/realms/test`, Auth0 with a trailing slash, ...).
   */
  readonly issuer: string;
  /** The provider profile it imitates (`'generic'` by default). */
  readonly profile: ProviderProfile;
  /** Entra only: the multi-tenant issuer, `http://127.0.0.1:PORT/{tenantid}/v2.0` with the literal `{tenantid}`. */
  readonly issuerTemplate?: string;
  /** The JWKS URL: `${issuer}/jwks`, or the provider's path. */
  readonly jwksUri: string;
  /** The userinfo URL: `${issuer}/userinfo`, or the provider's path. */
  readonly userinfoEndpoint: string;
  /**
   * The introspection URL: `${issuer}/introspect`, or the provider's path. Served for every
   * profile, advertised only where the provider has one (Okta, Keycloak, generic).
   */
  readonly introspectionEndpoint: string;
  /** The token endpoint (client-credentials grant, RFC 6749 §4.4): `${issuer}/token`, or the provider's path. */
  readonly tokenEndpoint: string;
  /** Google only: the tokeninfo endpoint that answers for opaque `ya29.` tokens. */
  readonly tokeninfoEndpoint?: string;
  /**
   * Signs a JWT access token. Defaults: `iss` = issuer, `sub` = 'user-123', `iat` = now,
   * `exp` = iat + 300, `jti` random, header `typ: 'at+jwt'`; `aud` is never defaulted. Every key
   * of `claims` overrides a default, and a claim set to `undefined` is removed. With a provider
   * profile, `options.kind` picks the provider's user access token, machine token or ID token
   * (Google's access tokens come back opaque).
   */
  mint(claims?: Record<string, unknown>, options?: MintOptions): Promise<string>;
  /**
   * Builds a DPoP proof like {@link dpopProof}, with `iat` from the issuer's clock unless given.
   */
  dpopProof(options: DpopProofOptions): Promise<string>;
  /** Builds a compact JWS from raw parts (see {@link ForgeParts}) for hostile tests. */
  forge(parts: ForgeParts): Promise<string>;
  /** Issues a random opaque token (43 base64url characters) that userinfo and introspection know. */
  issueOpaqueToken(grant?: OpaqueGrant): string;
  /** Revokes an opaque token or a JWT minted here; only its SHA-256 is kept. */
  revoke(token: string): void;
  /** Replaces every key pair with a new one under a new kid; the old keys leave the JWKS. */
  rotateKeys(): Promise<void>;
  /** The current kid for `alg` (default as in {@link MintOptions.alg}), e.g. for a forged header. */
  currentKid(alg?: SigningAlgorithm): string;
  /** A snapshot of the request counters; a request is counted before any fault applies. */
  readonly counts: IssuerCounts;
  /** Sets every counter back to 0. */
  resetCounts(): void;
  /** Plays `fault` back on `endpoint` (or all of them) until it is cleared with `null`. */
  setFault(endpoint: IssuerEndpoint | 'all', fault: IssuerFault | null): void;
  /** Stops the server and destroys every open socket, hanging ones included. Idempotent. */
  close(): Promise<void>;
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function zeroCounts(): MutableCounts {
  return { discovery: 0, jwks: 0, userinfo: 0, introspection: 0, token: 0, total: 0 };
}

/**
 * Starts a local OAuth 2.0 / OpenID Connect issuer on loopback for tests and demos: discovery
 * (OpenID Connect Discovery 1.0, RFC 8414), JWKS, userinfo (OpenID Connect Core §5.3),
 * introspection (RFC 7662) and a token endpoint for the client-credentials grant (RFC 6749 §4.4),
 * plus `mint()`, `forge()`, `dpopProof()` and fault injection. With `profile`, it imitates a real
 * provider's issuer identifier, paths and token shapes.
 *
 * @param options - see {@link LocalIssuerOptions}; by default `127.0.0.1` on an ephemeral port,
 *   with RS256, PS256, ES256 and EdDSA keys.
 * @example
 * ```ts
 * import { startLocalIssuer } from '@access-guard/testing';
 *
 * const issuer = await startLocalIssuer();
 * afterAll(() => issuer.close());
 *
 * const token = await issuer.mint({ aud: 'orders-api', scope: 'read:orders' });
 * const opaque = issuer.issueOpaqueToken({ scope: 'read:orders' });
 * issuer.setFault('jwks', { status: 503 });
 *
 * // A provider's shapes: Keycloak's issuer /realms/shop, its user, service-account and ID tokens.
 * const keycloak = await startLocalIssuer({ profile: 'keycloak', realm: 'shop' });
 * const idToken = await keycloak.mint({}, { kind: 'id', clientId: 'web', nonce: 'n-1' });
 * ```
 */
export async function startLocalIssuer(options: LocalIssuerOptions = {}): Promise<LocalIssuer> {
  const settings = resolveOptions(options);
  const keys = await KeyStore.create(settings.algorithms);

  const server = createServer();
  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await listen(server, settings.host, settings.port);

  const { port } = server.address() as AddressInfo;
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  const profile = createProfile(settings.profile, { ...settings, origin: `http://${host}:${port}` });
  const { issuer, endpoints } = profile;
  const tokens = new TokenStore({ profile, keys, now: settings.now });
  const counts = zeroCounts();
  const faults = new Map<IssuerEndpoint, IssuerFault>();
  const mintContext = { profile, keys, now: settings.now, tokens };
  const dpop = new DpopProofVerifier(endpoints.tokenEndpoint, settings.now);
  const issueToken = (grant: ClientGrant) => issueClientToken(mintContext, grant);
  server.on(
    'request',
    createRequestHandler({ ...settings, profile, keys, tokens, counts, faults, issueClientToken: issueToken, dpop }),
  );

  let closing: Promise<void> | undefined;
  return {
    issuer,
    profile: profile.name,
    ...(profile.issuerTemplate === undefined ? {} : { issuerTemplate: profile.issuerTemplate }),
    ...endpoints,
    mint: (claims, mintOptions) => mintToken(mintContext, claims, mintOptions),
    dpopProof: (proofOptions) => dpopProof({ now: settings.now, ...proofOptions }),
    forge: (parts) => forgeToken(keys, parts),
    issueOpaqueToken: (grant) => tokens.issueOpaque(grant),
    revoke: (token) => tokens.revoke(token),
    rotateKeys: () => keys.rotate(),
    currentKid: (alg = keys.defaultAlgorithm) => keys.signingKey(alg).kid,
    get counts(): IssuerCounts {
      return Object.freeze({ ...counts });
    },
    resetCounts: () => Object.assign(counts, zeroCounts()),
    setFault(endpoint, fault) {
      if (endpoint !== 'all' && !ENDPOINTS.includes(endpoint)) {
        throw new TypeError(`setFault() endpoint must be 'all' or one of ${ENDPOINTS.join(', ')}`);
      }
      const targets = endpoint === 'all' ? ENDPOINTS : [endpoint];
      if (fault === null) {
        for (const target of targets) faults.delete(target);
        return;
      }
      assertFault(fault);
      const copy = typeof fault === 'string' ? fault : { ...fault };
      for (const target of targets) faults.set(target, copy);
    },
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive and hanging sockets would hold the process open after close().
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
