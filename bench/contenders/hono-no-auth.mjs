// Baseline: the same Hono routes with no auth at all.
import { honoListener } from './hono-routes.mjs';

export function createApp() {
  return honoListener();
}
