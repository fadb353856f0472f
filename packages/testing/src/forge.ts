import { webcrypto } from 'node:crypto';
import { base64url } from 'jose';
import type { KeyStore } from './key-store.js';
import { SIGNING_ALGORITHMS } from './options.js';
import type { ForgeParts, SigningAlgorithm } from './types.js';

// jose signs only headers it has serialized itself; a forged header is arbitrary text (duplicate
// keys, bad JSON), so the signing input is signed directly with Web Crypto, as jose would.
type SignParams = webcrypto.AlgorithmIdentifier | webcrypto.RsaPssParams | webcrypto.EcdsaParams;

const SIGN_PARAMS: Record<SigningAlgorithm, SignParams> = {
  RS256: { name: 'RSASSA-PKCS1-v1_5' },
  PS256: { name: 'RSA-PSS', saltLength: 32 },
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
  EdDSA: { name: 'Ed25519' },
};

function isSigningAlgorithm(value: unknown): value is SigningAlgorithm {
  return SIGNING_ALGORITHMS.some((alg) => alg === value);
}

/** An object is JSON-encoded; a string is taken as the JSON text verbatim. */
function encodeSegment(part: ForgeParts['header'] | ForgeParts['payload']): string {
  return base64url.encode(typeof part === 'string' ? part : JSON.stringify(part));
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

async function sign(keys: KeyStore, alg: SigningAlgorithm, signingInput: string): Promise<string> {
  const { privateKey } = keys.signingKey(alg);
  const data = new TextEncoder().encode(signingInput);
  const signature = await webcrypto.subtle.sign(SIGN_PARAMS[alg], privateKey as webcrypto.CryptoKey, data);
  return base64url.encode(new Uint8Array(signature));
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
  return `${signingInput}.${await sign(keys, signingAlgorithm(keys, parts), signingInput)}`;
}
