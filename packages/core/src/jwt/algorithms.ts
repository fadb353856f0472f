/** The asymmetric JWS algorithms access-guard can verify (RFC 7518, RFC 8037). */
export const SUPPORTED_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;

/** An asymmetric JWS algorithm name. */
export type JwsAlgorithm = (typeof SUPPORTED_ALGORITHMS)[number];

/** The default allowlist: the asymmetric algorithms issuers use in practice. */
export const DEFAULT_ALGORITHMS: readonly JwsAlgorithm[] = Object.freeze(['RS256', 'PS256', 'ES256', 'EdDSA']);

export function isSupportedAlgorithm(value: unknown): value is JwsAlgorithm {
  return typeof value === 'string' && (SUPPORTED_ALGORITHMS as readonly string[]).includes(value);
}
