import { constants, verify, type KeyObject, type VerifyKeyObjectInput } from 'node:crypto';
import type { JwsAlgorithm } from './algorithms.js';

/** What `node:crypto.verify` needs for one JWS algorithm (RFC 7518 §3, RFC 8037 §3.1). */
interface VerifySettings {
  /** The digest; null for EdDSA, which hashes internally. */
  readonly digest: string | null;
  /** Padding or signature encoding, merged with the key at each verify. */
  readonly options: Omit<VerifyKeyObjectInput, 'key'>;
}

const NONE = {};
const PSS = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST };
// JWS ECDSA signatures are R || S of fixed length (RFC 7518 §3.4), not DER.
const P1363 = { dsaEncoding: 'ieee-p1363' } as const;

const SETTINGS: Readonly<Record<JwsAlgorithm, VerifySettings>> = {
  RS256: { digest: 'sha256', options: NONE },
  RS384: { digest: 'sha384', options: NONE },
  RS512: { digest: 'sha512', options: NONE },
  // RFC 7518 §3.5: the salt is as long as the digest; RSA_PSS_SALTLEN_DIGEST requires exactly that.
  PS256: { digest: 'sha256', options: PSS },
  PS384: { digest: 'sha384', options: PSS },
  PS512: { digest: 'sha512', options: PSS },
  ES256: { digest: 'sha256', options: P1363 },
  ES384: { digest: 'sha384', options: P1363 },
  ES512: { digest: 'sha512', options: P1363 },
  EdDSA: { digest: null, options: NONE },
  Ed25519: { digest: null, options: NONE },
};

/**
 * Checks a JWS signature with `node:crypto` (synchronous: no WebCrypto job per token). `key` comes
 * from the issuer's key set, which admits a key only for the algorithms of its type and curve. Any
 * failure, a malformed signature included, is false.
 */
export function verifyJwsSignature(
  alg: JwsAlgorithm,
  key: KeyObject,
  signingInput: string,
  signature: Buffer,
): boolean {
  const { digest, options } = SETTINGS[alg];
  try {
    return verify(digest, Buffer.from(signingInput, 'latin1'), { key, ...options }, signature);
  } catch {
    return false; // e.g. a key node:crypto will not use with this algorithm
  }
}
