// Ours: @access-guard/express (the built dist), discovery from the issuer, default options.
import { requireAuth, requireScope } from '@access-guard/express';
import { expressApp } from './routes.mjs';

export function createApp({ issuer, audience, mode, errors }) {
  const opaqueTokens =
    mode.tokens === 'opaque'
      ? { via: 'introspection', clientId: 'resource-server', clientSecret: 'resource-server-secret' }
      : undefined;
  const auth = requireAuth({ issuer, audience, errors, opaqueTokens });
  return expressApp({ auth: [auth], write: [requireScope('bench:write', { errors })] });
}
