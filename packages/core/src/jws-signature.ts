import { constants, KeyObject, verify, type VerifyKeyObjectInput } from 'node:crypto';
import type { CryptoKey } from 'jose';
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

// RFC 7518 §3.3 and §3.5: RSA keys of 2048 bits or more (jose's jwtVerify enforced the same).
const MIN_RSA_BITS = 2048;

/** A key ready for node:crypto, and whether it is strong enough to trust. */
interface UsableKey {
  readonly keyObject: KeyObject;
  readonly strongEnough: boolean;
  /** The verify input per algorithm (jose imports a key for one `alg`), built at its first verify. */
  readonly inputs: Partial<Record<JwsAlgorithm, VerifyKeyObjectInput>>;
}

// jose imports each JWK once (a CryptoKey); its KeyObject twin is made once too, and lives as long.
const usableKeys = new WeakMap<object, UsableKey>();

function usableKeyOf(key: CryptoKey | KeyObject): UsableKey {
  let usable = usableKeys.get(key);
  if (usable === undefined) {
    const keyObject = key instanceof KeyObject ? key : KeyObject.from(key);
    const bits = keyObject.asymmetricKeyDetails?.modulusLength;
    const isRsa = keyObject.asymmetricKeyType === 'rsa' || keyObject.asymmetricKeyType === 'rsa-pss';
    usable = { keyObject, strongEnough: !isRsa || (bits !== undefined && bits >= MIN_RSA_BITS), inputs: {} };
    usableKeys.set(key, usable);
  }
  return usable;
}

/**
 * Checks a JWS signature with `node:crypto` (synchronous, no WebCrypto job per token: about twice
 * as fast per core). `key` comes from the issuer's JWKS, imported by jose for exactly `alg`, so its
 * type and curve already match the algorithm. Any failure, including a malformed signature or an RSA
 * key under 2048 bits, is false.
 */
export function verifyJwsSignature(
  alg: JwsAlgorithm,
  key: CryptoKey | KeyObject,
  signingInput: string,
  signature: Buffer,
): boolean {
  const { digest, options } = SETTINGS[alg];
  try {
    const { keyObject, strongEnough, inputs } = usableKeyOf(key);
    // A short RSA key is refused outright: a signature made with it proves little.
    if (!strongEnough) return false;
    const input = (inputs[alg] ??= { key: keyObject, ...options });
    return verify(digest, Buffer.from(signingInput, 'latin1'), input, signature);
  } catch {
    return false; // e.g. a key node:crypto will not use with this algorithm
  }
}
