import { AccessGuardError, type AuthState } from '@access-guard/koa';
import type { Middleware } from 'koa';

function statusOf(error: unknown): number {
  const status = typeof error === 'object' && error !== null ? (error as { status?: unknown }).status : undefined;
  return typeof status === 'number' ? status : 500;
}

/**
 * Renders errors as JSON. access-guard's errors keep their status and headers (`WWW-Authenticate`,
 * `Retry-After`) and get the RFC 6750 body `{ error, error_description }`; the body parser's 4xx
 * become `invalid_request`. Anything else is rethrown to Koa, which logs it and answers 500.
 */
export const renderJsonErrors: Middleware<AuthState> = async function renderJsonErrors(ctx, next) {
  try {
    await next();
  } catch (error) {
    if (error instanceof AccessGuardError) {
      ctx.status = error.status;
      ctx.set(error.headers);
      ctx.body = error.toJSON();
      return;
    }
    const status = statusOf(error);
    if (status < 400 || status >= 500) throw error;
    ctx.status = status;
    ctx.body = { error: 'invalid_request', error_description: 'The request body could not be read as JSON' };
  }
};
