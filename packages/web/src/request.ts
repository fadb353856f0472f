import type { TokenRequest } from '@access-guard/core';

const FORM_CONTENT_TYPE = /^application\/x-www-form-urlencoded(?:\s*;|$)/i;
// Form bodies larger than this are not searched for a token (an API's forms are small).
const MAX_FORM_BYTES = 1024 * 1024;
// Where a `Headers` object joined two Authorization lines: ", " and then a new scheme and its
// credentials (`Basic …`, `Bearer …`), not an auth-param of the first line (`realm="…"`).
const JOINED_CREDENTIALS = /, *(?=[!#$%&'*+.^_`|~0-9A-Za-z-]+ +[^\s=])/;

/** How a `Request` is translated: the raw header lines and the TLS certificate, where the runtime has them. */
export interface RequestDetails {
  /** Node's raw header lines (`@hono/node-server`): they keep repeated `Authorization` headers apart. */
  readonly rawHeaders?: readonly string[] | undefined;
  /** The DER bytes of the client's TLS certificate (RFC 8705), when the connection has one. */
  readonly clientCertificate?: (() => Uint8Array | undefined) | undefined;
}

/**
 * Header lines in Node's `rawHeaders` form from a `Headers` object, which joins repeated headers
 * with ", ". An `Authorization` value that holds a second set of credentials is split back into two
 * lines, so that the core answers 400 as it does for two headers on Node.
 */
function headerLines(headers: Headers): string[] {
  const lines: string[] = [];
  for (const [name, value] of headers) {
    if (name === 'authorization' && JOINED_CREDENTIALS.test(value)) {
      for (const part of value.split(JOINED_CREDENTIALS)) lines.push(name, part);
    } else {
      lines.push(name, value);
    }
  }
  return lines;
}

/** Whether the request may carry a token in a form body (RFC 6750 §2.2), which must then be read. */
export function hasFormBody(request: Request): boolean {
  if (request.method === 'GET' || request.method === 'HEAD' || request.body === null) return false;
  return FORM_CONTENT_TYPE.test(request.headers.get('content-type') ?? '');
}

/**
 * The `access_token` parameters of a form body, read from a clone (the handler can still read the
 * body): `{ access_token }` for one, an array for several, `{}` for none or a body too large to read.
 */
export async function formTokens(request: Request): Promise<Record<string, unknown>> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  const stream = request.clone().body;
  if (declared > MAX_FORM_BYTES || stream === null) return {};
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = stream.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > MAX_FORM_BYTES) {
      await reader.cancel();
      return {};
    }
    chunks.push(read.value);
  }
  const tokens = new URLSearchParams(Buffer.concat(chunks).toString('utf8')).getAll('access_token');
  if (tokens.length === 0) return {};
  return { access_token: tokens.length === 1 ? tokens[0] : tokens };
}

/**
 * Translates a Fetch API `Request` into what the core reads; `body` is its {@link formTokens} when
 * it {@link hasFormBody} (read first: the common request pays no await here).
 */
export function toTokenRequest(request: Request, details: RequestDetails = {}, body?: object): TokenRequest {
  const { url } = request;
  // The request target is everything from the first "/" after "scheme://host".
  const pathStart = url.indexOf('/', url.indexOf('//') + 2);
  return {
    rawHeaders: details.rawHeaders ?? headerLines(request.headers),
    method: request.method,
    url: pathStart === -1 ? '/' : url.slice(pathStart),
    body,
    contentType: body === undefined ? undefined : (request.headers.get('content-type') ?? undefined),
    origin: pathStart === -1 ? url : url.slice(0, pathStart),
    clientCertificate: details.clientCertificate,
  };
}
