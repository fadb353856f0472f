/** Attributes of an RFC 6750 §3 `Bearer` challenge. */
export interface ChallengeAttributes {
  realm: string;
  error?: string | undefined;
  errorDescription?: string | undefined;
  scope?: string | undefined;
}

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
export function formatChallenge(attributes: ChallengeAttributes): string {
  const parts = [`realm="${sanitizeChallengeValue(attributes.realm)}"`];
  if (attributes.error !== undefined) parts.push(`error="${sanitizeChallengeValue(attributes.error)}"`);
  if (attributes.errorDescription !== undefined) {
    parts.push(`error_description="${sanitizeChallengeValue(attributes.errorDescription)}"`);
  }
  if (attributes.scope !== undefined) parts.push(`scope="${sanitizeChallengeValue(attributes.scope)}"`);
  return `Bearer ${parts.join(', ')}`;
}
