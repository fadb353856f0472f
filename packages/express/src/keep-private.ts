import { privateCacheControl } from '@access-guard/core';
import type { Response } from 'express';

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
