import type { AccessGuardError } from '../errors.js';
import {
  InsufficientScopeError,
  InsufficientUserAuthenticationError,
  InvalidDpopProofError,
  InvalidRequestError,
  InvalidTokenError,
  MissingTokenError,
  UseDpopNonceError,
} from '../errors.js';
import type { Presentation } from './challenge.js';

/** An access-guard error as a complete HTTP answer, for adapters that respond without an error handler. */
export interface ErrorResponse {
  readonly status: number;
  /** The error's own headers (`WWW-Authenticate` or `Retry-After`) plus `Content-Type` and `Content-Length`. */
  readonly headers: Readonly<Record<string, string>>;
  /** The RFC 6750 JSON body: `{ "error": …, "error_description": … }`. */
  readonly body: string;
}

// Classes whose answer is a function of presentation, code, message and required scope alone. A subclass an
// application defines may add headers of its own, so it is rendered afresh every time.
const MEMOIZABLE: ReadonlySet<unknown> = new Set([
  MissingTokenError,
  InvalidRequestError,
  InvalidTokenError,
  InsufficientScopeError,
  InsufficientUserAuthenticationError,
  InvalidDpopProofError,
  UseDpopNonceError,
]);
// Messages and scopes come from the code and the configuration, never from the request, so the
// distinct answers per presentation (one per requireAuth) are few; the bound only guards against an
// unusual configuration.
const MAX_MEMOIZED = 512;
const memoized = new WeakMap<Presentation, Map<string, ErrorResponse>>();

function render(error: AccessGuardError): ErrorResponse {
  const body = JSON.stringify(error.toJSON());
  const headers = {
    ...error.headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
  };
  return Object.freeze({ status: error.status, headers: Object.freeze(headers), body });
}

/**
 * The HTTP answer for an access-guard error: status, headers (with the RFC 6750 challenge) and JSON
 * body. A rejection is the common case under attack or misuse, so answers of the built-in 4xx errors
 * are rendered once and reused: a refused request costs no serialization.
 *
 * @example
 * ```ts
 * const { status, headers, body } = errorResponse(new MissingTokenError());
 * res.writeHead(status, headers).end(body); // 401, WWW-Authenticate: Bearer realm="api"
 * ```
 */
export function errorResponse(error: AccessGuardError): ErrorResponse {
  // A nonce changes with time: such answers are rendered afresh.
  if (!MEMOIZABLE.has(error.constructor) || error.dpopNonce !== undefined) return render(error);
  const scope =
    error instanceof InsufficientScopeError
      ? [error.requiredScope ?? null, error.presentation.scopeUnion === true ? (error.grantedScopes ?? null) : null]
      : undefined;
  const stepUp =
    error instanceof InsufficientUserAuthenticationError ? [error.acrValues ?? null, error.maxAge ?? null] : null;
  // JSON keeps the parts apart whatever they contain, and tells an absent scope from an empty one.
  const key = JSON.stringify([error.code, scope ?? null, error.message, stepUp, error.scheme]);
  let answers = memoized.get(error.presentation);
  if (answers === undefined) {
    answers = new Map();
    memoized.set(error.presentation, answers);
  }
  let response = answers.get(key);
  if (response === undefined) {
    response = render(error);
    if (answers.size < MAX_MEMOIZED) answers.set(key, response);
  }
  return response;
}
