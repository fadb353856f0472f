import type { AuthResult, JwtAuthResult, OpaqueAuthResult } from './types.js';

/** What a later guard (`requireScope`, `attachUserinfo`) needs to know about the guard that authenticated. */
export interface AuthContext {
  readonly realm: string;
  /** Fetches the user's profile for this result (set when the authenticator can reach userinfo). */
  readonly userinfo?: (auth: AuthResult) => Promise<Readonly<Record<string, unknown>>>;
}

/** The prototype of one authenticator's results: empty and frozen, it stands for the authenticator. */
export type ResultPrototype = Readonly<Record<never, never>>;

// One entry per authenticator, keyed by the prototype of its results: a result's own properties stay
// exactly its public fields, a hand-made or spread copy has no context, and nothing is written per
// request (a WeakMap entry per result cost more than the rest of the result under load).
const contexts = new WeakMap<ResultPrototype, AuthContext>();

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** A new prototype whose results are linked to `context`. */
export function resultPrototype(context: AuthContext): ResultPrototype {
  const prototype: ResultPrototype = Object.freeze({});
  contexts.set(prototype, context);
  return prototype;
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

/** The context of a result produced by `requireAuth`, or undefined for a hand-made object or a copy. */
export function authContextOf(auth: AuthResult): AuthContext | undefined {
  const prototype: unknown = Object.getPrototypeOf(auth);
  return typeof prototype === 'object' && prototype !== null ? contexts.get(prototype) : undefined;
}
