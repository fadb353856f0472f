/** Attributes of an RFC 6750 §3 `Bearer` challenge. */
export interface ChallengeAttributes {
  realm: string;
  error?: string | undefined;
  errorDescription?: string | undefined;
  scope?: string | undefined;
  /** RFC 9470 §3: the authentication context classes that would do, space-delimited. */
  acrValues?: string | undefined;
  /** RFC 9470 §3: the greatest acceptable age of the user's authentication, in seconds. */
  maxAge?: number | undefined;
  /** RFC 9728 §5.1: where the protected resource's metadata is published (an absolute URL). */
  resourceMetadata?: string | undefined;
  /** RFC 9449 §7.1: the JWS algorithms accepted for DPoP proofs, space-delimited (DPoP challenges only). */
  algs?: string | undefined;
}

/**
 * How a `requireAuth` presents its challenges. Applied where an answer is rendered, never threaded
 * through verification.
 */
export interface Presentation {
  /** The `realm` of every challenge. */
  readonly realm: string;
  /** RFC 9728 metadata URL for `resource_metadata`, when the API publishes one. */
  readonly resourceMetadata?: string | undefined;
  /** Scopes a 401 names for the client to ask for (MCP clients read it), when configured. */
  readonly scope?: string | undefined;
  /**
   * A 403 `insufficient_scope` names the union of the scopes the token has and those the route
   * requires: what the client must ask for so as not to lose what it had (MCP).
   */
  readonly scopeUnion?: boolean | undefined;
  /**
   * DPoP (RFC 9449): the proof algorithms to announce in a `DPoP` challenge, and whether the `Bearer`
   * scheme is accepted too (its challenge then comes first: some clients read only one that starts
   * with `Bearer `).
   */
  readonly dpop?: { readonly algs: string; readonly bearer: boolean } | undefined;
}

/** The realm used when none is configured. */
export const DEFAULT_REALM = 'api';

/** The presentation of an error that no `requireAuth` has presented yet. */
export const DEFAULT_PRESENTATION: Presentation = Object.freeze({ realm: DEFAULT_REALM });

// RFC 6750 §3: attribute values use %x20-21 / %x23-5B / %x5D-7E only (no `"`, `\`, controls, non-ASCII).
const FORBIDDEN_VALUE_CHARACTERS = /[^\x20\x21\x23-\x5B\x5D-\x7E]/g;

/** Removes every character RFC 6750 §3 does not allow in a challenge attribute value. */
export function sanitizeChallengeValue(value: string): string {
  return value.replace(FORBIDDEN_VALUE_CHARACTERS, '');
}

/** True when `value` can be used as a challenge attribute value as it is. */
export function isValidChallengeValue(value: string): boolean {
  return value === sanitizeChallengeValue(value);
}

/**
 * Builds a `WWW-Authenticate: Bearer …` value (RFC 6750 §3). Each attribute appears at most once and
 * every value is stripped of characters the RFC forbids, so nothing from a request can break the header.
 * @example
 * ```ts
 * formatChallenge({ realm: 'api', error: 'invalid_token', errorDescription: 'The access token expired' });
 * // 'Bearer realm="api", error="invalid_token", error_description="The access token expired"'
 * ```
 */
export function formatChallenge(attributes: ChallengeAttributes, scheme: 'Bearer' | 'DPoP' = 'Bearer'): string {
  const parts = [`realm="${sanitizeChallengeValue(attributes.realm)}"`];
  const add = (name: string, value: string | undefined): void => {
    if (value !== undefined) parts.push(`${name}="${sanitizeChallengeValue(value)}"`);
  };
  add('error', attributes.error);
  add('error_description', attributes.errorDescription);
  add('scope', attributes.scope);
  add('acr_values', attributes.acrValues);
  add('max_age', attributes.maxAge === undefined ? undefined : String(attributes.maxAge));
  add('resource_metadata', attributes.resourceMetadata);
  add('algs', attributes.algs);
  return `${scheme} ${parts.join(', ')}`;
}

/**
 * The challenge header of an error as a presentation shows it. A 401 without a scope of its own names
 * the presentation's scope, the scopes a client should ask for. With DPoP accepted, the `Bearer`
 * challenge (when that scheme is accepted too) comes first and the `DPoP` one second; the error goes
 * on the challenge of the scheme it concerns (`on`).
 */
export function formatChallenges(
  presentation: Presentation,
  attributes: Omit<ChallengeAttributes, 'realm' | 'resourceMetadata' | 'algs'>,
  status: number,
  on: 'Bearer' | 'DPoP' = 'Bearer',
): string {
  const common = { realm: presentation.realm, resourceMetadata: presentation.resourceMetadata };
  const full = {
    ...attributes,
    ...common,
    scope: attributes.scope ?? (status === 401 ? presentation.scope : undefined),
  };
  const { dpop } = presentation;
  if (dpop === undefined) return formatChallenge(full);
  const challenges: string[] = [];
  if (dpop.bearer) challenges.push(formatChallenge(on === 'Bearer' ? full : common));
  challenges.push(formatChallenge({ ...(on === 'DPoP' || !dpop.bearer ? full : common), algs: dpop.algs }, 'DPoP'));
  return challenges.join(', ');
}
