import { authContextOf } from './auth-context.js';
import { MissingTokenError } from './errors.js';
import type { AuthResult } from './types.js';

/**
 * The user's OpenID Connect profile for an authenticated request: the answer already fetched when the
 * opaque token was checked via userinfo, else a (cached, single-flight) call to the issuer's userinfo
 * endpoint with the bearer token. 401 when the issuer rejects the token, 503 when it gives no answer.
 * @example
 * ```ts
 * const { auth } = await authenticator.authenticate(tokenRequest);
 * const profile = await userinfoOf(auth); // { sub, name, email, ... }
 * ```
 */
export function userinfoOf(auth: AuthResult | undefined): Promise<Readonly<Record<string, unknown>>> {
  const context = auth === undefined ? undefined : authContextOf(auth);
  if (auth === undefined || context?.userinfo === undefined) {
    return Promise.reject(
      new MissingTokenError('Authentication required (requireAuth must run before attachUserinfo)'),
    );
  }
  return context.userinfo(auth);
}
