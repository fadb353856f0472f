import type { Refusal } from './errors.js';
import type { Issuer } from './issuer/issuer.js';
import type { AccessTokenClaims, JwsHeader } from './result.js';

/** What the issuer decided about a token: remembered by the token's hash, re-checked per request. */
export interface Verdict {
  readonly format: 'jwt' | 'opaque';
  readonly issuer: Issuer;
  readonly header: JwsHeader | undefined;
  readonly payload: AccessTokenClaims;
  readonly scopes: readonly string[];
  /** The time checks of every request: a JWT needs `exp`, an introspection answer may lack it, a profile has none. */
  readonly times: 'exp-required' | 'exp-optional' | 'none';
}

/** A decision and until when it may be reused (ms on the clock); undefined when it must not be kept. */
export interface Decided {
  readonly decision: Verdict | Refusal;
  readonly validUntil: number | undefined;
}

/** The scopes of an answer that proves none (a userinfo profile). */
export const NO_SCOPES: readonly string[] = Object.freeze([]);
