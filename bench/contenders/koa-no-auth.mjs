// Baseline: the same Koa routes with no auth at all.
import { koaApp } from './koa-routes.mjs';

export function createApp() {
  return koaApp().callback();
}
