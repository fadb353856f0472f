import {
  AccessGuardError,
  GuardOrderError,
  type AuthResult,
  type GuardContext,
  type UserProfile,
} from '@access-guard/core';
import type { Context, Env } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { errorParts } from '../answer.js';

/** What the access-guard middlewares put in the context: `c.get('auth')`, `c.get('userinfo')`. */
export interface AuthVariables {
  /**
   * The verified bearer token, set by `requireAuth` (absent on an optional `requireAuth`'s anonymous
   * requests, and on routes without it). `resultOf(c)` of the middleware gives it checked and typed.
   */
  auth: AuthResult;
  /** The user's OpenID Connect profile, set by `attachUserinfo()`. */
  userinfo: UserProfile;
}

/** The Hono environment of routes behind `requireAuth`: `new Hono<AuthEnv>()`. */
export interface AuthEnv extends Env {
  Variables: AuthVariables;
}

/**
 * How `requireAuth` and the guards deliver 400/401/403/500/503:
 * - `'respond'` (default): the middleware returns the answer (status, challenge, RFC 6750 JSON),
 *   with the headers set before it (CORS) kept;
 * - `'throw'`: it throws an `HTTPException` that carries the same answer (`getResponse()`), with the
 *   access-guard error as `cause`, for the app's `onError`.
 */
export type ErrorDelivery = 'respond' | 'throw';

/** What the guards after a `requireAuth` need from it. */
export interface HonoGuardContext extends GuardContext {
  readonly delivery: ErrorDelivery;
}

// One key for every copy of this module (the ESM and CommonJS builds).
const CONTEXT = Symbol.for('@access-guard/web/hono.context');

/** Leaves the context of a `requireAuth` on Hono's context, for the guards after it. */
export function setGuardContext(c: Context, context: HonoGuardContext): void {
  (c as unknown as Record<symbol, HonoGuardContext>)[CONTEXT] = context;
}

/** The context left by the last `requireAuth` this request went through, if any. */
export function guardContextOf(c: Context): HonoGuardContext | undefined {
  return (c as unknown as Record<symbol, HonoGuardContext | undefined>)[CONTEXT];
}

/** Validates an `errors` option at start-up; undefined means "as requireAuth does". */
export function checkErrorDelivery(value: unknown): ErrorDelivery | undefined {
  if (value !== undefined && value !== 'respond' && value !== 'throw') {
    throw new TypeError("access-guard: `errors` must be 'respond' (return the answer) or 'throw' (an HTTPException).");
  }
  return value;
}

/**
 * The answer to an error in the context's presentation, the chosen way (a guard's own `errors`
 * option wins). Errors that are not access-guard's are thrown as they are.
 */
export function deliverError(
  error: unknown,
  c: Context,
  context: HonoGuardContext,
  own?: ErrorDelivery,
  keepPrivate = false,
): Response {
  if (!(error instanceof AccessGuardError)) throw error;
  context.authenticator.answer(error);
  const { status, headers, body } = errorParts(error, keepPrivate);
  if ((own ?? context.delivery) === 'throw') {
    const res = new Response(body, { status, headers });
    throw new HTTPException(status as ContentfulStatusCode, { res, cause: error });
  }
  // Through c.body, so that headers set before (CORS) stay on the answer.
  return c.body(body, status as ContentfulStatusCode, headers);
}

/** Changes the headers of `c.res`, copying a response whose headers are immutable (one from `fetch`). */
export function editHeaders(c: Context, edit: (headers: Headers) => void): void {
  try {
    edit(c.res.headers);
  } catch {
    c.res = new Response(c.res.body, c.res); // Hono's setter keeps a mutable copy
    edit(c.res.headers);
  }
}

/**
 * The error of a guard used where no `requireAuth` ran before it: a 500 for the app's `onError`,
 * with the message also in the log once per guard.
 */
export function reportGuardOrder(name: string): () => GuardOrderError {
  let reported = false;
  return () => {
    const error = new GuardOrderError(name);
    if (!reported) console.error(error.message);
    reported = true;
    return error;
  };
}
