import type { TokenRequest } from '@access-guard/core';
import type { Request } from 'express';

/** Translates an Express request into what the core's token extractor reads. */
export function toTokenRequest(req: Request): TokenRequest {
  const body: unknown = req.body;
  return {
    rawHeaders: req.rawHeaders,
    method: req.method,
    url: req.originalUrl,
    body,
    // Only a parsed body needs its media type; reading req.headers makes Node build the whole object.
    contentType: typeof body === 'object' && body !== null ? req.headers['content-type'] : undefined,
  };
}
