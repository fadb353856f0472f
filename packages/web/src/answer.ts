import { errorResponse, privateCacheControl, type AccessGuardError } from '@access-guard/core';

/** An error answer in parts: status, headers and the RFC 6750 JSON body. */
export interface ErrorParts {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/**
 * The answer to an access-guard error, without `Content-Length` (the runtime sets it from the body),
 * and `private` when the request carried its token in the URI (RFC 6750 §2.3).
 */
export function errorParts(error: AccessGuardError, keepPrivate: boolean): ErrorParts {
  const { status, headers, body } = errorResponse(error);
  const { 'Content-Length': _length, ...rest } = headers;
  return { status, headers: keepPrivate ? { ...rest, 'Cache-Control': 'private' } : rest, body };
}

/** An access-guard error as a `Response`: status, challenge and RFC 6750 JSON body. */
export function errorAnswer(error: AccessGuardError, keepPrivate: boolean): Response {
  const { status, headers, body } = errorParts(error, keepPrivate);
  return new Response(body, { status, headers });
}

/**
 * Sets headers on a response; a response whose headers are immutable (one that `fetch` returned) is
 * copied first. Returns the response that carries them.
 */
export function setHeaders(response: Response, headers: Readonly<Record<string, string>>): Response {
  let target = response;
  try {
    for (const [name, value] of Object.entries(headers)) target.headers.set(name, value);
  } catch {
    target = new Response(response.body, response);
    for (const [name, value] of Object.entries(headers)) target.headers.set(name, value);
  }
  return target;
}

/** The `Cache-Control` of an answer to a token sent in the URI: private, keeping `no-store` and max-age. */
export function privateCacheControlOf(headers: Headers): string {
  return privateCacheControl(headers.get('Cache-Control') ?? undefined);
}

/** The response with `Cache-Control` made private (RFC 6750 §2.3). */
export function privateResponse(response: Response): Response {
  return setHeaders(response, { 'Cache-Control': privateCacheControlOf(response.headers) });
}
