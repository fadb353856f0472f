import type { AuthResult, JwtAuthResult, OpaqueAuthResult } from './types.js';

/** What a later guard (`requireScope`, `attachUserinfo`) needs to know about the guard that authenticated. */
export interface AuthContext {
  readonly realm: string;
  /** Fetches the user's profile for this result (set when the authenticator can reach userinfo). */
  readonly userinfo?: (auth: AuthResult) => Promise<Readonly<Record<string, unknown>>>;
}

// The context rides on the prototype of the results an authenticator creates, under a symbol no
// other module holds: a result's own properties stay exactly its public fields, a hand-made object
// has no context, and nothing is written per request (a WeakMap entry per request cost more than
// the rest of the result under load).
const CONTEXT = Symbol('access-guard.auth-context');

/** The prototype of an authenticator's results; it carries the authenticator's context. */
export interface ResultPrototype {
  readonly [CONTEXT]: AuthContext;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** The prototype that links results to `context`. */
export function resultPrototype(context: AuthContext): ResultPrototype {
  return Object.freeze({ [CONTEXT]: context });
}

/** A JWT result linked to its authenticator's context (properties set in one order: one hidden class). */
export function boundJwtResult(
  prototype: ResultPrototype,
  token: string,
  { header, payload, scopes }: Pick<JwtAuthResult, 'header' | 'payload' | 'scopes'>,
): JwtAuthResult {
  const auth = Object.create(prototype) as Writable<JwtAuthResult>;
  auth.token = token;
  auth.format = 'jwt';
  auth.header = header;
  auth.payload = payload;
  auth.scopes = scopes;
  return auth;
}

/** An opaque-token result linked to its authenticator's context. */
export function boundOpaqueResult(
  prototype: ResultPrototype,
  { token, payload, scopes }: OpaqueAuthResult,
): OpaqueAuthResult {
  const auth = Object.create(prototype) as Writable<OpaqueAuthResult>;
  auth.token = token;
  auth.format = 'opaque';
  auth.payload = payload;
  auth.scopes = scopes;
  return auth;
}

/** The context of a result produced by `requireAuth`, or undefined for a hand-made object. */
export function authContextOf(auth: AuthResult): AuthContext | undefined {
  return (auth as Partial<ResultPrototype>)[CONTEXT];
}
