import type { TokenRequest } from '@access-guard/core';
import type { Request } from 'express';

/** Translates an Express request into what the core reads. */
export function toTokenRequest(req: Request): TokenRequest {
  const method = req.method;
  // A GET's or HEAD's body is never a place for a token, so it is not even read.
  const body: unknown = method === 'GET' || method === 'HEAD' ? undefined : req.body;
  return {
    rawHeaders: req.rawHeaders,
    method,
    url: req.originalUrl,
    body,
    // Only a parsed body needs its media type.
    contentType: typeof body === 'object' && body !== null ? req.headers['content-type'] : undefined,
  };
}
