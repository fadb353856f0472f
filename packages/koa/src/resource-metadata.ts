import { metadataAnswer, metadataToServe, type ResourceMetadataOptions } from '@access-guard/core';
import type { Middleware } from 'koa';
import type { AuthState } from './auth-state.js';
import type { AuthMiddleware } from './require-auth.js';

/**
 * Koa middleware that serves RFC 9728 protected resource metadata at
 * `/.well-known/oauth-protected-resource` plus the resource's path (`…/mcp` for
 * `https://api.example/mcp`): JSON, readable from any origin. Give it the `requireAuth` middleware
 * (configured with `resource` and `resourceMetadata`), or the document's options. Use it before
 * `requireAuth`: it must be reachable without a token.
 *
 * @example
 * ```ts
 * const auth = requireAuth({ issuer, resource: 'https://api.example/mcp', resourceMetadata: true });
 * app.use(protectedResourceMetadata(auth));
 * app.use(auth);
 * ```
 */
export function protectedResourceMetadata(source: AuthMiddleware | ResourceMetadataOptions): Middleware<AuthState> {
  const metadata = metadataToServe(source);
  return async function protectedResourceMetadata(ctx, next) {
    const answer = metadataAnswer(metadata, ctx.method, ctx.path);
    if (answer === undefined) {
      await next();
      return;
    }
    ctx.status = answer.status;
    ctx.set(answer.headers);
    if (answer.body !== '') ctx.body = answer.body;
  };
}
