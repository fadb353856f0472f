import { metadataAnswer, metadataToServe, type ResourceMetadataOptions } from '@access-guard/core';
import type { RequestHandler } from 'express';
import type { AuthMiddleware } from './require-auth.js';

/**
 * Express middleware that serves RFC 9728 protected resource metadata at
 * `/.well-known/oauth-protected-resource` plus the resource's path (`…/mcp` for
 * `https://api.example/mcp`): JSON, readable from any origin. Give it the `requireAuth` middleware
 * (configured with `resource` and `resourceMetadata`), or the document's options. Mount it at the
 * root of the host, before `requireAuth`: it must be reachable without a token.
 *
 * @example
 * ```ts
 * const auth = requireAuth({ issuer, resource: 'https://api.example/mcp', resourceMetadata: true });
 * app.use(protectedResourceMetadata(auth));
 * app.post('/mcp', auth, mcpHandler);
 * ```
 */
export function protectedResourceMetadata(source: AuthMiddleware | ResourceMetadataOptions): RequestHandler {
  const metadata = metadataToServe(source);
  return function protectedResourceMetadata(req, res, next) {
    const answer = metadataAnswer(metadata, req.method, new URL(req.originalUrl, 'http://localhost').pathname);
    if (answer === undefined) {
      next();
      return;
    }
    res.writeHead(answer.status, answer.headers).end(answer.body);
  };
}
