import './augment.js';
import {
  createAuthLevelGuard,
  createClaimGuard,
  createScopeGuard,
  type AuthLevelOptions,
  type ClaimCheck,
  type RequireScopeOptions,
  type RouteGuard,
} from '@access-guard/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  checkErrorDelivery,
  deliverError,
  guardContextOf,
  pendingChecks,
  reportGuardOrder,
  type ErrorDelivery,
  type FastifyGuardContext,
} from './delivery.js';

/** A route hook of access-guard: use it in a route's `onRequest` or `preHandler`. */
export type GuardHook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/** Options of the Fastify route guards. */
export interface GuardOptions {
  /** How a refusal is delivered; default: as the `requireAuth` before the guard does. */
  errors?: ErrorDelivery | undefined;
}

/** Options of the Fastify `requireScope`. */
export interface FastifyScopeOptions extends RequireScopeOptions, GuardOptions {}

/**
 * Runs a route check after `requireAuth`: at once, or, while `requireAuth` waits for a form body,
 * when it has authenticated the request (so a guard in `onRequest` never judges too early).
 */
export function afterAuthentication(
  name: string,
  check: (request: FastifyRequest, reply: FastifyReply, context: FastifyGuardContext) => Promise<void> | void,
): GuardHook {
  const misplaced = reportGuardOrder(name);
  const hook: GuardHook = async (request, reply) => {
    const context = guardContextOf(request);
    if (context === undefined) throw misplaced(request);
    const pending = pendingChecks(request);
    if (pending === undefined) await check(request, reply, context);
    else pending.push(async () => check(request, reply, context));
  };
  return Object.defineProperty(hook, 'name', { value: name });
}

/** Turns a core guard into a Fastify hook named after it (it reads well in stack traces). */
function guardHook(guard: RouteGuard, own: ErrorDelivery | undefined): GuardHook {
  return afterAuthentication(guard.name, (request, reply, context) => {
    const refusal = guard.refusal(request.auth, context.authenticator.clock());
    if (refusal !== undefined) deliverError(refusal, reply, context, own);
  });
}

/**
 * Fastify route guard: 403 `insufficient_scope` (RFC 6750 §3.1) unless `request.auth` grants the
 * scopes. All of them by default; `{ match: 'any' }` accepts any one. Use it in a route's
 * `onRequest` or `preHandler`, after `requireAuth`.
 *
 * @example
 * ```ts
 * app.get('/accounts', { onRequest: requireScope('read:accounts') }, listAccounts);
 * app.post('/transfers', { onRequest: requireScope(['transfer:funds', 'admin'], { match: 'any' }) }, transfer);
 * ```
 */
export function requireScope(scopes: string | readonly string[], options: FastifyScopeOptions = {}): GuardHook {
  return guardHook(createScopeGuard(scopes, options), checkErrorDelivery(options.errors));
}

/**
 * Fastify route guard on the token's claims: 403 `insufficient_scope`, like a missing scope, unless
 * the check (an object of expected values, or a predicate) passes. A throwing predicate fails closed.
 *
 * @example
 * ```ts
 * app.delete('/users/:id', { onRequest: requireClaims({ 'https://example.com/role': 'admin' }) }, removeUser);
 * ```
 */
export function requireClaims(check: ClaimCheck, options: GuardOptions = {}): GuardHook {
  return guardHook(createClaimGuard(check), checkErrorDelivery(options.errors));
}

/**
 * Fastify route guard for step-up authentication (RFC 9470): 401 `insufficient_user_authentication`,
 * naming `acr_values` / `max_age`, unless the user authenticated strongly (`acr`) and recently
 * (`auth_time`) enough. The client sends the user to log in again and retries.
 *
 * @example
 * ```ts
 * app.post('/transfers/large', { onRequest: requireAuthLevel({ acr: ['phr', 'phrh'], maxAgeSeconds: 300 }) }, transfer);
 * ```
 */
export function requireAuthLevel(options: AuthLevelOptions & GuardOptions): GuardHook {
  return guardHook(createAuthLevelGuard(options), checkErrorDelivery(options?.errors));
}
