// Baseline: the same Express routes with no auth at all.
import { expressApp } from './routes.mjs';

export function createApp() {
  return expressApp();
}
