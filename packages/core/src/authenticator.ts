import { guardedSink, refusedEvent } from './diagnostics/events.js';
import {
  AccessGuardError,
  ConfigurationError,
  InsufficientScopeError,
  InvalidTokenError,
  MissingTokenError,
} from './errors.js';
import type { Presentation } from './http/challenge.js';
import {
  checkTokenSyntax,
  locateToken,
  type ExtractedToken,
  type TokenRequest,
  type TokenSource,
} from './http/extract-token.js';
import { Issuer, type OpaqueSettings } from './issuer/issuer.js';
import { TrustedIssuers } from './issuer/trusted-issuers.js';
import { decodeJsonObject, tokenShape, type CompactJws } from './jwt/compact.js';
import { checkTokenTimes } from './jwt/times.js';
import type { KeyHint } from './jwt/header.js';
import { verifyJwt } from './jwt/verify.js';
import { IssuerAnswers } from './opaque/answers.js';
import { resolveOpaqueToken } from './opaque/resolve.js';
import { createResourceMetadata, type ResourceMetadata } from './http/resource-metadata.js';
import { resolveOptions, type AuthOptions, type ResolvedSharedOptions } from './options.js';
import type { AuthResult, Clock, JwsHeader } from './result.js';
import { ExpiringCache } from './store/expiring-cache.js';
import { entryKey } from './store/keys.js';
import { SingleFlight } from './store/single-flight.js';
import { tokenHash } from './store/token-hash.js';
import type { Refusal } from './errors.js';
import type { Decided, Verdict } from './verdict.js';
import { MemoryReplayStore } from './dpop/replay.js';
import { SharedReplayStore } from './dpop/shared-replay.js';
import { checkRevocation } from './store/revocation.js';
import { SharedTier } from './store/shared-tier.js';
import { SenderConstraint } from './sender-constraint.js';

/** A successful authentication: the result, where the token came from, and headers for the answer. */
export interface Authentication {
  readonly auth: AuthResult;
  readonly source: TokenSource;
  /** Headers the answer must carry (a fresh `DPoP-Nonce`), when there are any. */
  readonly headers: Readonly<Record<string, string>> | undefined;
}

/** An OpenID Connect userinfo profile (frozen). */
export type UserProfile = Readonly<Record<string, unknown>>;

/** The framework-free verifier behind `requireAuth`. */
export interface Authenticator {
  /** How this authenticator's challenges look; {@link Authenticator.answer} applies it. */
  readonly presentation: Presentation;
  /**
   * The one entry point: finds the request's token, checks it and verifies it. Resolves undefined
   * when the request carries no bearer credentials and the authenticator is `optional`.
   */
  authenticate(request: TokenRequest): Promise<Authentication | undefined>;
  /**
   * Prepares an error for delivery: presents it with this authenticator's challenge (realm, resource
   * metadata) and reports it through `onEvent`. Adapters pass every error they deliver through it;
   * anything that is not an access-guard error is returned untouched.
   */
  answer<E>(error: E): E;
  /**
   * Fetches each issuer's metadata and keys (and the endpoints opaque tokens need) now, so a server
   * can refuse to start on a wrong configuration. Rejects with an error whose message names the
   * fault, expected against actual, and the fix.
   */
  ready(): Promise<void>;
  /** The authenticator's clock (ms since the epoch), failing closed on a reading that is no time. */
  clock(): number;
  /** The RFC 9728 document of the protected resource, when `resourceMetadata` asks for one. */
  readonly resourceMetadata: ResourceMetadata | undefined;
  /** Verifies a bearer token obtained some other way (a WebSocket handshake, a queue message). */
  verifyToken(token: string): Promise<AuthResult>;
  /**
   * The user's OpenID Connect profile behind an accepted token (a copy of a result works as well):
   * from the issuer's userinfo endpoint, cached and coalesced like every issuer answer.
   */
  userinfo(auth: AuthResult): Promise<UserProfile>;
}

/**
 * The configured clock, failing closed: a reading that is not a finite number would disable every
 * time check (NaN compares false), so it refuses the request instead (500, a configuration fault).
 */
function guardedClock(clock: Clock): Clock {
  return () => {
    const reading = clock();
    if (Number.isFinite(reading)) return reading;
    throw new ConfigurationError('The API cannot check access tokens: its clock gives no time', {
      cause: new Error(`now() returned ${String(reading)}; it must return milliseconds since the epoch`),
    });
  };
}

/** The RFC 9728 document the options ask for: the resource, its issuers and where it reads tokens. */
function resourceMetadataOf(shared: ResolvedSharedOptions, issuers: readonly Issuer[]): ResourceMetadata | undefined {
  const { resource, resourceMetadata } = shared;
  if (resource === undefined || (resourceMetadata !== true && typeof resourceMetadata !== 'object')) return undefined;
  const details = typeof resourceMetadata === 'object' ? resourceMetadata : {};
  return createResourceMetadata({
    authorizationServers: issuers.map((issuer) => issuer.identifier),
    ...details,
    resource,
    bearerMethodsSupported: shared.allowBodyToken ? ['header', 'body'] : ['header'],
  });
}

/**
 * Creates an authenticator: validates the options at once (throwing a `TypeError` that says how to
 * fix a mistake), then discovers the issuer's metadata and JWKS lazily on the first request.
 *
 * Every request takes one path: the token is located and its syntax checked, it is hashed once, and
 * the hash is looked up among earlier verdicts; on a miss the token is verified (a JWT against its
 * issuer's keys) or resolved (an opaque token at the issuer), once for all concurrent requests that
 * carry it. The checks that depend on time run on every request, whether the verdict is new or not.
 *
 * @example
 * ```ts
 * const authenticator = createAuthenticator({ issuer: 'https://issuer.example/', audience: 'https://api.example' });
 * const { auth } = await authenticator.authenticate({ rawHeaders: req.rawHeaders, method: req.method, url: req.url });
 * ```
 */
export function createAuthenticator(input: AuthOptions): Authenticator {
  const { shared, issuers: issuerOptions } = resolveOptions(input);
  const now = guardedClock(shared.now);
  const report = guardedSink(shared.onEvent);
  // With a shared store, answers, keys and proofs hold for every instance: memory first, the store second.
  const tier = shared.store === undefined ? undefined : new SharedTier(shared.store, report, now);
  const context = { timeoutMs: shared.timeoutMs, now, report, resource: shared.resource, tier };
  const issuers = issuerOptions.map((options) => new Issuer(options, context));
  const trusted = new TrustedIssuers(issuers);
  const opaqueIssuer = issuers.find((issuer) => issuer.opaque !== undefined);
  const metadata = resourceMetadataOf(shared, issuers);
  const { dpop } = shared;
  const presentation: Presentation = Object.freeze({
    realm: shared.realm,
    resourceMetadata: typeof shared.resourceMetadata === 'string' ? shared.resourceMetadata : metadata?.url,
    scope: shared.challengeScope,
    scopeUnion: shared.resource !== undefined,
    dpop: dpop === undefined ? undefined : Object.freeze({ algs: dpop.algorithms.join(' '), bearer: !dpop.required }),
  });
  const extraction = {
    allowQueryToken: shared.allowQueryToken,
    allowBodyToken: shared.allowBodyToken,
    maxTokenLength: shared.maxTokenLength,
    dpop: dpop !== undefined,
    tokenCookie: shared.tokenCookie,
    tokenHeader: shared.tokenHeader,
  };
  const memoryReplay = new MemoryReplayStore(dpop?.replayCacheSize ?? 1, now);
  const fallbackReplay = dpop?.replayFallback === 'per-instance' ? memoryReplay : undefined;
  const sender = new SenderConstraint({
    dpop,
    certificateHeader: shared.mtls.certificateHeader,
    replay: tier === undefined ? memoryReplay : new SharedReplayStore(tier, fallbackReplay),
    now,
  });

  // Verdicts of both kinds live in one cache, bounded by the sum of the two bounds.
  const opaqueEntries = opaqueIssuer?.opaque?.cacheMaxEntries ?? 0;
  const verdictEntries = shared.verifiedTokenCacheSize + opaqueEntries;
  const verdicts = verdictEntries > 0 ? new ExpiringCache<Verdict | Refusal>(verdictEntries) : undefined;
  const deciding = new SingleFlight<Verdict | Refusal>();
  // Profiles are a different kind of answer (attachUserinfo), kept apart by construction.
  const answers = new IssuerAnswers(tier, opaqueEntries > 0 ? opaqueEntries : 10_000, now, shared.timeoutMs);

  async function decideJwt(token: string, jws: CompactJws): Promise<Decided> {
    const claims = decodeJsonObject(jws.payloadSegment);
    if (claims === undefined) throw new InvalidTokenError('The access token claims are not a JSON object');
    // The unverified `iss` only selects among trusted issuers: an unknown one costs no outbound request.
    const issuer = trusted.select(claims['iss']);
    if (!issuer.acceptsJwt) {
      throw new InvalidTokenError('The issuer issues no JWT access tokens', {
        reason: 'jwt_not_accepted',
        detail: { fix: "This issuer's access tokens are opaque; a JWT of it is an ID token. Send the access token." },
      });
    }
    const keys = (hint: KeyHint) => issuer.keys(hint);
    const { header, payload } = await verifyJwt(token, jws, claims, issuer.policy, keys, now() / 1000);
    const scopes = issuer.scopesOf(payload);
    const decision: Verdict = { format: 'jwt', issuer, header, payload, scopes, times: 'exp-required' };
    if (shared.verifiedTokenCacheSize === 0) return { decision, validUntil: undefined };
    const expiresAt = ((payload.exp as number) + issuer.policy.clockToleranceSeconds) * 1000;
    // Never trust a verification past the freshness of the key set it used, so a key the issuer
    // withdrew stops working within one JWKS max age.
    return { decision, validUntil: Math.min(expiresAt, issuer.keysFreshUntil) };
  }

  function decideOpaque(token: string, hash: string): Promise<Decided> {
    const issuer = opaqueIssuer;
    if (issuer === undefined) {
      throw new InvalidTokenError('The access token is not a JWT', {
        reason: 'not_a_jwt',
        detail: { fix: 'To accept opaque tokens, configure opaqueTokens (introspection or userinfo).' },
      });
    }
    return resolveOpaqueToken(
      issuer,
      () => answers.introspection(issuer, token, hash),
      () => answers.profile(issuer, token, hash, undefined),
    );
  }

  /** Verifies or resolves a token the cache does not know: its header decoded once, its shape decided once. */
  async function decide(token: string, hash: string, key: string): Promise<Verdict | Refusal> {
    const shape = tokenShape(token);
    if (shape === 'oversized') {
      throw new InvalidTokenError('The access token header is too large', { reason: 'header_too_large' });
    }
    if (shape.kind === 'jwe') {
      throw new InvalidTokenError('Encrypted tokens (JWE) are not accepted', { reason: 'encrypted' });
    }
    const { decision, validUntil } =
      shape.kind === 'jws' ? await decideJwt(token, shape) : await decideOpaque(token, hash);
    if (validUntil !== undefined) verdicts?.set(key, decision, validUntil, now());
    return decision;
  }

  /** The verdict on a token (remembered or new), with the checks that change with time done. */
  async function verdictOf(token: string): Promise<Verdict> {
    const hash = tokenHash(token);
    const key = entryKey('verdict', hash);
    const remembered = verdicts?.get(key, now());
    // Opaque verdicts are what the shared store saves calls for: report which tier answered.
    if (
      tier !== undefined &&
      remembered !== undefined &&
      !('refusal' in remembered) &&
      remembered.format === 'opaque'
    ) {
      tier.lookup(
        (remembered.issuer.opaque as OpaqueSettings).via === 'userinfo' ? 'userinfo' : 'introspection',
        'memory-hit',
      );
    }
    const decision =
      remembered ??
      // Concurrent requests share one decision; each gets its own copy of a failure to present.
      (await deciding
        .run(key, () => decide(token, hash, key))
        .catch((error: unknown) => {
          throw error instanceof AccessGuardError ? error.copy() : error;
        }));
    if ('refusal' in decision) throw new InvalidTokenError(decision.refusal, { reason: decision.reason });
    // What changes with time is checked on every request, cached verdict or not.
    if (decision.times !== 'none') {
      checkTokenTimes(decision.payload, now() / 1000, decision.issuer.policy, decision.times === 'exp-required');
    }
    return decision;
  }

  /** Checks a token for a request: its verdict, then its binding to the sender (DPoP, mTLS). */
  async function authenticated(extracted: ExtractedToken, request: TokenRequest): Promise<Authentication> {
    const { token, scheme } = extracted;
    try {
      const verdict = await verdictOf(token);
      // Revoked on any instance: checked before the proof is claimed, on every request.
      if (tier !== undefined) await checkRevocation(tier, token, verdict.payload.jti);
      const { confirmation, headers } = await sender.check(verdict.payload, verdict.format, extracted, request);
      const { format, header, payload, scopes, issuer } = verdict;
      const auth: AuthResult = Object.freeze(
        format === 'jwt'
          ? {
              token,
              format,
              header: header as JwsHeader,
              payload,
              scopes,
              // A multi-tenant issuer accepted it for the tenant its verified iss names.
              issuer: payload.iss as string,
              scheme,
              confirmation,
            }
          : { token, format, payload, scopes, issuer: issuer.identifier, scheme, confirmation },
      );
      if (shared.isRevoked !== undefined && (await shared.isRevoked(auth)) === true) {
        throw new InvalidTokenError('The access token has been revoked', { reason: 'revoked' });
      }
      return { auth, source: extracted.source, headers };
    } catch (error) {
      // Each request's refusal is its own (see verdictOf): it is presented for the scheme it used.
      if (error instanceof AccessGuardError && scheme === 'DPoP') error.scheme = scheme;
      throw error;
    }
  }

  return {
    presentation,
    resourceMetadata: metadata,
    async authenticate(request) {
      let located;
      try {
        located = locateToken(request, extraction);
      } catch (error) {
        // Optional authentication: no bearer credentials at all lets the request through anonymous;
        // credentials that are there but wrong are refused as always.
        if (shared.optional && error instanceof MissingTokenError) return undefined;
        throw error;
      }
      const { candidate, source, scheme, proof } = located;
      let token;
      try {
        token = checkTokenSyntax(candidate, extraction);
      } catch (error) {
        if (scheme === 'DPoP') (error as AccessGuardError).scheme = scheme;
        throw error;
      }
      return authenticated({ token, source, scheme, proof }, request);
    },
    answer(error) {
      if (error instanceof AccessGuardError) report(refusedEvent(error.present(presentation)));
      return error;
    },
    async ready() {
      for (const issuer of trusted.all) await issuer.ready();
    },
    clock: now,
    // The same syntax rules as for a request, for tokens that did not come through a request. A
    // sender-constrained token needs its request (a proof, a certificate): it is refused here.
    async verifyToken(token) {
      const extracted = {
        token: checkTokenSyntax(token, shared),
        source: 'header',
        scheme: 'Bearer',
        proof: undefined,
      } as const;
      return (await authenticated(extracted, { rawHeaders: [], method: 'GET', url: '/' })).auth;
    },
    async userinfo(auth) {
      const issuer = trusted.find(auth.issuer);
      if (issuer === undefined) {
        throw new TypeError(
          'access-guard: attachUserinfo was given a result whose issuer this requireAuth does not trust.',
        );
      }
      const { answer } = await answers.profile(issuer, auth.token, tokenHash(auth.token), auth.payload.exp);
      // The token is valid for this API; the issuer just will not show the profile for it (no
      // openid scope, another audience). 401 would tell the client to drop a good token.
      if (answer.kind === 'rejected') {
        throw new InsufficientScopeError("The issuer's userinfo endpoint refused the access token", {
          reason: 'userinfo_refused',
          requiredScope: 'openid',
        });
      }
      return answer.profile;
    },
  };
}
