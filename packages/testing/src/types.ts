import type { DpopKey } from './dpop/dpop-key.js';
import type { TestCertificate } from './mtls/certificates.js';
import type { EntraVersion, TokenKind } from './profiles/profile.js';

export type { SigningAlgorithm } from './signing-algorithms.js';
import type { SigningAlgorithm } from './signing-algorithms.js';

/**
 * One of the endpoint families the issuer serves; each has its own counter and fault.
 * `discovery` covers both well-known metadata documents.
 *
 * @example
 * ```ts
 * const endpoint: IssuerEndpoint = 'jwks';
 * issuer.setFault(endpoint, { status: 500 });
 * issuer.setFault('token', 'hang');
 * ```
 */
export type IssuerEndpoint = 'discovery' | 'jwks' | 'userinfo' | 'introspection' | 'token';

/**
 * A failure the issuer plays back instead of a real answer, so a resource server can be tested
 * against an issuer that is down, slow or broken.
 *
 * - `'refuse'`: destroy the socket without answering.
 * - `'hang'`: accept the request and never answer (until `close()`).
 * - `'html'`: `200 text/html` with an HTML page.
 * - `'empty-object'`: `200 application/json` with `{}`.
 * - `'huge'`: `200 application/json` with a valid JSON body of about 10 MB.
 * - `{ status, body?, headers? }`: that status; the body defaults to empty and the
 *   content type to `application/json` unless `headers` sets one.
 *
 * @example
 * ```ts
 * issuer.setFault('introspection', { status: 429, headers: { 'retry-after': '1' } });
 * issuer.setFault('all', 'hang');
 * issuer.setFault('all', null); // back to normal
 * ```
 */
export type IssuerFault =
  | 'refuse'
  | 'hang'
  | 'html'
  | 'empty-object'
  | 'huge'
  | { status: number; body?: string; headers?: Record<string, string> };

/**
 * How many requests the issuer has received, per endpoint family. `total` counts every request,
 * including unknown paths. A request is counted before any fault is applied.
 *
 * @example
 * ```ts
 * issuer.resetCounts();
 * await fetch(issuer.jwksUri);
 * issuer.counts.jwks; // 1
 * ```
 */
export interface IssuerCounts {
  readonly discovery: number;
  readonly jwks: number;
  readonly userinfo: number;
  readonly introspection: number;
  readonly token: number;
  readonly total: number;
}

/**
 * A client registered with the issuer. It authenticates with its secret at the introspection
 * endpoint (`client_secret_basic`, RFC 7662 §2.1) and at the token endpoint (`client_secret_basic`
 * or `client_secret_post`, RFC 6749 §2.3.1), where it gets tokens by the client-credentials grant
 * (RFC 6749 §4.4). Only `clientId` and `clientSecret` are required.
 *
 * @example
 * ```ts
 * const issuer = await startLocalIssuer({
 *   clients: [
 *     { clientId: 'orders-api', clientSecret: 's3cret' },
 *     { clientId: 'billing-job', clientSecret: 'b1lling', audience: 'https://orders.example', scopes: ['read:orders'] },
 *     { clientId: 'legacy-job', clientSecret: 'l3gacy', tokenFormat: 'opaque' },
 *   ],
 * });
 * ```
 */
export interface IssuerClient {
  clientId: string;
  clientSecret: string;
  /**
   * The `aud` of tokens from the token endpoint when the request names no `audience` or
   * `resource`; default none (such a request is refused with `invalid_target`).
   */
  audience?: string | string[];
  /**
   * The scopes the client may be granted. A request without `scope` is granted all of them; a
   * request for another scope is refused with `invalid_scope`. Default: any requested scope is
   * granted, and none without a request.
   */
  scopes?: string[];
  /**
   * `'jwt'` (the default): a JWT access token shaped like `mint()`'s; `'opaque'`: a random token
   * that only introspection and userinfo can read.
   */
  tokenFormat?: 'jwt' | 'opaque';
  /** Lifetime of its tokens from the token endpoint, in seconds; default 300. */
  expiresIn?: number;
}

/**
 * The former name of {@link IssuerClient}, kept for existing callers.
 *
 * @deprecated Use {@link IssuerClient}.
 * @example
 * ```ts
 * const client: IntrospectionClient = { clientId: 'orders-api', clientSecret: 's3cret' };
 * ```
 */
export type IntrospectionClient = IssuerClient;

/**
 * How `mint()` signs a JWT. Every field is optional.
 *
 * @example
 * ```ts
 * const token = await issuer.mint({ aud: 'api' }, { alg: 'ES256', expiresIn: 60, typ: 'JWT' });
 * const attack = await issuer.mint({ aud: 'api' }, { signWith: 'hs256-public-key' });
 * const bound = await issuer.mint({ aud: 'api' }, { dpop: await generateDpopKey() });
 * ```
 */
export interface MintOptions {
  /**
   * Signing algorithm; default `'RS256'` (or the issuer's first algorithm when it was started
   * without RS256). It must be one the issuer was started with.
   */
  alg?: SigningAlgorithm;
  /** The `kid` header; default the current key's kid. */
  kid?: string;
  /** The `typ` header; default `'at+jwt'` (RFC 9068 §2.1); `null` omits it. */
  typ?: string | null;
  /** Extra protected-header fields (`jku`, `crit`, `cty`, ...), added last; `alg` is refused. */
  header?: Record<string, unknown>;
  /** Lifetime in seconds; default 300. `exp` = `iat` + `expiresIn`. */
  expiresIn?: number;
  /**
   * The signing key; default `'issuer'`. `'foreign-key'` signs with a key of the same algorithm
   * that is not in the JWKS but carries the real key's kid. `'hs256-public-key'` signs HS256 with
   * the issuer's RSA public key (its SPKI PEM text) as the HMAC secret: the classic algorithm
   * confusion attack (RFC 8725 §2.1).
   */
  signWith?: 'issuer' | 'foreign-key' | 'hs256-public-key';
  /**
   * Binds the token to a DPoP key (RFC 9449 §6.1): adds `cnf: { jkt }` from a
   * {@link DpopKey} or its thumbprint. A `cnf` in `claims` wins.
   */
  dpop?: DpopKey | string;
  /**
   * Binds the token to a client certificate (RFC 8705 §3.1): adds `cnf: { 'x5t#S256' }` from a
   * {@link TestCertificate} or its thumbprint. A `cnf` in `claims` wins.
   */
  certificate?: TestCertificate | string;
  /**
   * Which token: `'access'` (the default), `'m2m'` (a client-credentials access token) or `'id'`
   * (an ID token, which a resource server must refuse). Each profile gives each kind its
   * provider's claims and header `typ`; the generic profile adds nothing to `'access'`.
   */
  kind?: TokenKind;
  /** The client the token was issued to (`azp`, `cid`, `client_id`, `appid`; an ID token's `aud`); default the profile's. */
  clientId?: string;
  /** The API the token is for, written in the provider's form (Auth0 adds its userinfo URL); absent by default. */
  audience?: string | string[];
  /** Granted scopes, written in the provider's claim: `scope`, `scp`, `permissions`, Entra app `roles`. */
  scopes?: string[];
  /** The ID token's `nonce`; absent by default. */
  nonce?: string;
  /** The access token issued with an ID token: its `at_hash`, where the provider sets one. */
  accessToken?: string;
  /** Entra only: the tenant (`tid`) whose issuer signs the token; default the issuer's `tenantId`. */
  tenant?: string;
  /** Entra only: the token version, `'2.0'` (the default) or `'1.0'` (`iss` in the sts.windows.net form). */
  version?: EntraVersion;
}

/**
 * The raw parts of a compact JWS built by `forge()`. An object is JSON-encoded; a string is used
 * verbatim as the JSON text (so duplicate keys or invalid JSON are possible) before base64url.
 *
 * @example
 * ```ts
 * const parts: ForgeParts = {
 *   header: '{"alg":"RS256","alg":"none"}',
 *   payload: { iss: issuer.issuer, sub: 'mallory' },
 *   signature: 'valid',
 * };
 * const token = await issuer.forge(parts);
 * ```
 */
export interface ForgeParts {
  header: Record<string, unknown> | string;
  payload: Record<string, unknown> | unknown[] | string;
  /**
   * `'valid'` (the default) signs `base64url(header).base64url(payload)` with the issuer's key for
   * `alg`; `'none'` leaves the signature empty; any other string is the third segment verbatim.
   */
  signature?: 'valid' | 'none' | string;
  /**
   * The key used for a `'valid'` signature: default the header object's `alg` when it is one of
   * the issuer's algorithms, else the default of {@link MintOptions.alg}. It never changes the header.
   */
  alg?: string;
}

/**
 * What an opaque token issued by `issueOpaqueToken()` stands for. Userinfo answers
 * `{ sub, ...profile }`; introspection answers the other fields (RFC 7662 §2.2).
 *
 * @example
 * ```ts
 * const token = issuer.issueOpaqueToken({
 *   sub: 'alice', scope: 'read:orders', aud: 'orders-api', profile: { email: 'alice@example.com' },
 * });
 * ```
 */
export interface OpaqueGrant {
  /** Default `'user-123'`. */
  sub?: string;
  /** Space-delimited scopes; absent by default. */
  scope?: string;
  /** Absent by default. */
  aud?: string | string[];
  /** Default `'demo-client'`. */
  clientId?: string;
  /** Lifetime in seconds; default 3600. */
  expiresIn?: number;
  /** Extra userinfo claims (`name`, `email`, ...); they may even replace or remove `sub`. */
  profile?: Record<string, unknown>;
  /** Issued-at in seconds since the epoch; default now (by the issuer's clock). */
  iat?: number;
  /**
   * Binds the token to a DPoP key: introspection answers `cnf: { jkt }` and `token_type: 'DPoP'`
   * (RFC 9449 §6.2). A {@link DpopKey} or its thumbprint.
   */
  dpop?: DpopKey | string;
  /**
   * Binds the token to a client certificate: introspection answers `cnf: { 'x5t#S256' }`
   * (RFC 8705 §3.2). A {@link TestCertificate} or its thumbprint.
   */
  certificate?: TestCertificate | string;
}
