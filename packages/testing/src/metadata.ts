import { DPOP_ALGORITHMS } from './dpop/verify-proof.js';
import type { SigningAlgorithm } from './types.js';

/** Path of the OpenID Connect Discovery 1.0 §4 document. */
export const OPENID_CONFIGURATION_PATH = '/.well-known/openid-configuration';

/** Path of the RFC 8414 §3 authorization server metadata document. */
export const OAUTH_METADATA_PATH = '/.well-known/oauth-authorization-server';

/** The well-known paths served for a `discovery` option. */
export function discoveryPaths(discovery: 'openid' | 'oauth' | 'both'): readonly string[] {
  switch (discovery) {
    case 'openid':
      return [OPENID_CONFIGURATION_PATH];
    case 'oauth':
      return [OAUTH_METADATA_PATH];
    case 'both':
      return [OPENID_CONFIGURATION_PATH, OAUTH_METADATA_PATH];
  }
}

/** The endpoints a metadata document lists. */
export interface MetadataEndpoints {
  readonly issuer: string;
  readonly jwksUri: string;
  readonly tokenEndpoint: string;
  readonly userinfoEndpoint: string;
  /** Left out for a provider that has no introspection endpoint. */
  readonly introspectionEndpoint?: string;
}

/**
 * The metadata fields that describe what this issuer serves, for every profile: the endpoints,
 * the client-credentials grant with its client authentication methods, the DPoP proof
 * algorithms, and the key algorithms. A profile adds its provider's vocabulary around them.
 */
export function servedMetadata(
  endpoints: MetadataEndpoints,
  algorithms: readonly SigningAlgorithm[],
): Record<string, unknown> {
  const introspection =
    endpoints.introspectionEndpoint === undefined
      ? {}
      : {
          introspection_endpoint: endpoints.introspectionEndpoint,
          introspection_endpoint_auth_methods_supported: ['client_secret_basic'],
        };
  return {
    issuer: endpoints.issuer,
    token_endpoint: endpoints.tokenEndpoint,
    jwks_uri: endpoints.jwksUri,
    userinfo_endpoint: endpoints.userinfoEndpoint,
    ...introspection,
    grant_types_supported: ['client_credentials'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    dpop_signing_alg_values_supported: [...DPOP_ALGORITHMS],
    response_types_supported: [],
    id_token_signing_alg_values_supported: [...algorithms],
  };
}

/**
 * The issuer metadata (OpenID Connect Discovery 1.0 §3, RFC 8414 §2). Both documents carry the
 * same fields; `issuer` is exactly the issuer identifier, with no trailing slash.
 *
 * It advertises only what the issuer serves. The token endpoint serves the client-credentials
 * grant alone, so there is no `authorization_endpoint`: RFC 8414 §2 lets it be omitted when no
 * grant type uses it, while OpenID Connect Discovery §3 marks it REQUIRED. The choice here is
 * RFC 8414's, since advertising an endpoint that answers 404 misleads clients more than a missing
 * field. The other fields that either document marks REQUIRED stay: `response_types_supported`
 * is the empty list (no response type is served), `subject_types_supported` describes `sub`, and
 * `id_token_signing_alg_values_supported` lists the algorithms of the issuer's keys. No
 * `scopes_supported` (RECOMMENDED): the token endpoint grants any scope a client may have.
 * `dpop_signing_alg_values_supported` (RFC 9449 §5.1) lists the proof algorithms it accepts.
 */
export function discoveryDocument(issuer: string, algorithms: readonly SigningAlgorithm[]): Record<string, unknown> {
  const endpoints = {
    issuer,
    jwksUri: `${issuer}/jwks`,
    tokenEndpoint: `${issuer}/token`,
    userinfoEndpoint: `${issuer}/userinfo`,
    introspectionEndpoint: `${issuer}/introspect`,
  };
  return {
    ...servedMetadata(endpoints, algorithms),
    subject_types_supported: ['public'],
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'name', 'email'],
  };
}
