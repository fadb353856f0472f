import { createPublicKey, type KeyObject } from 'node:crypto';
import type { JwsAlgorithm } from '../jwt/algorithms.js';

/** A verification key from the issuer's JWKS, imported once. */
export interface ImportedKey {
  readonly kid: string | undefined;
  /** The `alg` the JWK is restricted to, if it names one. */
  readonly alg: string | undefined;
  /** The JWS algorithms this key can verify (RFC 7518 §3, RFC 8037 §3.1). */
  readonly algorithms: readonly JwsAlgorithm[];
  readonly key: KeyObject;
}

// RFC 7518 §3.3: RSA keys of 2048 bits or more; past 8192 bits a key only makes forged tokens expensive.
const MIN_RSA_BITS = 2048;
const MAX_RSA_BITS = 8192;
const RSA_ALGORITHMS: readonly JwsAlgorithm[] = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512'];
const EC_ALGORITHMS: Readonly<Record<string, readonly JwsAlgorithm[]>> = {
  'P-256': ['ES256'],
  'P-384': ['ES384'],
  'P-521': ['ES512'],
};
const ED25519_ALGORITHMS: readonly JwsAlgorithm[] = ['EdDSA', 'Ed25519'];

// Ed25519 points of small order (RFC 8032 §5.1.3 decodes them; they verify forged signatures), in
// canonical form and with the sign bit set. Encodings with y >= p are refused separately.
const SMALL_ORDER_ED25519 = new Set(
  [
    '0100000000000000000000000000000000000000000000000000000000000000',
    'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
    '0000000000000000000000000000000000000000000000000000000000000000',
    'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
    '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  ].flatMap((hex) => {
    const signed = Buffer.from(hex, 'hex');
    signed[31] = (signed[31] as number) | 0x80;
    return [hex, signed.toString('hex')];
  }),
);

/** Whether a 32-byte Ed25519 encoding is a small-order point, or a y coordinate of p or more. */
function isWeakEd25519(x: Buffer): boolean {
  if (SMALL_ORDER_ED25519.has(x.toString('hex'))) return true;
  // y >= p = 2^255 - 19: every byte but the first is 0xff (0x7f for the last, sign bit aside) and the first >= 0xed.
  const last = (x[31] as number) & 0x7f;
  return last === 0x7f && x.subarray(1, 31).every((byte) => byte === 0xff) && (x[0] as number) >= 0xed;
}

function algorithmsOf(jwk: Record<string, unknown>, key: KeyObject): readonly JwsAlgorithm[] | string {
  const type = key.asymmetricKeyType;
  if (type === 'rsa') {
    const { modulusLength: bits = 0, publicExponent: e = 0n } = key.asymmetricKeyDetails ?? {};
    if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
      return `an RSA modulus of ${bits} bits (accepted: ${MIN_RSA_BITS} to ${MAX_RSA_BITS})`;
    }
    // e = 1 makes every message its own signature; an even e is no RSA key.
    if (e < 3n || e % 2n === 0n) return `an RSA public exponent of ${e}`;
    return RSA_ALGORITHMS;
  }
  if (type === 'ec') return EC_ALGORITHMS[String(jwk['crv'])] ?? `the unsupported curve ${String(jwk['crv'])}`;
  if (type === 'ed25519') {
    const x = Buffer.from(String(jwk['x']), 'base64url');
    return x.length === 32 && !isWeakEd25519(x) ? ED25519_ALGORITHMS : 'a weak Ed25519 point';
  }
  return `the unsupported key type ${String(type)}`;
}

/**
 * Imports one JWK for signature verification, or says why it is not usable: not a public signing key
 * (`use` other than `sig`, `key_ops` without `verify`, private members), a type or curve that JWS
 * does not use here, or a degenerate key that would let anyone forge tokens (RSA `e` < 3 or even,
 * modulus outside 2048–8192 bits, an Ed25519 point of small order; EC points off the curve are
 * refused by `node:crypto`).
 */
export function importJwk(jwk: unknown): ImportedKey | string {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) return 'not a JSON object';
  const fields = jwk as Record<string, unknown>;
  if (fields['use'] !== undefined && fields['use'] !== 'sig') return `use ${JSON.stringify(fields['use'])}`;
  const ops = fields['key_ops'];
  if (ops !== undefined && !(Array.isArray(ops) && ops.includes('verify'))) return 'key_ops without verify';
  // A private member in a published key set is a leak at the issuer, and never needed here.
  if ('d' in fields || 'p' in fields || 'k' in fields) return 'private key material';
  const kid = fields['kid'];
  const alg = fields['alg'];
  if ((kid !== undefined && typeof kid !== 'string') || (alg !== undefined && typeof alg !== 'string')) {
    return 'a kid or alg that is not a string';
  }
  let key: KeyObject;
  try {
    // Only the members node:crypto reads: `x5c`, `x5t` and others are ignored, never trusted.
    const { kty, n, e, crv, x, y } = fields;
    key = createPublicKey({ key: { kty, n, e, crv, x, y } as never, format: 'jwk' });
  } catch (error) {
    return `a malformed key (${(error as Error).message})`;
  }
  const algorithms = algorithmsOf(fields, key);
  if (typeof algorithms === 'string') return algorithms;
  return { kid, alg, algorithms, key };
}
