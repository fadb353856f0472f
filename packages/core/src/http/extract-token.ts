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
   * (RFC 9449 §4.3 `htu`). A function is called only when a proof is checked, so requests without
   * DPoP do not pay for reading forwarding headers.
   */
  readonly origin?: string | (() => string | undefined) | undefined;
  /** The DER bytes of the client's TLS certificate, when the connection has one (RFC 8705). */
  readonly clientCertificate?: (() => Uint8Array | undefined) | undefined;
}

/** Where a token was found: RFC 6750 §2.1–2.3, or a cookie or another header the API names. */
export type TokenSource = 'header' | 'query' | 'body' | 'cookie';

/** Which token locations are enabled, and the limits that apply before any parsing. */
export interface ExtractOptions {
  readonly allowQueryToken: boolean;
  readonly allowBodyToken: boolean;
  readonly maxTokenLength: number;
  /** Whether the `DPoP` scheme is accepted (RFC 9449 §7.1); default false. */
  readonly dpop?: boolean | undefined;
  /** A cookie that may hold the token (for a browser front-end of the same site). */
  readonly tokenCookie?: string | undefined;
  /** Another header that may hold the token as it is (no scheme). */
  readonly tokenHeader?: string | undefined;
}

/** A token, where it came from, and how it was presented. */
export interface ExtractedToken {
  readonly token: string;
  readonly source: TokenSource;
  /** `DPoP` for `Authorization: DPoP …` (RFC 9449), else `Bearer`. */
  readonly scheme: 'Bearer' | 'DPoP';
  /** The request's one `DPoP` proof, when the scheme is DPoP and it sent one. */
  readonly proof: string | undefined;
}

// RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token; the scheme is case-insensitive (RFC 9110 §11.1).
const BEARER_SCHEME = /^bearer(?: +|$)/i;
// RFC 9449 §7.1: the same form with the DPoP scheme.
const DPOP_SCHEME = /^dpop(?: +|$)/i;
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
const FORM_CONTENT_TYPE = /^application\/x-www-form-urlencoded(?:\s*;|$)/i;

// Shared empty answers: the common request (header only, GET) allocates nothing here.
const NONE: readonly unknown[] = Object.freeze([]);
const ABSENT = -1;
const REPEATED = -2;

/** The values of every header called `name` (lower case), in order. */
function headerValues(rawHeaders: readonly string[], name: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const current = rawHeaders[i];
    if (current !== undefined && current.length === name.length && current.toLowerCase() === name) {
      values.push(rawHeaders[i + 1] ?? '');
    }
  }
  return values;
}

/** The values of cookie `name` in the request's Cookie headers (RFC 6265 §5.4: `name=value; …`). */
function cookieValues(rawHeaders: readonly string[], name: string): string[] {
  const values: string[] = [];
  for (const header of headerValues(rawHeaders, 'cookie')) {
    for (const pair of header.split(';')) {
      const at = pair.indexOf('=');
      if (at !== -1 && pair.slice(0, at).trim() === name) values.push(pair.slice(at + 1).trim());
    }
  }
  return values;
}

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
  readonly scheme: 'Bearer' | 'DPoP';
  readonly proof: string | undefined;
}

/**
 * The placement rules of {@link extractToken} without the syntax check: which credentials a request
 * carries and where. Credentials in more than one place, or repeated, are a malformed request.
 */
export function locateToken(request: TokenRequest, options: ExtractOptions): LocatedToken {
  const { rawHeaders } = request;
  const index = authorizationIndex(rawHeaders);
  if (index === REPEATED) throw new InvalidRequestError('The request has more than one Authorization header');
  const header = index === ABSENT ? undefined : (rawHeaders[index] ?? '');
  const dpop = options.dpop === true && header !== undefined && DPOP_SCHEME.test(header);
  const credentials = dpop || (header !== undefined && BEARER_SCHEME.test(header)) ? header : undefined;
  // A Fetch API `Headers` object joins repeated headers with ", ", which no b64token contains: a
  // value holding it is two headers, on every runtime alike.
  if (credentials?.includes(', ')) throw new InvalidRequestError('The request has more than one Authorization header');
  const proofs = options.dpop === true ? headerValues(rawHeaders, 'dpop') : [];
  if (proofs.length > 1 || proofs[0]?.includes(',') === true) {
    throw new InvalidRequestError('The request has more than one DPoP proof');
  }
  // RFC 9449 §7.2: a proof belongs with the DPoP scheme; with any other it is a confused request.
  if (proofs.length === 1 && !dpop) {
    throw new InvalidRequestError('The request sends a DPoP proof without the DPoP authorization scheme');
  }
  const inQuery = queryTokens(request.url);
  // RFC 6750 §2.2: a form-body token only with a method that has body semantics (not GET, not HEAD).
  const inBody = request.method === 'GET' || request.method === 'HEAD' ? NONE : bodyTokens(request);
  const inCookie = options.tokenCookie === undefined ? NONE : cookieValues(rawHeaders, options.tokenCookie);
  const inHeader =
    options.tokenHeader === undefined ? NONE : headerValues(rawHeaders, options.tokenHeader.toLowerCase());
  if (inQuery.length > 1 || inBody.length > 1) {
    throw new InvalidRequestError('The request repeats the access_token parameter');
  }
  if (inCookie.length > 1 || inHeader.length > 1) {
    throw new InvalidRequestError('The request repeats the token cookie or header');
  }
  const places =
    (credentials === undefined ? 0 : 1) + inQuery.length + inBody.length + inCookie.length + inHeader.length;
  if (places > 1) {
    throw new InvalidRequestError('The request uses more than one method to send the access token');
  }
  const scheme = dpop ? 'DPoP' : 'Bearer';
  const proof = proofs[0];
  if (credentials !== undefined)
    return { candidate: credentials.slice(schemeLength(credentials)), source: 'header', scheme, proof };
  if (inQuery.length === 1 && options.allowQueryToken) return { candidate: inQuery[0], source: 'query', scheme, proof };
  if (inBody.length === 1 && options.allowBodyToken) return { candidate: inBody[0], source: 'body', scheme, proof };
  if (inCookie.length === 1) return { candidate: inCookie[0], source: 'cookie', scheme, proof };
  if (inHeader.length === 1) return { candidate: inHeader[0], source: 'header', scheme, proof };
  // No credentials in an accepted place (another scheme such as Basic, or a disabled location).
  throw new MissingTokenError();
}

/** Length of the scheme (`Bearer` or `DPoP`) plus the spaces after it. */
function schemeLength(header: string): number {
  let end = header.indexOf(' ');
  if (end === -1) return header.length;
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
  const { candidate, source, scheme, proof } = locateToken(request, options);
  return { token: checkTokenSyntax(candidate, options), source, scheme, proof };
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
