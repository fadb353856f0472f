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
  return {
    issuer,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
    userinfo_endpoint: `${issuer}/userinfo`,
    introspection_endpoint: `${issuer}/introspect`,
    grant_types_supported: ['client_credentials'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    introspection_endpoint_auth_methods_supported: ['client_secret_basic'],
    dpop_signing_alg_values_supported: [...DPOP_ALGORITHMS],
    response_types_supported: [],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [...algorithms],
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'name', 'email'],
  };
}
