import { tokenHash } from './cache.js';
import { CachedIssuerCalls } from './cached-issuer-calls.js';
import { deepFreeze } from './deep-freeze.js';
import { discoveredEndpoint, type IssuerDiscovery, type MetadataEndpoint } from './discovery.js';
import { InvalidTokenError } from './errors.js';
import { introspectToken, type IntrospectionAnswer } from './introspection.js';
import type { ResolvedOptions } from './options.js';
import { scopesOf } from './scopes.js';
import { checkTokenTimes } from './token-times.js';
import type { AccessTokenClaims, OpaqueAuthResult } from './types.js';
import { fetchUserinfo, type UserinfoAnswer } from './userinfo.js';

type Endpoint = Exclude<MetadataEndpoint, 'jwks_uri'>;
/**
 * An introspection answer as cached. An active one keeps its scopes and the verdict of the checks that
 * cannot change while it is cached (token type, iss, aud), so a cache hit re-runs only the time checks.
 */
type CachedIntrospection =
  | { readonly kind: 'inactive' }
  | (IntrospectionAnswer & {
      readonly scopes: readonly string[];
      /** Why the answer does not admit the token to this API, or undefined when it does. */
      readonly refusal: string | undefined;
    });
const NO_SCOPES: readonly string[] = Object.freeze([]);

/** The cache key of an issuer answer: the endpoint asked and the SHA-256 of the token, never the token. */
function answerKey(endpoint: string, hash: string): string {
  return `${endpoint}\n${hash}`;
}

/**
 * Checks opaque tokens with the issuer (SPEC §4) and fetches userinfo for `attachUserinfo()`.
 * Answers are cached by SHA-256 of the token plus the endpoint, never past the token's `exp`;
 * concurrent requests for the same token share one call; failures are never cached.
 */
export class OpaqueTokenResolver {
  readonly #calls: CachedIssuerCalls<UserinfoAnswer | CachedIntrospection>;
  readonly #endpoints = new Map<Endpoint, string>();

  constructor(
    private readonly options: ResolvedOptions,
    private readonly discovery: IssuerDiscovery,
  ) {
    this.#calls = new CachedIssuerCalls(options.issuerCacheMaxEntries, options.now);
  }

  /** Resolves an opaque token the configured way; 401 when refused, 503 when the issuer gives no answer. */
  async resolve(token: string, hash: string = tokenHash(token)): Promise<OpaqueAuthResult> {
    const { opaqueTokens, realm } = this.options;
    if (opaqueTokens === undefined) throw new InvalidTokenError('The access token is not a JWT', { realm });
    if (opaqueTokens.via === 'userinfo') return this.#fromProfile(token, await this.userinfo(token, undefined, hash));
    return this.#fromIntrospection(token, await this.#introspect(token, hash));
  }

  /**
   * The synchronous fast path of {@link OpaqueTokenResolver.resolve}: the result from a cached issuer
   * answer (checked exactly as a fresh one), or undefined when the issuer must be asked.
   */
  resolveCached(token: string, hash: string): OpaqueAuthResult | undefined {
    const via = this.options.opaqueTokens?.via;
    if (via === undefined) return undefined;
    const endpoint = this.#endpoints.get(via === 'userinfo' ? 'userinfo_endpoint' : 'introspection_endpoint');
    if (endpoint === undefined) return undefined;
    const answer = this.#calls.peek(answerKey(endpoint, hash));
    if (answer === undefined) return undefined;
    return via === 'userinfo'
      ? this.#fromProfile(token, this.#profileOf(answer as UserinfoAnswer))
      : this.#fromIntrospection(token, answer as CachedIntrospection);
  }

  /** The user's profile for a token, from the (cached) userinfo endpoint; `exp` bounds the cache entry. */
  async userinfo(
    token: string,
    exp: number | undefined,
    hash: string = tokenHash(token),
  ): Promise<Readonly<Record<string, unknown>>> {
    const { realm, timeoutMs } = this.options;
    const endpoint = this.#endpoints.get('userinfo_endpoint') ?? (await this.#endpoint('userinfo_endpoint'));
    const answer = await this.#calls.get(answerKey(endpoint, hash), async () => {
      const fetched = await fetchUserinfo(endpoint, token, { timeoutMs, realm });
      const answer =
        fetched.kind === 'profile'
          ? { kind: 'profile' as const, profile: deepFreeze({ ...fetched.profile }) }
          : fetched;
      return { answer, validUntil: this.#validUntil(answer.kind === 'profile', exp) };
    });
    return this.#profileOf(answer as UserinfoAnswer);
  }

  #profileOf(answer: UserinfoAnswer): Readonly<Record<string, unknown>> {
    if (answer.kind !== 'profile') {
      throw new InvalidTokenError('The issuer rejected the access token', { realm: this.options.realm });
    }
    return answer.profile;
  }

  #fromProfile(token: string, profile: Readonly<Record<string, unknown>>): OpaqueAuthResult {
    return { token, format: 'opaque', payload: profile as AccessTokenClaims, scopes: NO_SCOPES };
  }

  #fromIntrospection(token: string, answer: CachedIntrospection): OpaqueAuthResult {
    const { realm, now } = this.options;
    if (answer.kind === 'inactive') throw new InvalidTokenError('The access token is not active', { realm });
    if (answer.refusal !== undefined) throw new InvalidTokenError(answer.refusal, { realm });
    checkTokenTimes(answer.claims, now() / 1000, this.options, false);
    return { token, format: 'opaque', payload: answer.claims as AccessTokenClaims, scopes: answer.scopes };
  }

  async #introspect(token: string, hash: string): Promise<CachedIntrospection> {
    const { realm, timeoutMs, opaqueTokens } = this.options;
    const client = { clientId: opaqueTokens?.clientId ?? '', clientSecret: opaqueTokens?.clientSecret ?? '' };
    const endpoint = this.#endpoints.get('introspection_endpoint') ?? (await this.#endpoint('introspection_endpoint'));
    const answer = await this.#calls.get(answerKey(endpoint, hash), async () => {
      const fetched = await introspectToken(endpoint, token, client, { timeoutMs, realm });
      if (fetched.kind === 'inactive') return { answer: fetched, validUntil: this.#validUntil(false, undefined) };
      const claims = deepFreeze({ ...fetched.claims });
      const exp = typeof claims['exp'] === 'number' ? claims['exp'] : undefined;
      const active = { kind: 'active' as const, claims, scopes: scopesOf(claims), refusal: this.#refusalOf(claims) };
      return { answer: active, validUntil: this.#validUntil(true, exp) };
    });
    return answer as CachedIntrospection;
  }

  /**
   * Why an active introspection answer does not admit the token to this API (token type, iss, aud),
   * or undefined when it does. Checked once per answer: none of it changes while the answer is cached.
   */
  #refusalOf(claims: Readonly<Record<string, unknown>>): string | undefined {
    const { issuer, audiences, opaqueTokens } = this.options;
    // RFC 7662 §2.2 token_type: only an access token may be used as a bearer credential.
    const tokenType = claims['token_type'];
    if (typeof tokenType === 'string' && /refresh/i.test(tokenType)) return 'The token is not an access token';
    if (claims['iss'] !== undefined && claims['iss'] !== issuer) return 'The access token was issued by another issuer';
    const aud = claims['aud'];
    if (aud === undefined) {
      return opaqueTokens?.requireAudience === false
        ? undefined
        : 'The introspection answer does not name this API (no aud claim)';
    }
    const list: unknown[] = Array.isArray(aud) ? aud : [aud];
    return list.some((value) => typeof value === 'string' && audiences.includes(value))
      ? undefined
      : 'The access token is for another audience';
  }

  /** Positive answers live `cacheTtlSeconds` but never past `exp`; negative ones `negativeCacheTtlSeconds`. */
  #validUntil(positive: boolean, exp: number | undefined): number {
    const settings = this.options.opaqueTokens;
    const ttl = positive ? (settings?.cacheTtlSeconds ?? 60) : (settings?.negativeCacheTtlSeconds ?? 10);
    const until = this.options.now() + ttl * 1000;
    return exp === undefined || !Number.isFinite(exp) ? until : Math.min(until, exp * 1000);
  }

  /** The endpoint's URL, from the options or the metadata; remembered so a cache hit needs no await. */
  async #endpoint(field: Endpoint): Promise<string> {
    const configured = this.options.opaqueTokens;
    const wanted = field === 'userinfo_endpoint' ? 'userinfo' : 'introspection';
    if (configured?.endpoint !== undefined && configured.via === wanted) {
      this.#endpoints.set(field, configured.endpoint);
      return configured.endpoint;
    }
    const value = discoveredEndpoint(
      await this.discovery.get(),
      field,
      this.options.realm,
      'Set opaqueTokens.endpoint, or use an issuer whose discovery metadata lists it.',
    );
    this.#endpoints.set(field, value);
    return value;
  }
}
