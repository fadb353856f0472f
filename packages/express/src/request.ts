import { privateCacheControl, type TokenRequest } from '@access-guard/core';
import type { Request, Response } from 'express';

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

/**
 * Makes the response `Cache-Control: private` when its headers are written, whatever a handler set
 * in between (RFC 6750 §2.3, for tokens sent in the URI). Only such requests pay for the hook.
 */
export function keepPrivate(res: Response): void {
  res.setHeader('Cache-Control', 'private');
  const writeHead = res.writeHead;
  res.writeHead = function writeHeadPrivately(this: Response, ...args: unknown[]) {
    const current = this.getHeader('Cache-Control');
    this.setHeader('Cache-Control', privateCacheControl(typeof current === 'string' ? current : undefined));
    return (writeHead as (...rest: unknown[]) => Response).apply(this, args);
  } as Response['writeHead'];
}
