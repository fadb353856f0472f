import { InsufficientScopeError } from '../errors.js';
import type { AccessTokenClaims } from '../result.js';

/**
 * A claim requirement: a predicate over the claims, or an object of expected values. An expected
 * value matches a claim equal to it, or an array claim that contains it.
 */
export type ClaimCheck = ((claims: AccessTokenClaims) => boolean) | Readonly<Record<string, string | number | boolean>>;

function matches(actual: unknown, expected: string | number | boolean): boolean {
  return Array.isArray(actual) ? actual.includes(expected) : actual === expected;
}

/** Validates a claim check at start-up. @throws TypeError for an empty or malformed check. */
export function normalizeClaimCheck(check: ClaimCheck): (claims: AccessTokenClaims) => boolean {
  if (typeof check === 'function') return check;
  if (check === null || typeof check !== 'object' || Object.keys(check).length === 0) {
    throw new TypeError(
      'access-guard: requireClaims needs a predicate or an object of expected claim values, e.g. requireClaims({ email_verified: true }).',
    );
  }
  const entries = Object.entries(check);
  for (const [name, value] of entries) {
    if (!['string', 'number', 'boolean'].includes(typeof value)) {
      throw new TypeError(
        `access-guard: requireClaims expects a string, number or boolean for "${name}"; use a predicate for anything else.`,
      );
    }
  }
  return (claims) => entries.every(([name, value]) => matches(claims[name], value));
}

/** Whether the claims pass the check; a predicate that throws fails closed. */
export function claimsPass(claims: AccessTokenClaims, predicate: (claims: AccessTokenClaims) => boolean): boolean {
  try {
    return predicate(claims) === true;
  } catch {
    return false; // a throwing predicate fails closed
  }
}

/** The 403 `insufficient_scope` refusal of a claim check: the same shape as a missing scope, with no `scope`. */
export function insufficientClaims(): InsufficientScopeError {
  return new InsufficientScopeError('The access token does not carry the claims this resource requires', {
    reason: 'claims_not_met',
  });
}
