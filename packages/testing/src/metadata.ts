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

/**
 * The issuer metadata (OpenID Connect Discovery 1.0 §3, RFC 8414 §2). Both documents carry the
 * same fields; `issuer` is exactly the issuer identifier, with no trailing slash. The
 * authorization and token endpoints are stubs: the local issuer runs no login flow.
 */
export function discoveryDocument(issuer: string, algorithms: readonly SigningAlgorithm[]): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
    userinfo_endpoint: `${issuer}/userinfo`,
    introspection_endpoint: `${issuer}/introspect`,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'client_credentials'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [...algorithms],
    token_endpoint_auth_methods_supported: ['client_secret_basic'],
    introspection_endpoint_auth_methods_supported: ['client_secret_basic'],
    scopes_supported: ['openid', 'profile', 'email'],
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'name', 'email'],
  };
}
