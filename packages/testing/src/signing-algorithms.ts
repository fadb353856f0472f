/**
 * A JWS algorithm the local issuer signs with; it holds one key pair per algorithm.
 *
 * @example
 * ```ts
 * const algorithms: SigningAlgorithm[] = ['RS256', 'ES256'];
 * const issuer = await startLocalIssuer({ algorithms });
 * ```
 */
export type SigningAlgorithm = 'RS256' | 'PS256' | 'ES256' | 'EdDSA';

/** Every algorithm the issuer supports, in the order keys are generated and listed. */
export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = ['RS256', 'PS256', 'ES256', 'EdDSA'];
