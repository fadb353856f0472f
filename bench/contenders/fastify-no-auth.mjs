// Baseline: the same Fastify routes with no auth at all.
import { fastifyListener } from './fastify-routes.mjs';

export function createApp() {
  return fastifyListener();
}
