import type { SigningAlgorithm } from '../signing-algorithms.js';

/**
 * The identity provider whose token shapes a local issuer imitates; `'generic'` (the default) is
 * this package's own neutral shape.
 *
 * @example
 * ```ts
 * const profile: ProviderProfile = 'keycloak';
 * const issuer = await startLocalIssuer({ profile, realm: 'shop' });
 * ```
 */
export type ProviderProfile = 'generic' | 'auth0' | 'okta' | 'keycloak' | 'entra' | 'cognito' | 'google';

/**
 * Which token `mint()` makes: a user's access token, a machine-to-machine (client-credentials)
 * access token, or an ID token (which a resource server must refuse).
 *
 * @example
 * ```ts
 * const kinds: TokenKind[] = ['access', 'm2m', 'id'];
 * const idToken = await issuer.mint({}, { kind: 'id', nonce: 'n-0S6_WzA2Mj' });
 * ```
 */
export type TokenKind = 'access' | 'm2m' | 'id';

/** Entra's token versions (`ver`): v1.0 tokens come from `https://sts.windows.net/<tid>/`. */
export type EntraVersion = '1.0' | '2.0';

/** What a profile builds a token's claims from; the options of `mint()` with defaults applied. */
export interface ClaimInput {
  readonly kind: TokenKind;
  /** The `iss` of this token (for Entra, its tenant's issuer). */
  readonly issuer: string;
  /** The client the token was issued to; `undefined` when the caller named none. */
  readonly clientId: string | undefined;
  readonly audience: string | string[] | undefined;
  readonly scopes: readonly string[] | undefined;
  readonly tenant: string | undefined;
  readonly version: EntraVersion;
  readonly nonce: string | undefined;
  readonly accessToken: string | undefined;
  readonly iat: number;
}

/** The kinds of endpoint a route serves. */
export type RouteKind = 'discovery' | 'jwks' | 'userinfo' | 'introspection' | 'token' | 'tokeninfo';

/** One path the issuer answers; a RegExp path may capture a `tenant`. */
export interface ProfileRoute {
  readonly path: string | RegExp;
  readonly kind: RouteKind;
  /** For a discovery route: its document, given the captured `tenant` if any. */
  readonly document?: (tenant: string | undefined) => Record<string, unknown>;
  /** For a JWKS route: members added to every key (Entra's `issuer`). */
  readonly jwkMembers?: Record<string, unknown>;
}

/** The absolute URLs a profile serves, as `LocalIssuer` exposes them. */
export interface ProfileEndpoints {
  readonly jwksUri: string;
  readonly tokenEndpoint: string;
  readonly userinfoEndpoint: string;
  readonly introspectionEndpoint: string;
  readonly tokeninfoEndpoint?: string;
}

/** A provider's issuer layout and token shapes on a loopback origin. */
export interface Profile {
  readonly name: ProviderProfile;
  /** The issuer identifier (for Entra, the default tenant's v2.0 issuer). */
  readonly issuer: string;
  /** Entra's multi-tenant issuer, with the literal `{tenantid}`. */
  readonly issuerTemplate?: string;
  readonly defaultClientId: string;
  readonly endpoints: ProfileEndpoints;
  readonly routes: readonly ProfileRoute[];
  /** The `typ` header of each kind of token; `null`: none. */
  readonly headerTyp: Readonly<Record<TokenKind, string | null>>;
  /** Access tokens are opaque, with this prefix (Google's `ya29.`). */
  readonly opaquePrefix?: string;
  /**
   * The audience of a token-endpoint request: `'required'` (none is `invalid_target`),
   * `'optional'`, or `'ignored'` (Cognito's access tokens never carry `aud`).
   */
  readonly tokenAudience: 'required' | 'optional' | 'ignored';
  /** The `iss` of a token for `tenant` (Entra only; others ignore it). */
  issuerFor(tenant: string | undefined, version: EntraVersion): string;
  /** Whether `iss` is one of this issuer's identifiers (a token it could have minted). */
  isIssuer(iss: unknown): boolean;
  /** The provider's claims for a token; `mint()` lays the caller's claims over them. */
  claims(input: ClaimInput): Record<string, unknown>;
  /** The provider's introspection answer members for a live token's claims, if it differs. */
  introspection?(claims: Readonly<Record<string, unknown>>): Record<string, unknown>;
}

/** Where and how a profile is set up: the loopback origin and the profile's own options. */
export interface ProfileSettings {
  readonly origin: string;
  readonly algorithms: readonly SigningAlgorithm[];
  readonly discovery: 'openid' | 'oauth' | 'both';
  readonly realm: string;
  readonly authorizationServer: string;
  readonly tenantId: string;
  readonly userPoolId: string;
}
