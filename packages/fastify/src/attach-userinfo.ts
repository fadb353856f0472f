import './augment.js';
import { MissingTokenError } from '@access-guard/core';
import { checkErrorDelivery, deliverError } from './delivery.js';
import { afterAuthentication, type GuardHook, type GuardOptions } from './guards.js';

/**
 * Fastify route hook that puts the user's OpenID Connect profile on `request.userinfo`, from the
 * issuer's userinfo endpoint, through the authenticator's bounded cache (an opaque token checked via
 * userinfo costs no second call). Use it in a route's `onRequest` or `preHandler`, after `requireAuth`.
 *
 * @example
 * ```ts
 * app.get('/me', { onRequest: attachUserinfo() }, async (request) => request.userinfo);
 * ```
 */
export function attachUserinfo(options: GuardOptions = {}): GuardHook {
  const own = checkErrorDelivery(options.errors);
  return afterAuthentication('attachUserinfo', async (request, reply, context) => {
    const auth = request.auth;
    try {
      if (typeof auth !== 'object' || auth === null) throw new MissingTokenError();
      request.userinfo = await context.authenticator.userinfo(auth);
    } catch (error) {
      deliverError(error, reply, context, own);
    }
  });
}
