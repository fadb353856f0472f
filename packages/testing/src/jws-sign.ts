import { webcrypto } from 'node:crypto';
import { base64url } from 'jose';
import type { CryptoKey } from 'jose';
import type { SigningAlgorithm } from './types.js';

// jose signs only headers it has serialized itself; a hand-built header is arbitrary text
// (duplicate keys, bad JSON, odd members), so the signing input is signed with Web Crypto directly.
type SignParams = webcrypto.AlgorithmIdentifier | webcrypto.RsaPssParams | webcrypto.EcdsaParams;

const SIGN_PARAMS: Record<SigningAlgorithm, SignParams> = {
  RS256: { name: 'RSASSA-PKCS1-v1_5' },
  PS256: { name: 'RSA-PSS', saltLength: 32 },
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
  EdDSA: { name: 'Ed25519' },
};

/** base64url of a JSON segment: an object is JSON-encoded, a string is taken as the JSON text. */
export function encodeSegment(part: unknown): string {
  return base64url.encode(typeof part === 'string' ? part : JSON.stringify(part));
}

/** The base64url JWS signature of `signingInput` (RFC 7515 §5.1) with `privateKey` under `alg`. */
export async function signJws(alg: SigningAlgorithm, privateKey: CryptoKey, signingInput: string): Promise<string> {
  const data = new TextEncoder().encode(signingInput);
  const signature = await webcrypto.subtle.sign(SIGN_PARAMS[alg], privateKey as webcrypto.CryptoKey, data);
  return base64url.encode(new Uint8Array(signature));
}
