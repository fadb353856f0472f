import { authContextOf } from './auth-context.js';
import { checkClaims, normalizeClaimCheck, type ClaimCheck } from './claims.js';
import { DEFAULT_REALM, MissingTokenError } from './errors.js';
import { checkScopes, normalizeRequiredScopes, type ScopeMatch } from './scopes.js';
import type { AuthResult } from './types.js';

/** Options of `requireScope`. */
export interface RequireScopeOptions {
  /** `'all'` (default): every listed scope is required; `'any'`: one of them is enough. */
  match?: ScopeMatch | undefined;
}

/** A check that throws an access-guard error, or returns the authentication result it accepted. */
export type AuthGuard = (auth: AuthResult | undefined) => AuthResult;

function realmOf(auth: AuthResult): string {
  return authContextOf(auth)?.realm ?? DEFAULT_REALM;
}

function requireAuthenticated(auth: AuthResult | undefined): AuthResult {
  // A guard mounted without requireAuth in front of it must fail closed, not pass.
  if (auth === undefined)
    throw new MissingTokenError('Authentication required (requireAuth must run before this guard)');
  return auth;
}

/**
 * Builds the framework-free check behind `requireScope`; the scopes are validated at once.
 * @throws TypeError for an empty list, an invalid scope or an unknown `match`.
 * @example
 * ```ts
 * const canTransfer = createScopeGuard(['transfer:funds', 'admin'], { match: 'any' });
 * canTransfer(auth); // returns auth, or throws InsufficientScopeError (403)
 * ```
 */
export function createScopeGuard(scopes: string | readonly string[], options: RequireScopeOptions = {}): AuthGuard {
  const required = normalizeRequiredScopes(scopes);
  const match = options.match ?? 'all';
  if (match !== 'all' && match !== 'any') {
    throw new TypeError("access-guard: requireScope's `match` must be 'all' or 'any'.");
  }
  return (candidate) => {
    const auth = requireAuthenticated(candidate);
    checkScopes(auth, required, match, realmOf(auth));
    return auth;
  };
}

/**
 * Builds the framework-free check behind `requireClaims`; 403 `insufficient_scope` when it fails.
 * @example
 * ```ts
 * const verifiedEmail = createClaimGuard({ email_verified: true });
 * verifiedEmail(auth); // returns auth, or throws InsufficientScopeError (403)
 * ```
 */
export function createClaimGuard(check: ClaimCheck): AuthGuard {
  const predicate = normalizeClaimCheck(check);
  return (candidate) => {
    const auth = requireAuthenticated(candidate);
    checkClaims(auth.payload, predicate, realmOf(auth));
    return auth;
  };
}
