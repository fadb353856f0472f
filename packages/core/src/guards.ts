import { authContextOf } from './auth-context.js';
import { claimsPass, insufficientClaims, normalizeClaimCheck, type ClaimCheck } from './claims.js';
import { errorResponse, type ErrorResponse } from './error-response.js';
import { DEFAULT_REALM, MissingTokenError, type AccessGuardError } from './errors.js';
import { grantsScopes, insufficientScope, normalizeRequiredScopes, type ScopeMatch } from './scopes.js';
import type { AuthResult } from './types.js';

/** Options of `requireScope`. */
export interface RequireScopeOptions {
  /** `'all'` (default): every listed scope is required; `'any'`: one of them is enough. */
  match?: ScopeMatch | undefined;
}

/** A check that throws an access-guard error, or returns the authentication result it accepted. */
export type AuthGuard = (auth: AuthResult | undefined) => AuthResult;

/**
 * The guards `createScopeGuard` and `createClaimGuard` build: callable as an {@link AuthGuard}, plus
 * non-throwing forms for adapters (under load, a throw costs more than the rest of a 403).
 */
export interface RouteGuard extends AuthGuard {
  /** The error the guard would throw for `auth`, or undefined when `auth` passes. */
  refusal(auth: AuthResult | undefined): AccessGuardError | undefined;
  /** The HTTP answer to that error ({@link errorResponse}), or undefined when `auth` passes; rendered once per realm. */
  refusalResponse(auth: AuthResult | undefined): ErrorResponse | undefined;
}

// Realms come from the configuration (one per requireAuth), so a guard sees few; the bound only
// guards against an unusual setup.
const MAX_REALMS_PER_GUARD = 64;

function realmOf(auth: AuthResult): string {
  return authContextOf(auth)?.realm ?? DEFAULT_REALM;
}

// A guard mounted without requireAuth in front of it must fail closed, not pass.
function unauthenticated(): MissingTokenError {
  return new MissingTokenError('Authentication required (requireAuth must run before this guard)');
}

/** A guard from its test and the refusal it gives in a realm (which depends on nothing else). */
function guardOf(passes: (auth: AuthResult) => boolean, refuse: (realm: string) => AccessGuardError): RouteGuard {
  const answers = new Map<string, ErrorResponse>();
  const refusal = (auth: AuthResult | undefined): AccessGuardError | undefined => {
    if (auth === undefined) return unauthenticated();
    return passes(auth) ? undefined : refuse(realmOf(auth));
  };
  const refusalResponse = (auth: AuthResult | undefined): ErrorResponse | undefined => {
    if (auth === undefined) return errorResponse(unauthenticated());
    if (passes(auth)) return undefined;
    const realm = realmOf(auth);
    let answer = answers.get(realm);
    if (answer === undefined) {
      answer = errorResponse(refuse(realm));
      if (answers.size < MAX_REALMS_PER_GUARD) answers.set(realm, answer);
    }
    return answer;
  };
  const guard = (auth: AuthResult | undefined): AuthResult => {
    if (auth === undefined) throw unauthenticated();
    if (!passes(auth)) throw refuse(realmOf(auth));
    return auth;
  };
  return Object.assign(guard, { refusal, refusalResponse });
}

/**
 * Builds the framework-free check behind `requireScope`; the scopes are validated at once.
 * @throws TypeError for an empty list, an invalid scope or an unknown `match`.
 * @example
 * ```ts
 * const canTransfer = createScopeGuard(['transfer:funds', 'admin'], { match: 'any' });
 * canTransfer(auth); // returns auth, or throws InsufficientScopeError (403)
 * canTransfer.refusal(auth); // undefined, or that InsufficientScopeError
 * ```
 */
export function createScopeGuard(scopes: string | readonly string[], options: RequireScopeOptions = {}): RouteGuard {
  const required = normalizeRequiredScopes(scopes);
  const match = options.match ?? 'all';
  if (match !== 'all' && match !== 'any') {
    throw new TypeError("access-guard: requireScope's `match` must be 'all' or 'any'.");
  }
  return guardOf(
    (auth) => grantsScopes(auth.scopes, required, match),
    (realm) => insufficientScope(required, match, realm),
  );
}

/**
 * Builds the framework-free check behind `requireClaims`; 403 `insufficient_scope` when it fails.
 * @example
 * ```ts
 * const verifiedEmail = createClaimGuard({ email_verified: true });
 * verifiedEmail(auth); // returns auth, or throws InsufficientScopeError (403)
 * ```
 */
export function createClaimGuard(check: ClaimCheck): RouteGuard {
  const predicate = normalizeClaimCheck(check);
  return guardOf((auth) => claimsPass(auth.payload, predicate), insufficientClaims);
}
