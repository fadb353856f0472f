/**
 * What marks a signed token as an ID token rather than an access token, when it shows: Cognito's
 * `token_use` other than `access`, Keycloak's `typ` claim `ID`, or the members only ID tokens
 * carry (`nonce`, `at_hash`, `c_hash`; OIDC Core §2, §3.1.3.6, §3.3.2.11). Undefined when nothing does.
 */
export function idTokenMarker(claims: Record<string, unknown>): string | undefined {
  const use = claims['token_use'];
  if (use !== undefined && use !== 'access') return `token_use ${JSON.stringify(use)}`;
  if (typeof claims['typ'] === 'string' && claims['typ'].toUpperCase() === 'ID') return 'typ claim "ID"';
  return ['nonce', 'at_hash', 'c_hash'].find((name) => claims[name] !== undefined);
}

/**
 * The client a token was issued to: `client_id` (RFC 9068 §2.2), else `azp` (OIDC Core §2), for an
 * API that binds tokens by client instead of audience.
 */
export function clientOf(claims: Record<string, unknown>): unknown {
  return claims['client_id'] ?? claims['azp'];
}
