// Ours: @access-guard/koa (the built dist). Errors are thrown; Koa's default handler renders them
// from status/expose/headers and does not log them (expose is true below 500).
import { requireAuth, requireScope } from '@access-guard/koa';
import { koaApp } from './koa-routes.mjs';

export function createApp({ issuer, audience, mode }) {
  const opaqueTokens =
    mode.tokens === 'opaque'
      ? { via: 'introspection', clientId: 'resource-server', clientSecret: 'resource-server-secret' }
      : undefined;
  return koaApp({
    auth: [requireAuth({ issuer, audience, opaqueTokens })],
    write: [requireScope('bench:write')],
  }).callback();
}
