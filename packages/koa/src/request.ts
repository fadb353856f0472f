import type { TokenRequest } from '@access-guard/core';
import type { Context } from 'koa';
import type { TLSSocket } from 'node:tls';

/** Translates a Koa context into what the core reads. */
export function toTokenRequest(ctx: Context): TokenRequest {
  return {
    rawHeaders: ctx.req.rawHeaders,
    method: ctx.method,
    url: ctx.originalUrl,
    // Set by a body parser (@koa/bodyparser, koa-body) when one runs before requireAuth.
    body: (ctx.request as { body?: unknown }).body,
    contentType: ctx.get('content-type') || undefined,
    // ctx.protocol and ctx.host honour `app.proxy` for X-Forwarded-Proto and X-Forwarded-Host.
    origin: () => `${ctx.protocol}://${ctx.host}`,
    clientCertificate: () => (ctx.req.socket as Partial<TLSSocket>).getPeerCertificate?.(false)?.raw,
  };
}
