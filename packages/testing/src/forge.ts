import { encodeSegment, signJws } from './jws-sign.js';
import type { KeyStore } from './key-store.js';
import { SIGNING_ALGORITHMS } from './options.js';
import type { ForgeParts, SigningAlgorithm } from './types.js';

function isSigningAlgorithm(value: unknown): value is SigningAlgorithm {
  return SIGNING_ALGORITHMS.some((alg) => alg === value);
}

/** The key for a 'valid' signature: `parts.alg`, else the header object's alg, else the default. */
function signingAlgorithm(keys: KeyStore, parts: ForgeParts): SigningAlgorithm {
  if (parts.alg !== undefined) {
    if (!isSigningAlgorithm(parts.alg)) {
      throw new TypeError(`forge() alg must be one of ${SIGNING_ALGORITHMS.join(', ')} to sign`);
    }
    return parts.alg;
  }
  const headerAlg = typeof parts.header === 'string' ? undefined : parts.header.alg;
  return isSigningAlgorithm(headerAlg) ? headerAlg : keys.defaultAlgorithm;
}

/**
 * Builds a compact JWS from raw parts for hostile tests (RFC 7515 §7.1): header and payload are
 * encoded as given, and the signature is real, empty or any text.
 */
export async function forgeToken(keys: KeyStore, parts: ForgeParts): Promise<string> {
  const signingInput = `${encodeSegment(parts.header)}.${encodeSegment(parts.payload)}`;
  const signature = parts.signature ?? 'valid';
  if (signature === 'none') return `${signingInput}.`;
  if (signature !== 'valid') return `${signingInput}.${signature}`;
  const alg = signingAlgorithm(keys, parts);
  return `${signingInput}.${await signJws(alg, keys.signingKey(alg).privateKey, signingInput)}`;
}
