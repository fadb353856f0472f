import type { TokenRequest } from '@access-guard/core';
import type { Request } from 'express';

/** Translates an Express request into what the core's token extractor reads. */
export function toTokenRequest(req: Request): TokenRequest {
  // Every property read here is costly: Express 5 gives each request a hidden class of its own, so
  // reads miss V8's inline caches. A GET's body is never a place for a token (see locateToken), so
  // it is not even looked up (an absent property walks the whole prototype chain).
  const method = req.method;
  const body: unknown = method === 'GET' ? undefined : req.body;
  return {
    rawHeaders: req.rawHeaders,
    method,
    url: req.originalUrl,
    body,
    // Only a parsed body needs its media type; reading req.headers makes Node build the whole object.
    contentType: typeof body === 'object' && body !== null ? req.headers['content-type'] : undefined,
  };
}
