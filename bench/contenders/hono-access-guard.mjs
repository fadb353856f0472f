// Ours: @access-guard/web's Hono middleware (the built dist) on every route, the scope guard on /write.
import { requireAuth, requireScope } from '@access-guard/web/hono';
import { honoListener } from './hono-routes.mjs';

export function createApp({ issuer, audience }) {
  return honoListener({ auth: [requireAuth({ issuer, audience })], write: [requireScope('bench:write')] });
}
