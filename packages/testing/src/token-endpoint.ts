import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticateTokenClient } from './client-auth.js';
import type { DpopProofVerifier } from './dpop/verify-proof.js';
import { mediaType, readBody, sendJson } from './http-io.js';
import { checkClientCredentialsRequest, isTokenError, repeatedParameter } from './token-request.js';
import type { ClientGrant, TokenError } from './token-request.js';
import type { IssuerClient } from './types.js';

/** A token request is a handful of short parameters; anything larger is refused. */
const BODY_LIMIT_BYTES = 64 * 1024;

/** What the token endpoint answers for a granted request (RFC 6749 §5.1). */
export interface IssuedToken {
  readonly accessToken: string;
  readonly tokenType: 'Bearer' | 'DPoP';
  readonly expiresIn: number;
}

/** What the token endpoint needs from the running issuer. */
export interface TokenEndpointContext {
  readonly clients: readonly IssuerClient[];
  readonly dpop: DpopProofVerifier;
  /** Whether a request must name an audience; a provider profile may not (Cognito, Keycloak). */
  readonly audienceRequired: boolean;
  readonly issueClientToken: (grant: ClientGrant) => Promise<IssuedToken>;
}

// RFC 6749 §5.1 asks for both; Pragma only matters to HTTP/1.0 caches.
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

/** RFC 6749 §5.2: a JSON error; a failed client authentication carries a Basic challenge. */
function sendTokenError(res: ServerResponse, { status, error, description }: TokenError): void {
  const challenge: Record<string, string> =
    status === 401 ? { 'www-authenticate': 'Basic realm="local-issuer", charset="UTF-8"' } : {};
  sendJson(res, status, { error, error_description: description }, { ...NO_STORE, ...challenge });
}

/** Reads and checks the form body; returns its parameters or the error to answer. */
async function readForm(req: IncomingMessage): Promise<URLSearchParams | TokenError> {
  if (mediaType(req) !== 'application/x-www-form-urlencoded') {
    return { status: 400, error: 'invalid_request', description: 'the body must be application/x-www-form-urlencoded' };
  }
  const body = await readBody(req, BODY_LIMIT_BYTES);
  if (body === undefined) return { status: 400, error: 'invalid_request', description: 'the body is too large' };
  const params = new URLSearchParams(body);
  const repeated = repeatedParameter(params);
  if (repeated !== undefined) {
    return { status: 400, error: 'invalid_request', description: `the ${repeated} parameter is repeated` };
  }
  return params;
}

/**
 * The token endpoint (RFC 6749 §3.2) serving the client-credentials grant (§4.4): a `POST` form,
 * the client authenticated by `client_secret_basic` or `client_secret_post`, optional `scope`, the
 * audience from RFC 8707 `resource` (repeatable), `audience` or the client's default. Answers
 * `{ access_token, token_type, expires_in, scope }` with `Cache-Control: no-store`, or an
 * RFC 6749 §5.2 error. A request with a valid `DPoP` proof (RFC 9449 §4) gets a DPoP-bound
 * token (`token_type: 'DPoP'`); an invalid proof is refused with `invalid_dpop_proof`.
 */
export async function handleTokenRequest(
  req: IncomingMessage,
  res: ServerResponse,
  context: TokenEndpointContext,
): Promise<void> {
  const params = await readForm(req);
  if (!(params instanceof URLSearchParams)) {
    sendTokenError(res, params);
    return;
  }
  const auth = authenticateTokenClient(req.headers.authorization, params, context.clients);
  if ('error' in auth) {
    sendTokenError(res, { status: auth.error === 'invalid_client' ? 401 : 400, ...auth });
    return;
  }
  const grant = checkClientCredentialsRequest(params, auth.client, context.audienceRequired);
  if (isTokenError(grant)) {
    sendTokenError(res, grant);
    return;
  }
  // RFC 9449 §5: a valid proof binds the token to its key; an invalid one refuses the request.
  const proof = await context.dpop.verify(req.headersDistinct.dpop);
  if (proof !== undefined && 'error' in proof) {
    sendTokenError(res, { status: 400, error: 'invalid_dpop_proof', description: proof.error });
    return;
  }
  const issued = await context.issueClientToken(proof === undefined ? grant : { ...grant, dpopJkt: proof.jkt });
  const answer: Record<string, unknown> = {
    access_token: issued.accessToken,
    token_type: issued.tokenType,
    expires_in: issued.expiresIn,
  };
  if (grant.scope !== undefined) answer.scope = grant.scope;
  sendJson(res, 200, answer, NO_STORE);
}
