import { createScopeGuard, type RequireScopeOptions } from '@access-guard/core';
import type { Middleware } from 'koa';
import type { AuthState } from './auth-state.js';
import { guardMiddleware } from './guard-middleware.js';

/**
 * Koa route guard: throws 403 `insufficient_scope` (RFC 6750 §3.1) unless `ctx.state.auth` grants the
 * scopes. All of them by default; `{ match: 'any' }` accepts any one. Place it after `requireAuth`.
 *
 * @example
 * ```ts
 * router.post('/transfers', requireScope('transfer:funds'), (ctx) => { ctx.body = { ok: true }; });
 * router.get('/accounts', requireScope(['read:accounts', 'admin'], { match: 'any' }), listAccounts);
 * ```
 */
export function requireScope(
  scopes: string | readonly string[],
  options: RequireScopeOptions = {},
): Middleware<AuthState> {
  return guardMiddleware('requireScope', createScopeGuard(scopes, options));
}
