import { hash } from 'node:crypto';
import { detailValue, InvalidDpopProofError } from '../errors.js';
import { importJwk } from '../issuer/jwk.js';
import type { JwsAlgorithm } from '../jwt/algorithms.js';
import { isCanonicalCompactJws } from '../jwt/canonical.js';
import { decodeJsonObject, MAX_HEADER_LENGTH } from '../jwt/compact.js';
import { verifyJwsSignature } from '../jwt/signature.js';
import { normalizeHtu } from './htu.js';
import { jwkThumbprint } from './thumbprint.js';

/** What a DPoP proof must match: the request, the token, the time. */
export interface ProofContext {
  /** The request method (`htm`). */
  readonly method: string;
  /** The request URL without query and fragment, normalized (`htu`). */
  readonly htu: string;
  /** The access token the proof comes with (`ath`). */
  readonly accessToken: string;
  readonly nowSeconds: number;
  /** Algorithms accepted for proofs (asymmetric only). */
  readonly algorithms: readonly JwsAlgorithm[];
  /** How far `iat` may be from now, in seconds, either way. */
  readonly iatWindowSeconds: number;
}

/** A proof that holds: the key it binds (RFC 7638 thumbprint) and what replay and nonce checks need. */
export interface VerifiedProof {
  readonly jkt: string;
  readonly jti: string;
  readonly iat: number;
  readonly nonce: unknown;
}

// RFC 7517 §9.2, RFC 7518 §6: members that make a JWK private (or symmetric). A proof carries a public key.
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
// A jti is a unique identifier; one longer than this only costs memory in the replay store.
const MAX_JTI_LENGTH = 256;

function refuse(message: string, detail?: { expected?: string; actual?: string }): InvalidDpopProofError {
  return new InvalidDpopProofError(message, { reason: 'bad_proof', detail });
}

/**
 * Checks a DPoP proof (RFC 9449 §4.3): one well-formed JWS, `typ: dpop+jwt`, an accepted asymmetric
 * `alg`, a public `jwk` (a sound key, no private members) that verifies the signature, then `jti`,
 * `htm` (the method), `htu` (the URL, normalized), `iat` (within the window) and `ath` (SHA-256 of
 * the access token). Nonce, replay and the key's binding to the token are checked by the caller.
 * @throws InvalidDpopProofError (401 `invalid_dpop_proof`) for any failure
 */
export function verifyDpopProof(proof: string, context: ProofContext): VerifiedProof {
  if (!isCanonicalCompactJws(proof)) throw refuse('The DPoP proof is not a compact JWS');
  const [headerSegment, payloadSegment, signatureSegment] = proof.split('.') as [string, string, string];
  const header = headerSegment.length <= 4 * MAX_HEADER_LENGTH ? decodeJsonObject(headerSegment) : undefined;
  const claims = decodeJsonObject(payloadSegment);
  if (header === undefined || claims === undefined) throw refuse('The DPoP proof is malformed');
  if (typeof header['typ'] !== 'string' || header['typ'].toLowerCase() !== 'dpop+jwt') {
    throw refuse('The DPoP proof has the wrong typ', { expected: '"dpop+jwt"', actual: detailValue(header['typ']) });
  }
  const alg = header['alg'];
  if (typeof alg !== 'string' || !(context.algorithms as readonly string[]).includes(alg)) {
    throw refuse('The DPoP proof algorithm is not allowed', {
      expected: `one of ${context.algorithms.join(', ')}`,
      actual: detailValue(alg),
    });
  }
  const jwk = header['jwk'];
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) throw refuse('The DPoP proof has no jwk');
  if (PRIVATE_MEMBERS.some((name) => name in jwk)) throw refuse('The DPoP proof key is not a public key');
  const key = importJwk(jwk);
  if (typeof key === 'string' || !key.algorithms.includes(alg as JwsAlgorithm)) {
    throw refuse('The DPoP proof key cannot be used', { actual: typeof key === 'string' ? key : `alg ${alg}` });
  }
  if (
    !verifyJwsSignature(
      alg as JwsAlgorithm,
      key.key,
      `${headerSegment}.${payloadSegment}`,
      Buffer.from(signatureSegment, 'base64url'),
    )
  ) {
    throw refuse('The DPoP proof signature is invalid');
  }
  const { jti, htm, htu, iat, ath } = claims;
  if (typeof jti !== 'string' || jti === '' || jti.length > MAX_JTI_LENGTH)
    throw refuse('The DPoP proof has no valid jti');
  if (htm !== context.method) {
    throw refuse('The DPoP proof is for another method', { expected: context.method, actual: detailValue(htm) });
  }
  if (typeof htu !== 'string' || normalizeHtu(htu) !== context.htu) {
    throw refuse('The DPoP proof is for another URL', { expected: context.htu, actual: detailValue(htu) });
  }
  if (
    typeof iat !== 'number' ||
    !Number.isFinite(iat) ||
    Math.abs(context.nowSeconds - iat) > context.iatWindowSeconds
  ) {
    throw refuse('The DPoP proof is too old or from the future', {
      expected: `iat within ${context.iatWindowSeconds} s of now`,
      actual: typeof iat === 'number' ? `${Math.round(context.nowSeconds - iat)} s ago` : detailValue(iat),
    });
  }
  if (ath !== hash('sha256', context.accessToken, 'base64url')) {
    throw refuse('The DPoP proof is for another access token (ath)');
  }
  const jkt = jwkThumbprint(jwk as Record<string, unknown>);
  if (jkt === undefined) throw refuse('The DPoP proof key has no thumbprint');
  return { jkt, jti, iat, nonce: claims['nonce'] };
}
