import { InsufficientScopeError } from '../errors.js';

/** How several required scopes combine. */
export type ScopeMatch = 'all' | 'any';

// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ).
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/**
 * Validates a route's required scopes at start-up and returns them as a frozen list.
 * @throws TypeError when the list is empty or a scope is not an RFC 6749 scope-token.
 */
export function normalizeRequiredScopes(scopes: string | readonly string[]): readonly string[] {
  const list = typeof scopes === 'string' ? [scopes] : scopes;
  if (!Array.isArray(list) || list.length === 0) {
    throw new TypeError("access-guard: requireScope needs at least one scope, e.g. requireScope('read:accounts').");
  }
  for (const scope of list) {
    if (typeof scope !== 'string' || !SCOPE_TOKEN.test(scope)) {
      throw new TypeError(
        `access-guard: ${JSON.stringify(scope)} is not a valid scope (RFC 6749 §3.3: printable ASCII, no spaces, quotes or backslashes); pass several scopes as an array.`,
      );
    }
  }
  return Object.freeze([...new Set(list as string[])]);
}

/**
 * Whether `granted` holds the required scopes: all of them, or any one with `match: 'any'`.
 * Comparison is case-sensitive and order-free (RFC 6749 §3.3).
 */
export function grantsScopes(granted: readonly string[], required: readonly string[], match: ScopeMatch): boolean {
  if (match === 'any') {
    for (const scope of required) if (granted.includes(scope)) return true;
    return false;
  }
  for (const scope of required) if (!granted.includes(scope)) return false;
  return true;
}

/** The 403 `insufficient_scope` refusal of a route that requires `required` (RFC 6750 §3.1). */
export function insufficientScope(
  required: readonly string[],
  match: ScopeMatch,
  granted?: readonly string[],
): InsufficientScopeError {
  const message =
    match === 'all' || required.length === 1
      ? 'The access token lacks a required scope'
      : 'The access token has none of the accepted scopes';
  return new InsufficientScopeError(message, { requiredScope: required.join(' '), grantedScopes: granted });
}
