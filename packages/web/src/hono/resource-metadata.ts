import { metadataAnswer, metadataToServe, type ResourceMetadataOptions } from '@access-guard/core';
import type { MiddlewareHandler } from 'hono';
import type { AuthMiddleware } from './require-auth.js';

/**
 * Hono middleware that serves RFC 9728 protected resource metadata at
 * `/.well-known/oauth-protected-resource` plus the resource's path: JSON, readable from any origin.
 * Give it the `requireAuth` middleware (configured with `resource` and `resourceMetadata`), or the
 * document's options. Use it before `requireAuth`: it must be reachable without a token.
 *
 * @example
 * ```ts
 * const auth = requireAuth({ issuer, resource: 'https://api.example/mcp', resourceMetadata: true });
 * app.use(protectedResourceMetadata(auth));
 * app.use('/mcp', auth);
 * ```
 */
export function protectedResourceMetadata(source: AuthMiddleware | ResourceMetadataOptions): MiddlewareHandler {
  const metadata = metadataToServe(source);
  return async function protectedResourceMetadata(c, next) {
    const answer = metadataAnswer(metadata, c.req.method, c.req.path);
    if (answer === undefined) {
      await next();
      return undefined;
    }
    if (answer.body === '') return c.body(null, answer.status as 204, answer.headers);
    return c.body(answer.body, answer.status as 200, answer.headers);
  };
}
