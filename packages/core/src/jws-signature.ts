import { constants, KeyObject, verify, type VerifyKeyObjectInput } from 'node:crypto';
import type { CryptoKey } from 'jose';
import type { JwsAlgorithm } from './algorithms.js';

/** What `node:crypto.verify` needs for one JWS algorithm (RFC 7518 §3, RFC 8037 §3.1). */
interface VerifySettings {
  /** The digest; null for EdDSA, which hashes internally. */
  readonly digest: string | null;
  readonly padding?: number;
  readonly saltLength?: number;
  readonly dsaEncoding?: 'ieee-p1363';
}

const PSS = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST };
// JWS ECDSA signatures are R || S of fixed length (RFC 7518 §3.4), not DER.
const P1363 = { dsaEncoding: 'ieee-p1363' } as const;

const SETTINGS: Readonly<Record<JwsAlgorithm, VerifySettings>> = {
  RS256: { digest: 'sha256' },
  RS384: { digest: 'sha384' },
  RS512: { digest: 'sha512' },
  // RFC 7518 §3.5: the salt is as long as the digest; RSA_PSS_SALTLEN_DIGEST requires exactly that.
  PS256: { digest: 'sha256', ...PSS },
  PS384: { digest: 'sha384', ...PSS },
  PS512: { digest: 'sha512', ...PSS },
  ES256: { digest: 'sha256', ...P1363 },
  ES384: { digest: 'sha384', ...P1363 },
  ES512: { digest: 'sha512', ...P1363 },
  EdDSA: { digest: null },
  Ed25519: { digest: null },
};

// jose imports each JWK once (a CryptoKey); its KeyObject twin is made once too, and lives as long.
const keyObjects = new WeakMap<object, KeyObject>();

function keyObjectOf(key: CryptoKey | KeyObject): KeyObject {
  if (key instanceof KeyObject) return key;
  let keyObject = keyObjects.get(key);
  if (keyObject === undefined) {
    keyObject = KeyObject.from(key);
    keyObjects.set(key, keyObject);
  }
  return keyObject;
}

/**
 * Checks a JWS signature with `node:crypto` (synchronous, no WebCrypto job per token: about twice
 * as fast per core). `key` comes from the issuer's JWKS, imported by jose for exactly `alg`, so its
 * type and curve already match the algorithm. Any failure, including a malformed signature, is false.
 */
export function verifyJwsSignature(
  alg: JwsAlgorithm,
  key: CryptoKey | KeyObject,
  signingInput: string,
  signature: Buffer,
): boolean {
  const { digest, ...options } = SETTINGS[alg];
  const input: VerifyKeyObjectInput = { key: keyObjectOf(key), ...options };
  try {
    return verify(digest, Buffer.from(signingInput, 'latin1'), input, signature);
  } catch {
    return false; // e.g. an ECDSA signature of the wrong length
  }
}
