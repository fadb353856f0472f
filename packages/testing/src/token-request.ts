import type { IssuerClient } from './types.js';

/** An RFC 6749 §5.2 error (or RFC 8707 `invalid_target`) with its HTTP status. */
export interface TokenError {
  readonly status: 400 | 401;
  readonly error: string;
  readonly description: string;
}

/** What a valid client-credentials request asks for, once checked against the client. */
export interface ClientGrant {
  readonly client: IssuerClient;
  /** Space-delimited granted scopes, or `undefined` for none. */
  readonly scope: string | undefined;
  /** The audience; `undefined` only where the profile does not require one. */
  readonly audience: string | string[] | undefined;
  /** Entra: the tenant named in the token endpoint's path. */
  readonly tenant?: string;
  /** The thumbprint of a valid DPoP proof's key: the token is bound to it (RFC 9449 §5). */
  readonly dpopJkt?: string;
}

// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ).
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

function fail(error: string, description: string, status: 400 | 401 = 400): TokenError {
  return { status, error, description };
}

/**
 * A parameter sent more than once, other than `resource` (RFC 6749 §3.2: parameters must not be
 * repeated; RFC 8707 §2: `resource` may be).
 */
export function repeatedParameter(params: URLSearchParams): string | undefined {
  const names = new Set(params.keys());
  return [...names].find((name) => name !== 'resource' && params.getAll(name).length > 1);
}

/** RFC 6749 §3.3: the requested scopes, checked against what the client may be granted. */
function grantedScope(params: URLSearchParams, client: IssuerClient): string | TokenError | undefined {
  const requested = params.get('scope') ?? '';
  if (requested === '') return client.scopes === undefined ? undefined : client.scopes.join(' ') || undefined;
  const scopes = [...new Set(requested.split(' ').filter((scope) => scope !== ''))];
  if (scopes.length === 0 || !scopes.every((scope) => SCOPE_TOKEN.test(scope))) {
    return fail('invalid_scope', 'scope must be space-delimited scope tokens');
  }
  const refused = client.scopes === undefined ? [] : scopes.filter((scope) => !client.scopes?.includes(scope));
  if (refused.length > 0) return fail('invalid_scope', 'the client may not be granted a requested scope');
  return scopes.join(' ');
}

/** RFC 8707 §2: a resource is an absolute URI without a fragment. */
function isResourceUri(value: string): boolean {
  if (!URL.canParse(value)) return false;
  return !value.includes('#');
}

/**
 * The audience: the RFC 8707 `resource` parameters (several make an array), else the `audience`
 * parameter, else the client's default audience, else none where the profile allows it.
 */
function requestedAudience(
  params: URLSearchParams,
  client: IssuerClient,
  required: boolean,
): string | string[] | TokenError | undefined {
  const resources = params.getAll('resource').filter((value) => value !== '');
  const audience = params.get('audience') ?? '';
  if (resources.length > 0 && audience !== '') {
    return fail('invalid_request', 'send resource or audience, not both');
  }
  if (resources.length > 0) {
    if (!resources.every(isResourceUri)) {
      return fail('invalid_target', 'each resource must be an absolute URI without a fragment');
    }
    const unique = [...new Set(resources)];
    return unique.length === 1 ? (unique[0] as string) : unique;
  }
  if (audience !== '') return audience;
  if (client.audience !== undefined) return Array.isArray(client.audience) ? [...client.audience] : client.audience;
  if (!required) return undefined;
  return fail('invalid_target', 'name the audience with resource or audience, or give the client a default audience');
}

/**
 * Checks a client-credentials request (RFC 6749 §4.4.2) from an authenticated client: the grant
 * type, the scope and the audience. Returns the grant, or the error to answer.
 */
export function checkClientCredentialsRequest(
  params: URLSearchParams,
  client: IssuerClient,
  audienceRequired = true,
): ClientGrant | TokenError {
  const grantType = params.get('grant_type') ?? '';
  if (grantType === '') return fail('invalid_request', 'grant_type is required');
  if (grantType !== 'client_credentials') {
    return fail('unsupported_grant_type', 'this issuer serves only the client_credentials grant');
  }
  const scope = grantedScope(params, client);
  if (typeof scope === 'object') return scope;
  const audience = requestedAudience(params, client, audienceRequired);
  if (typeof audience === 'object' && !Array.isArray(audience)) return audience;
  return { client, scope, audience };
}

/** Type guard: the result of {@link checkClientCredentialsRequest} is an error. */
export function isTokenError(value: ClientGrant | TokenError): value is TokenError {
  return 'error' in value;
}
