import { AccessGuardError } from '@access-guard/core';
import {
  InsufficientScopeError,
  InvalidRequestError,
  InvalidTokenError,
  ServerError,
  type OAuthError,
} from '@modelcontextprotocol/sdk/server/auth/errors.js';

// RFC 6750 §3: the SDK writes the message into its challenge as it is, so only characters allowed
// in a quoted attribute value may reach it. access-guard's messages are fixed texts; this is a guard.
const FORBIDDEN = /[^\x20\x21\x23-\x5B\x5D-\x7E]/g;

/**
 * The MCP SDK's error for an access-guard error, so that its `requireBearerAuth` answers as
 * access-guard would: 401 `invalid_token`, 403 `insufficient_scope`, 400 `invalid_request`. An
 * unreachable issuer (503) or a configuration fault (500) becomes its `ServerError` (500: the SDK
 * has no 503). The classes are imported from the SDK build of the same module system as this
 * package's (ESM with ESM, CommonJS with CommonJS), which is the copy the app's `requireBearerAuth`
 * checks them against. The original error stays in `cause`; anything else is returned as it is.
 *
 * @example
 * ```ts
 * async verifyAccessToken(token) {
 *   try { return toAuthInfo(await authenticator.verifyToken(token), resource); }
 *   catch (error) { throw toSdkError(authenticator.answer(error)); }
 * }
 * ```
 */
export function toSdkError(error: unknown): unknown {
  if (!(error instanceof AccessGuardError)) return error;
  const message = error.description.replace(FORBIDDEN, '');
  let sdkError: OAuthError;
  if (error.status === 401) sdkError = new InvalidTokenError(message);
  else if (error.status === 403) sdkError = new InsufficientScopeError(message);
  else if (error.status === 400) sdkError = new InvalidRequestError(message);
  else sdkError = new ServerError(message);
  Object.defineProperty(sdkError, 'cause', { value: error, configurable: true, writable: true });
  return sdkError;
}
