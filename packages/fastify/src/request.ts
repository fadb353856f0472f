import type { TokenRequest } from '@access-guard/core';
import type { FastifyRequest } from 'fastify';
import type { TLSSocket } from 'node:tls';

const FORM_CONTENT_TYPE = /^application\/x-www-form-urlencoded(?:\s*;|$)/i;

/**
 * Whether the request's token may sit in a form body this app parses (RFC 6750 §2.2): a method with
 * body semantics, the form media type, and a parser for it in the route's context. Such a request
 * is authenticated once its body is read (in `preValidation`), not in `onRequest`.
 */
export function awaitsFormBody(request: FastifyRequest): boolean {
  const { method } = request;
  if (method === 'GET' || method === 'HEAD') return false;
  const type = request.headers['content-type'];
  return (
    type !== undefined &&
    FORM_CONTENT_TYPE.test(type) &&
    request.server.hasContentTypeParser('application/x-www-form-urlencoded')
  );
}

/** Translates a Fastify request into what the core reads; `request.body` is set once parsed. */
export function toTokenRequest(request: FastifyRequest): TokenRequest {
  const { method, raw } = request;
  // A GET's or HEAD's body is never a place for a token, so it is not even read.
  const body: unknown = method === 'GET' || method === 'HEAD' ? undefined : request.body;
  return {
    rawHeaders: raw.rawHeaders,
    method,
    url: request.originalUrl,
    body,
    contentType: typeof body === 'object' && body !== null ? request.headers['content-type'] : undefined,
    // request.protocol and request.host honour Fastify's `trustProxy` for X-Forwarded-Proto and -Host.
    origin: `${request.protocol}://${request.host}`,
    clientCertificate: () => (raw.socket as Partial<TLSSocket>).getPeerCertificate?.(false)?.raw,
  };
}
