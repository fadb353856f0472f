import { InvalidRequestError, InvalidTokenError, MissingTokenError } from '../errors.js';

/** What the token extractor needs from a request; adapters fill it from Express or Koa. */
export interface TokenRequest {
  /** Node's `rawHeaders` (`[name, value, name, value, …]`): it keeps repeated `Authorization` headers. */
  readonly rawHeaders: readonly string[];
  readonly method: string;
  /** The request target, path and query (`req.originalUrl` / `ctx.originalUrl`). */
  readonly url: string;
  /** The parsed body, when a body parser ran before the middleware. */
  readonly body?: unknown;
  /** The request's `Content-Type` header. */
  readonly contentType?: string | undefined;
  /**
   * The origin the client addressed (`https://api.example:8443`), as the framework establishes it:
   * behind a proxy only from forwarding headers the app trusts. DPoP proofs are checked against it
   * (RFC 9449 §4.3 `htu`).
   */
  readonly origin?: string | undefined;
  /** The DER bytes of the client's TLS certificate, when the connection has one (RFC 8705). */
  readonly clientCertificate?: (() => Uint8Array | undefined) | undefined;
}

/** Where a bearer token was found (RFC 6750 §2.1–2.3). */
export type TokenSource = 'header' | 'query' | 'body';

/** Which token locations are enabled, and the limits that apply before any parsing. */
export interface ExtractOptions {
  readonly allowQueryToken: boolean;
  readonly allowBodyToken: boolean;
  readonly maxTokenLength: number;
}

/** A bearer token and where it came from. */
export interface ExtractedToken {
  readonly token: string;
  readonly source: TokenSource;
}

// RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token; the scheme is case-insensitive (RFC 9110 §11.1).
const BEARER_SCHEME = /^bearer(?: +|$)/i;
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
const FORM_CONTENT_TYPE = /^application\/x-www-form-urlencoded(?:\s*;|$)/i;

// Shared empty answers: the common request (header only, GET) allocates nothing here.
const NONE: readonly unknown[] = Object.freeze([]);
const ABSENT = -1;
const REPEATED = -2;

/** The index in `rawHeaders` of the only `Authorization` value; ABSENT, or REPEATED when sent twice. */
function authorizationIndex(rawHeaders: readonly string[]): number {
  let found = ABSENT;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i];
    if (name !== undefined && name.length === 13 && name.toLowerCase() === 'authorization') {
      if (found !== ABSENT) return REPEATED;
      found = i + 1;
    }
  }
  return found;
}

function queryTokens(url: string): readonly unknown[] {
  // Cheap pre-check: most requests have no access_token parameter at all.
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return NONE;
  const query = url.slice(queryStart + 1);
  // Cheap pre-check for the common case; a '%' may hide the name (access%5Ftoken), so it forces a parse.
  if (!query.includes('access_token') && !query.includes('%')) return NONE;
  return new URLSearchParams(query).getAll('access_token');
}

function bodyTokens(request: TokenRequest): readonly unknown[] {
  const { body, contentType } = request;
  if (body === null || typeof body !== 'object' || contentType === undefined || !FORM_CONTENT_TYPE.test(contentType)) {
    return NONE;
  }
  if (!Object.prototype.hasOwnProperty.call(body, 'access_token')) return NONE;
  const value = (body as Record<string, unknown>)['access_token'];
  // An array means the parameter was repeated (or sent as access_token[]): never a single token.
  return Array.isArray(value) ? [value, value] : [value];
}

/**
 * Whether a request target carries an `access_token` query parameter: its answer must then not be
 * stored by shared caches (RFC 6750 §2.3), whether the token is accepted there or not.
 * @example
 * ```ts
 * carriesQueryToken('/accounts?access_token=abc'); // true
 * ```
 */
export function carriesQueryToken(url: string): boolean {
  return queryTokens(url).length > 0;
}

/** Where the token of a request is, before its syntax is checked (`candidate` may be any value). */
export interface LocatedToken {
  readonly candidate: unknown;
  readonly source: TokenSource;
}

/**
 * The placement rules of {@link extractToken} without the syntax check: which credentials a request
 * carries and where. Split out so a token already known (by its hash) skips the b64token scan.
 */
export function locateToken(request: TokenRequest, options: ExtractOptions): LocatedToken {
  const index = authorizationIndex(request.rawHeaders);
  if (index === REPEATED) throw new InvalidRequestError('The request has more than one Authorization header');
  const header = index === ABSENT ? undefined : (request.rawHeaders[index] ?? '');
  const bearer = header !== undefined && BEARER_SCHEME.test(header) ? header : undefined;
  // A Fetch API `Headers` object joins repeated headers with ", ", which no b64token contains: a
  // Bearer value holding it is two headers, on every runtime alike.
  if (bearer?.includes(', ')) throw new InvalidRequestError('The request has more than one Authorization header');
  const inQuery = queryTokens(request.url);
  // RFC 6750 §2.2: a form-body token only with a method that has body semantics (not GET, not HEAD).
  const inBody = request.method === 'GET' || request.method === 'HEAD' ? NONE : bodyTokens(request);
  if (inQuery.length > 1 || inBody.length > 1) {
    throw new InvalidRequestError('The request repeats the access_token parameter');
  }
  const places = (bearer === undefined ? 0 : 1) + inQuery.length + inBody.length;
  if (places > 1) {
    throw new InvalidRequestError('The request uses more than one method to send the access token');
  }
  if (bearer !== undefined) return { candidate: bearer.slice(schemeLength(bearer)), source: 'header' };
  if (inQuery.length === 1 && options.allowQueryToken) return { candidate: inQuery[0], source: 'query' };
  if (inBody.length === 1 && options.allowBodyToken) return { candidate: inBody[0], source: 'body' };
  // No credentials in an accepted place (another scheme such as Basic, or a disabled location).
  throw new MissingTokenError();
}

/** Length of `Bearer` plus the spaces after it, in a header that matched BEARER_SCHEME. */
function schemeLength(header: string): number {
  let end = 'bearer'.length;
  while (header.charCodeAt(end) === 0x20) end += 1;
  return end;
}

/**
 * Finds the bearer token in a request, per RFC 6750 §2: the `Authorization` header always, the query
 * and the form body only when enabled. A token sent in more than one way, even a way that is not
 * enabled, is a malformed request (§3.1 `invalid_request`); a token that is not a `b64token` or is
 * longer than `maxTokenLength` is `invalid_token` before any parsing.
 *
 * @throws {@link MissingTokenError} no bearer credentials (401 without `error`, §3.1)
 * @throws {@link InvalidRequestError} credentials sent more than once or in more than one place (400)
 * @throws {@link InvalidTokenError} the credentials are not a well-formed token (401)
 * @example
 * ```ts
 * const { token } = extractToken({ rawHeaders: req.rawHeaders, method: req.method, url: req.url }, options);
 * ```
 */
export function extractToken(request: TokenRequest, options: ExtractOptions): ExtractedToken {
  const { candidate, source } = locateToken(request, options);
  return { token: checkTokenSyntax(candidate, options), source };
}

/**
 * Checks a token before anything parses it or sends it anywhere: a non-empty string of at most
 * `maxTokenLength` characters that matches RFC 6750's `b64token`. Throws 401 `invalid_token`.
 */
export function checkTokenSyntax(candidate: unknown, options: Pick<ExtractOptions, 'maxTokenLength'>): string {
  if (typeof candidate !== 'string' || candidate.length === 0) {
    throw new InvalidTokenError('The access token is missing or malformed');
  }
  if (candidate.length > options.maxTokenLength) {
    throw new InvalidTokenError('The access token is too long', {
      reason: 'too_long',
      detail: { expected: `at most ${options.maxTokenLength} characters`, actual: `${candidate.length} characters` },
    });
  }
  if (!B64TOKEN.test(candidate)) {
    throw new InvalidTokenError('The access token is malformed', {
      detail: { expected: 'an RFC 6750 b64token (letters, digits, - . _ ~ + / and trailing =)' },
    });
  }
  return candidate;
}
