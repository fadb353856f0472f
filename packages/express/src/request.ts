import type { TokenRequest } from '@access-guard/core';
import type { Request } from 'express';
import type { TLSSocket } from 'node:tls';

type TrustProxy = (address: string | undefined, hop: number) => boolean;

/**
 * The host the client addressed, as Express trusts it: `X-Forwarded-Host` only when the app's
 * `trust proxy` setting trusts the peer (the rule of Express 5's `req.host`; Express 4's drops the port).
 */
function hostOf(req: Request): string | undefined {
  const trust = req.app.get('trust proxy fn') as TrustProxy | undefined;
  const forwarded = req.get('X-Forwarded-Host');
  if (forwarded !== undefined && trust?.(req.socket.remoteAddress, 0) === true) {
    return forwarded.split(',')[0]?.trim();
  }
  return req.get('Host');
}

/** The DER of the client's TLS certificate, when the connection is TLS and the client sent one. */
function peerCertificate(req: Request): Uint8Array | undefined {
  const socket = req.socket as Partial<TLSSocket>;
  return socket.getPeerCertificate?.(false)?.raw;
}

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
    // req.protocol honours `trust proxy` for X-Forwarded-Proto.
    origin: () => `${req.protocol}://${hostOf(req) ?? ''}`,
    clientCertificate: () => peerCertificate(req),
  };
}
