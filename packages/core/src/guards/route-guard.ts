import type { Authenticator } from '../authenticator.js';
import { MissingTokenError, type AccessGuardError } from '../errors.js';
import type { AccessTokenClaims, AuthResult } from '../result.js';
import { authLevelRefusal, normalizeAuthLevel, type AuthLevelOptions } from './auth-level.js';
import { claimsPass, insufficientClaims, normalizeClaimCheck, type ClaimCheck } from './claims.js';
import { grantsScopes, insufficientScope, normalizeRequiredScopes, type ScopeMatch } from './required-scopes.js';

/**
 * What a route guard learns from the `requireAuth` that ran before it. Adapters carry it with the
 * request, beside the result: a result that is copied, enriched or replaced keeps its guards'
 * answers, and a result removed (`delete req.auth`) makes them answer 401.
 */
export interface GuardContext {
  /** The authenticator of that `requireAuth`: its presentation (realm) and its userinfo calls. */
  readonly authenticator: Authenticator;
}

/** Options of `requireScope`. */
export interface RequireScopeOptions {
  /** `'all'` (default): every listed scope is required; `'any'`: one of them is enough. */
  match?: ScopeMatch | undefined;
}

/** A framework-free route check: the refusal for a request's `auth`, or undefined when it passes. */
export interface RouteGuard {
  /** The guard's name (`requireScope`), for messages and stack traces. */
  readonly name: string;
  /** The error to answer with, or undefined when `auth` passes; `nowMs` is the authenticator's clock. */
  refusal(auth: unknown, nowMs: number): AccessGuardError | undefined;
}

/**
 * A guard mounted where no `requireAuth` ran before it: a mistake in the application, answered 500
 * (never a 401 challenge, which would blame the client) with a message that says how to fix it.
 * @example
 * ```ts
 * app.use((err, req, res, next) => {
 *   if (err instanceof GuardOrderError) console.error(err.message); // "...mount requireAuth first."
 *   next(err);
 * });
 * ```
 */
export class GuardOrderError extends Error {
  override readonly name = 'GuardOrderError';
  /** The HTTP status (500): the server is misconfigured. */
  readonly status = 500;
  /** Alias of `status`. */
  readonly statusCode = 500;
  /** Never shown to the client (Koa's and http-errors' contract). */
  readonly expose = false;

  constructor(guard: string) {
    super(`access-guard: ${guard} needs requireAuth to run before it on this route; mount requireAuth first.`);
  }
}

/** A usable result: an object whose `scopes` is an array of strings (anything else is never matched). */
function scopesOfResult(auth: unknown): readonly string[] | undefined {
  const scopes = (auth as { scopes?: unknown }).scopes;
  return Array.isArray(scopes) && scopes.every((scope) => typeof scope === 'string') ? scopes : undefined;
}

function isAbsent(auth: unknown): boolean {
  return auth === undefined || auth === null || typeof auth !== 'object';
}

/**
 * Builds the framework-free check behind `requireScope`; the scopes are validated at once.
 * @throws TypeError for an empty list, an invalid scope or an unknown `match`.
 * @example
 * ```ts
 * const canTransfer = createScopeGuard(['transfer:funds', 'admin'], { match: 'any' });
 * canTransfer.refusal(auth); // undefined, or an InsufficientScopeError (403)
 * ```
 */
export function createScopeGuard(scopes: string | readonly string[], options: RequireScopeOptions = {}): RouteGuard {
  const required = normalizeRequiredScopes(scopes);
  const match = options.match ?? 'all';
  if (match !== 'all' && match !== 'any') {
    throw new TypeError("access-guard: requireScope's `match` must be 'all' or 'any'.");
  }
  return {
    name: 'requireScope',
    refusal(auth) {
      if (isAbsent(auth)) return new MissingTokenError();
      const granted = scopesOfResult(auth);
      return granted !== undefined && grantsScopes(granted, required, match)
        ? undefined
        : insufficientScope(required, match, granted);
    },
  };
}

/**
 * Builds the framework-free check behind `requireClaims`; 403 `insufficient_scope` when it fails.
 * @example
 * ```ts
 * const verifiedEmail = createClaimGuard({ email_verified: true });
 * verifiedEmail.refusal(auth); // undefined, or an InsufficientScopeError (403)
 * ```
 */
export function createClaimGuard(check: ClaimCheck): RouteGuard {
  const predicate = normalizeClaimCheck(check);
  return {
    name: 'requireClaims',
    refusal(auth) {
      if (isAbsent(auth)) return new MissingTokenError();
      const payload = (auth as Partial<AuthResult>).payload;
      const passes =
        typeof payload === 'object' && payload !== null && claimsPass(payload as AccessTokenClaims, predicate);
      return passes ? undefined : insufficientClaims();
    },
  };
}

/**
 * Builds the framework-free check behind `requireAuthLevel` (RFC 9470 step-up): 401
 * `insufficient_user_authentication`, naming `acr_values` / `max_age`, unless the token's `acr` is
 * one of the accepted ones and its `auth_time` recent enough. Works on JWTs and introspection answers.
 * @throws TypeError for an empty or malformed requirement.
 * @example
 * ```ts
 * const largeTransfers = createAuthLevelGuard({ acr: ['phr', 'phrh'], maxAgeSeconds: 300 });
 * largeTransfers.refusal(auth, Date.now()); // undefined, or an InsufficientUserAuthenticationError (401)
 * ```
 */
export function createAuthLevelGuard(options: AuthLevelOptions): RouteGuard {
  const level = normalizeAuthLevel(options);
  return {
    name: 'requireAuthLevel',
    refusal(auth, nowMs) {
      if (isAbsent(auth)) return new MissingTokenError();
      const payload = (auth as Partial<AuthResult>).payload;
      return authLevelRefusal(typeof payload === 'object' && payload !== null ? payload : {}, level, nowMs / 1000);
    },
  };
}
