import type { KeyObject } from 'node:crypto';
import { AccessGuardError, IssuerUnavailableError } from '../errors.js';
import type { KeyHint } from '../jwt/header.js';
import type { JwtPolicy } from '../jwt/verify.js';
import { introspectionClient, type Introspect, type IntrospectionAnswer } from '../opaque/introspection.js';
import { fetchTokeninfo } from '../opaque/tokeninfo.js';
import { fetchUserinfo, type UserinfoAnswer } from '../opaque/userinfo.js';
import { issuerFailedEvent, type EventSink, type IssuerFailedEvent } from '../diagnostics/events.js';
import { describeFailure } from '../diagnostics/loggers.js';
import type { Clock } from '../result.js';
import { CallGate } from './call-gate.js';
import { discoveredEndpoint, IssuerDiscovery, type MetadataEndpoint } from './discovery.js';
import { DISCOVERY_TENANT, IssuerName, TENANT_PLACEHOLDER } from './issuer-name.js';
import { KeySet } from './key-set.js';
import type { ResolvedIssuerOptions } from './options.js';
import { scopesOf } from './scopes.js';
import { policyFingerprint } from '../store/keys.js';
import type { SharedTier } from '../store/shared-tier.js';
import { shareKeySet, shareMetadata } from './sharing.js';

/** What every issuer of an authenticator shares. */
export interface IssuerContext {
  /** Timeout of each call to the issuer, in ms. */
  readonly timeoutMs: number;
  readonly now: Clock;
  /** Told of each failed call to one of the issuer's endpoints. */
  readonly report: EventSink;
  /** The protected resource the API is (RFC 8707), for audience matching. */
  readonly resource?: string | undefined;
  /** The store the API's instances share, for metadata and keys. */
  readonly tier?: SharedTier | undefined;
}

/** How an issuer's opaque tokens are checked, without its credentials. */
export interface OpaqueSettings {
  readonly via: 'userinfo' | 'introspection' | 'tokeninfo';
  readonly cacheTtlSeconds: number;
  readonly negativeCacheTtlSeconds: number;
  readonly cacheMaxEntries: number;
  readonly requireAudience: boolean;
}

// Calls in flight to one endpoint, and calls waiting for one of them: enough for a burst of new
// opaque tokens, bounded so an attack with distinct junk tokens cannot open a connection each.
const MAX_CONCURRENT_CALLS = 16;
const MAX_WAITING_CALLS = 256;

/** Any failure of a call to the issuer that is not already an answer of ours is the issuer's fault. */
async function asIssuerCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof AccessGuardError) throw error;
    throw new IssuerUnavailableError(`The issuer's ${what} answer could not be used`, { cause: error });
  }
}

/**
 * One trusted issuer: its identifier, the policy its tokens are held to, its metadata, key set and
 * endpoints. Built once from its own validated options; it calls nothing outside itself.
 */
export class Issuer {
  /** The issuer identifier, exactly as configured (and as `iss` must spell it). */
  readonly identifier: string;
  /** How a token's `iss` names it (a multi-tenant issuer: any allowed tenant). */
  readonly name: IssuerName;
  /** Whether its access tokens may be JWTs (false: always opaque, as Google's). */
  readonly acceptsJwt: boolean;
  /** What its JWT access tokens are checked against. */
  readonly policy: JwtPolicy;
  /** How its opaque tokens are checked; undefined when it accepts none. */
  readonly opaque: OpaqueSettings | undefined;
  /** The fingerprint of what its answers depend on (identifier, audience, endpoints, client), for shared keys. */
  readonly fingerprint: string;
  readonly #options: ResolvedIssuerOptions;
  readonly #context: IssuerContext;
  readonly #discovery: IssuerDiscovery;
  readonly #keySet: KeySet;
  readonly #introspect: Introspect | undefined;
  readonly #endpoints = new Map<MetadataEndpoint, string>();
  readonly #introspectionGate: CallGate;
  readonly #userinfoGate: CallGate;

  constructor(options: ResolvedIssuerOptions, context: IssuerContext) {
    this.#options = options;
    this.#context = context;
    this.identifier = options.issuer;
    this.name = new IssuerName(options.issuer, options.tenants);
    this.acceptsJwt = options.jwtAccessTokens;
    this.policy = Object.freeze({
      issuer: options.issuer,
      issuerName: this.name,
      audiences: options.audience,
      clientIds: options.clientIds,
      algorithms: options.algorithms,
      typ: options.typ,
      clockToleranceSeconds: options.clockTolerance,
      maxTokenAgeSeconds: options.maxTokenAge,
      maxTokenLifetimeSeconds: options.maxTokenLifetime,
      resource: context.resource,
    });
    const opaque = options.opaqueTokens;
    this.fingerprint = policyFingerprint([
      options.issuer,
      options.audience,
      context.resource,
      options.jwksUri,
      opaque?.via,
      opaque?.endpoint,
      opaque?.clientId,
    ]);
    this.opaque =
      opaque === undefined
        ? undefined
        : Object.freeze({
            via: opaque.via,
            cacheTtlSeconds: opaque.cacheTtlSeconds,
            negativeCacheTtlSeconds: opaque.negativeCacheTtlSeconds,
            cacheMaxEntries: opaque.cacheMaxEntries,
            requireAudience: opaque.requireAudience,
          });
    const gate = (what: IssuerFailedEvent['endpoint']): CallGate =>
      new CallGate({
        what,
        cooldownMs: options.cooldownSeconds * 1000,
        maxConcurrent: MAX_CONCURRENT_CALLS,
        maxWaiting: MAX_WAITING_CALLS,
        now: context.now,
        onFailure: (failure) => context.report(issuerFailedEvent(options.issuer, what, failure)),
      });
    const { tier } = context;
    // Shared as long as a key set may serve: the metadata names the key set's URI.
    const sharedMs = (options.jwks.maxAgeSeconds + options.jwks.staleIfErrorSeconds) * 1000;
    // A multi-tenant issuer's metadata, the same for every tenant, is published for DISCOVERY_TENANT.
    const discoverAt = this.name.isTemplate ? options.issuer.replace(TENANT_PLACEHOLDER, DISCOVERY_TENANT) : undefined;
    this.#discovery = new IssuerDiscovery(
      options.issuer,
      context.timeoutMs,
      gate('discovery'),
      discoverAt,
      tier && shareMetadata(tier, `metadata:${this.fingerprint}`, sharedMs, context.now),
    );
    this.#keySet = new KeySet(() => this.#endpoint('jwks_uri'), {
      ...options.jwks,
      cooldownSeconds: options.cooldownSeconds,
      timeoutMs: context.timeoutMs,
      now: context.now,
      gate: gate('JWKS'),
      sharing: tier && shareKeySet(tier, `jwks:${this.fingerprint}`),
    });
    this.#introspectionGate = gate('introspection');
    this.#userinfoGate = gate('userinfo');
    // The secret lives only inside the introspection call.
    this.#introspect =
      opaque?.via === 'introspection'
        ? introspectionClient(
            { clientId: opaque.clientId as string, clientSecret: opaque.clientSecret as string },
            context.timeoutMs,
          )
        : undefined;
  }

  /** The keys that may have signed a token with this header hint (the issuer's JWKS). */
  keys(hint: KeyHint): Promise<readonly KeyObject[]> {
    return asIssuerCall('JWKS', () => this.#keySet.candidates(hint.alg, hint.kid));
  }

  /**
   * Fetches the metadata, the keys and the endpoints opaque tokens need, now: rejects with an error
   * that names the fault and the fix when the configuration does not match the issuer.
   */
  async ready(): Promise<void> {
    try {
      if (this.acceptsJwt) await this.#keySet.load();
      if (this.opaque !== undefined && this.opaque.via !== 'tokeninfo') {
        await this.#endpoint(this.opaque.via === 'userinfo' ? 'userinfo_endpoint' : 'introspection_endpoint');
      }
    } catch (error) {
      const failure =
        error instanceof AccessGuardError
          ? error
          : new IssuerUnavailableError("The issuer's answer could not be used", { cause: error });
      throw new Error(`access-guard cannot check the tokens of ${this.identifier}: ${describeFailure(failure)}`, {
        cause: failure,
      });
    }
  }

  /** Until when (ms) the key set counts as fresh: no verification is trusted past it. */
  get keysFreshUntil(): number {
    return this.#keySet.freshUntil;
  }

  /** The scopes a token or introspection answer of this issuer grants. */
  scopesOf(claims: Record<string, unknown>): readonly string[] {
    return scopesOf(claims, this.#options.scopeClaims);
  }

  /** Asks the introspection endpoint about a token (RFC 7662); only for an issuer configured for it. */
  introspect(token: string): Promise<IntrospectionAnswer> {
    const introspect = this.#introspect as Introspect;
    return asIssuerCall('introspection', async () => {
      const endpoint = await this.#endpoint('introspection_endpoint');
      return this.#introspectionGate.run(() => introspect(endpoint, token));
    });
  }

  /** Asks the tokeninfo endpoint about a token (Google); only for an issuer configured for it. */
  tokeninfo(token: string): Promise<IntrospectionAnswer> {
    const endpoint = this.#options.opaqueTokens?.endpoint as string;
    return asIssuerCall('tokeninfo', () =>
      this.#introspectionGate.run(() => fetchTokeninfo(endpoint, token, this.#context.timeoutMs)),
    );
  }

  /** Asks the userinfo endpoint for the profile behind a token (OIDC Core §5.3). */
  userinfo(token: string): Promise<UserinfoAnswer> {
    return asIssuerCall('userinfo', async () => {
      const endpoint = await this.#endpoint('userinfo_endpoint');
      return this.#userinfoGate.run(() => fetchUserinfo(endpoint, token, this.#context.timeoutMs));
    });
  }

  /** An endpoint's URL: configured, or from the metadata (fetched once). */
  async #endpoint(field: MetadataEndpoint): Promise<string> {
    const known = this.#endpoints.get(field);
    if (known !== undefined) return known;
    const url = this.#configuredEndpoint(field) ?? (await this.#discoveredEndpoint(field));
    this.#endpoints.set(field, url);
    return url;
  }

  #configuredEndpoint(field: MetadataEndpoint): string | undefined {
    const { jwksUri, opaqueTokens } = this.#options;
    if (field === 'jwks_uri') return jwksUri;
    const via = field === 'userinfo_endpoint' ? 'userinfo' : 'introspection';
    return opaqueTokens?.via === via ? opaqueTokens.endpoint : undefined;
  }

  async #discoveredEndpoint(field: MetadataEndpoint): Promise<string> {
    const metadata = await this.#discovery.get();
    const fix =
      field === 'jwks_uri'
        ? undefined
        : 'Set opaqueTokens.endpoint, or use an issuer whose discovery metadata lists it.';
    return discoveredEndpoint(this.identifier, metadata, field, fix, this.#options.allowInsecureHttpIssuer);
  }
}
