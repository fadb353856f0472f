import type { AuthState } from '@access-guard/koa';
import type { Middleware } from 'koa';

function statusOf(error: unknown): number {
  const status = typeof error === 'object' && error !== null ? (error as { status?: unknown }).status : undefined;
  return typeof status === 'number' ? status : 500;
}

/**
 * Renders the body parser's 4xx (malformed JSON, body too large) as JSON `invalid_request`.
 * access-guard answers its own refusals with their challenge and an RFC 6750 JSON body, so they
 * never get here. Anything else is rethrown to Koa, which logs it and answers 500.
 */
export const renderJsonErrors: Middleware<AuthState> = async function renderJsonErrors(ctx, next) {
  try {
    await next();
  } catch (error) {
    const status = statusOf(error);
    if (status < 400 || status >= 500) throw error;
    ctx.status = status;
    ctx.body = { error: 'invalid_request', error_description: 'The request body could not be read as JSON' };
  }
};
