import type { TokenRequest } from '@access-guard/core';
import type { Request } from 'express';

/** Translates an Express request into what the core's token extractor reads. */
export function toTokenRequest(req: Request): TokenRequest {
  return {
    rawHeaders: req.rawHeaders,
    method: req.method,
    url: req.originalUrl,
    body: req.body,
    contentType: req.headers['content-type'],
  };
}
