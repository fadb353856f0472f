import type { AuthResult } from './types.js';

/** What a later guard (`requireScope`, `attachUserinfo`) needs to know about the guard that authenticated. */
export interface AuthContext {
  readonly realm: string;
  /** Fetches the user's profile for this result (set when the authenticator can reach userinfo). */
  readonly userinfo?: (auth: AuthResult) => Promise<Readonly<Record<string, unknown>>>;
}

// Keyed by the result object, so nothing outlives the request and the result's shape stays clean.
const contexts = new WeakMap<AuthResult, AuthContext>();

/** Links an authentication result to the authenticator that produced it. */
export function bindAuthContext(auth: AuthResult, context: AuthContext): void {
  contexts.set(auth, context);
}

/** The context of a result produced by `requireAuth`, or undefined for a hand-made object. */
export function authContextOf(auth: AuthResult): AuthContext | undefined {
  return contexts.get(auth);
}
