import { boundJwtResult, boundOpaqueResult, resultPrototype, type AuthContext } from './auth-context.js';
import { ExpiringCache, tokenHash } from './cache.js';
import { discoveredEndpoint, IssuerDiscovery } from './discovery.js';
import { InsufficientScopeError, InvalidTokenError } from './errors.js';
import { checkTokenSyntax, extractToken, locateToken, type TokenRequest, type TokenSource } from './extract-token.js';
import { resolveOptions, type AuthOptions, type ResolvedOptions } from './options.js';
import { RemoteKeySet } from './remote-key-set.js';
import { checkTokenTimes } from './token-times.js';
import { OpaqueTokenResolver } from './resolve-opaque.js';
import { tokenShape } from './token-format.js';
import type { AuthResult, JwtAuthResult } from './types.js';
import { verifyJwt, type VerifiedJwt } from './verify-jwt.js';

/** A successful authentication: the result, and where the token came from. */
export interface Authentication {
  readonly auth: AuthResult;
  readonly source: TokenSource;
}

/** The framework-free verifier behind `requireAuth`. */
export interface Authenticator {
  /** The validated options, with defaults applied. */
  readonly options: ResolvedOptions;
  /** Extracts the bearer token from a request and verifies it. */
  authenticate(request: TokenRequest): Promise<Authentication>;
  /** Verifies a bearer token obtained some other way (a WebSocket handshake, a queue message). */
  verifyToken(token: string): Promise<AuthResult>;
  /**
   * The synchronous fast path of {@link Authenticator.authenticate}: the result when the token is in
   * the verified-token cache (its time checks re-run), undefined when it must be verified. Throws, like
   * `authenticate`, for a request refused before any verification (no token, malformed, expired).
   */
  authenticateCached(request: TokenRequest): Authentication | undefined;
}

/**
 * Creates an authenticator: validates the options at once (throwing a `TypeError` that says how to
 * fix a mistake), then discovers the issuer's metadata and JWKS lazily on the first request.
 *
 * @example
 * ```ts
 * const authenticator = createAuthenticator({ issuer: 'https://issuer.example/', audience: 'https://api.example' });
 * const { auth } = await authenticator.authenticate({ rawHeaders: req.rawHeaders, method: req.method, url: req.url });
 * ```
 */
export function createAuthenticator(input: AuthOptions): Authenticator {
  const options = resolveOptions(input);
  const { realm, now } = options;
  const discovery = new IssuerDiscovery(options.issuer, options.timeoutMs, realm);
  const jwksUri = async (): Promise<string> => {
    if (options.jwksUri !== undefined) return options.jwksUri;
    const metadata = await discovery.get();
    return discoveredEndpoint(metadata, 'jwks_uri', realm);
  };
  const keySet = new RemoteKeySet(jwksUri, { ...options.jwks, timeoutMs: options.timeoutMs, realm, now });
  const getKey = keySet.getKey.bind(keySet);
  const cache =
    options.verifiedTokenCacheSize > 0 ? new ExpiringCache<VerifiedJwt>(options.verifiedTokenCacheSize) : undefined;
  const resolver = new OpaqueTokenResolver(options, discovery);
  const context: AuthContext = {
    realm,
    userinfo: (auth) => {
      // A token resolved through userinfo already carries the profile: no second call.
      if (auth.format === 'opaque' && options.opaqueTokens?.via === 'userinfo') return Promise.resolve(auth.payload);
      const exp = auth.payload.exp;
      return resolver.userinfo(auth.token, typeof exp === 'number' ? exp : undefined).catch((error: unknown) => {
        // The token is valid for this API; the issuer just will not show the profile for it (no
        // openid scope, another audience). 401 would tell the client to drop a good token.
        if (!(error instanceof InvalidTokenError)) throw error;
        throw new InsufficientScopeError("The issuer's userinfo endpoint refused the access token", {
          realm,
          requiredScope: 'openid',
          cause: error,
        });
      });
    },
  };

  /** A verified JWT from the cache, with its time checks re-run; undefined on a miss. */
  function cachedJwt(hash: string, nowMs: number): VerifiedJwt | undefined {
    const hit = cache?.get(hash, nowMs);
    // Signature, iss, aud, alg and typ cannot change for the same bytes; time can.
    if (hit !== undefined) checkTokenTimes(hit.payload, nowMs / 1000, options);
    return hit;
  }

  async function verifiedJwt(token: string, hash: string, nowMs: number): Promise<VerifiedJwt> {
    const verified = await verifyJwt(token, getKey, options, nowMs);
    const expiresAt = ((verified.payload.exp as number) + options.clockToleranceSeconds) * 1000;
    // Never trust a verification past the freshness of the key set it used, so a key the issuer
    // withdrew stops working within one JWKS max age.
    cache?.set(hash, verified, Math.min(expiresAt, keySet.freshUntil), nowMs);
    return verified;
  }

  const prototype = resultPrototype(context);
  const jwtResult = (token: string, verified: VerifiedJwt): JwtAuthResult => boundJwtResult(prototype, token, verified);

  /** Verifies a token that already passed the syntax checks. */
  async function verifyChecked(token: string): Promise<AuthResult> {
    const nowMs = now();
    // The cache is consulted first: a hit needs no parsing at all.
    const hash = tokenHash(token);
    const hit = cachedJwt(hash, nowMs);
    if (hit !== undefined) return jwtResult(token, hit);
    const shape = tokenShape(token);
    if (shape === 'jwe') throw new InvalidTokenError('Encrypted tokens (JWE) are not accepted', { realm });
    if (shape === 'jws') return jwtResult(token, await verifiedJwt(token, hash, nowMs));
    return boundOpaqueResult(prototype, await resolver.resolve(token, hash));
  }

  return {
    options,
    // The same syntax rules as for a request, for tokens that did not come through extractToken.
    verifyToken: async (candidate) => verifyChecked(checkTokenSyntax(candidate, options)),
    async authenticate(request) {
      const { token, source } = extractToken(request, options);
      return { auth: await verifyChecked(token), source };
    },
    authenticateCached(request) {
      const { candidate, source } = locateToken(request, options);
      // Only the length is checked before hashing: a token whose hash is in a cache passed every
      // syntax check when it was verified, so the b64token scan is needed only on a miss.
      const token =
        typeof candidate === 'string' && candidate.length > 0 && candidate.length <= options.maxTokenLength
          ? candidate
          : checkTokenSyntax(candidate, options); // throws the 401 that authenticate would
      const hash = tokenHash(token);
      // A token without a dot cannot be a JWT: no verified-token lookup, and its shape is plain.
      if (token.includes('.')) {
        const hit = cachedJwt(hash, now());
        if (hit !== undefined) return { auth: jwtResult(token, hit), source };
        // Only an opaque-shaped token may be answered from the issuer-answer cache: userinfo answers
        // fetched for a JWT (attachUserinfo) share that cache and must never stand in for its verification.
        if (tokenShape(token) !== 'opaque') return undefined;
      }
      const opaque = resolver.resolveCached(token, hash);
      return opaque === undefined ? undefined : { auth: boundOpaqueResult(prototype, opaque), source };
    },
  };
}
