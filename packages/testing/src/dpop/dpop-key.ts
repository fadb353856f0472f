import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import type { CryptoKey, JWK } from 'jose';
import { SIGNING_ALGORITHMS, type SigningAlgorithm } from '../signing-algorithms.js';

/**
 * A client's DPoP key pair (RFC 9449 §2), as made by {@link generateDpopKey}.
 *
 * @example
 * ```ts
 * const key: DpopKey = await generateDpopKey();
 * const token = await issuer.mint({ aud: 'https://api.example' }, { dpop: key });
 * ```
 */
export interface DpopKey {
  /** The JWS algorithm the key signs proofs with. */
  readonly alg: SigningAlgorithm;
  /** The private key (extractable, so a test can also put it where it must not be). */
  readonly privateKey: CryptoKey;
  /** The public JWK that proofs carry in their `jwk` header: key members only, no `d`. */
  readonly publicJwk: JWK;
  /** The RFC 7638 JWK SHA-256 thumbprint of `publicJwk`, base64url: a bound token's `cnf.jkt`. */
  readonly thumbprint: string;
}

/**
 * Generates a DPoP key pair (RFC 9449 §2) with its public JWK and RFC 7638 thumbprint.
 *
 * @param alg - `'ES256'` (the default, P-256), `'EdDSA'` (Ed25519), `'RS256'` or `'PS256'` (RSA 2048).
 * @example
 * ```ts
 * import { dpopProof, generateDpopKey } from '@access-guard/testing';
 *
 * const key = await generateDpopKey();
 * const token = await issuer.mint({ aud: 'https://api.example' }, { dpop: key }); // cnf.jkt = key.thumbprint
 * const proof = await dpopProof({ key, htm: 'GET', htu: 'https://api.example/orders', accessToken: token });
 * await fetch('https://api.example/orders', { headers: { authorization: `DPoP ${token}`, dpop: proof } });
 * ```
 */
export async function generateDpopKey(alg: SigningAlgorithm = 'ES256'): Promise<DpopKey> {
  if (!SIGNING_ALGORITHMS.includes(alg)) {
    throw new TypeError(`generateDpopKey() alg must be one of ${SIGNING_ALGORITHMS.join(', ')}`);
  }
  const { privateKey, publicKey } = await generateKeyPair(alg, {
    extractable: true,
    ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}),
  });
  const publicJwk = await exportJWK(publicKey);
  return { alg, privateKey, publicJwk, thumbprint: await calculateJwkThumbprint(publicJwk, 'sha256') };
}
