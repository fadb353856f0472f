import { detailValue, InvalidTokenError } from '../errors.js';
import type { JwsAlgorithm } from './algorithms.js';

/** How the JWS `typ` header is checked (RFC 9068 §2.1, §4). */
export type TypMode = 'strict' | 'compatible';

/** What a JWS header is checked against. */
export interface HeaderPolicy {
  readonly algorithms: readonly JwsAlgorithm[];
  readonly typ: TypMode;
}

/** All the key lookup is given of a header: nothing a token says can steer it elsewhere. */
export interface KeyHint {
  readonly alg: JwsAlgorithm;
  readonly kid: string | undefined;
}

// RFC 8725 §3.10: keys come only from the configured issuer's JWKS.
const KEY_POINTERS = ['jku', 'x5u', 'jwk', 'x5c'];

function mediaType(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const lower = value.toLowerCase();
  return lower.startsWith('application/') ? lower.slice('application/'.length) : lower;
}

/**
 * Checks a JWS header before any key is fetched, so a hostile header costs no outbound request:
 * the algorithm is allowlisted (`none` and `HS*` never are), no header points to keys elsewhere, no
 * `crit` or `b64`, no nested JWT, a `typ` of an access token, a string `kid`.
 * @returns the algorithm and key id, the only parts the key lookup receives.
 */
export function checkHeader(header: Record<string, unknown>, policy: HeaderPolicy): KeyHint {
  const { alg, kid } = header;
  if (typeof alg !== 'string' || !(policy.algorithms as readonly string[]).includes(alg)) {
    // Covers `none` in any case and HS* (an RSA public key must never become an HMAC secret).
    throw new InvalidTokenError('The access token algorithm is not allowed', {
      reason: 'algorithm_not_allowed',
      detail: {
        expected: `one of ${policy.algorithms.join(', ')}`,
        actual: detailValue(alg),
        fix: 'If the issuer really signs with it, add it to the algorithms option (asymmetric algorithms only).',
      },
    });
  }
  if (KEY_POINTERS.some((name) => name in header)) {
    throw new InvalidTokenError('The access token header points to keys outside the issuer', {
      reason: 'foreign_key_reference',
      detail: { actual: KEY_POINTERS.filter((name) => name in header).join(', ') },
    });
  }
  if ('crit' in header || 'b64' in header) {
    throw new InvalidTokenError('The access token uses an unsupported critical header', { reason: 'critical_header' });
  }
  if (mediaType(header['cty']) === 'jwt') {
    throw new InvalidTokenError('Nested JWTs are not accepted', { reason: 'nested_jwt' });
  }
  const typ = mediaType(header['typ']);
  const accepted = policy.typ === 'strict' ? typ === 'at+jwt' : typ === undefined || typ === 'jwt' || typ === 'at+jwt';
  if (!accepted || (header['typ'] !== undefined && typeof header['typ'] !== 'string')) {
    throw new InvalidTokenError(
      policy.typ === 'strict'
        ? 'The token is not an access token (typ must be at+jwt, RFC 9068)'
        : 'The token is not an access token (unexpected typ)',
      {
        reason: 'wrong_typ',
        detail: {
          expected: policy.typ === 'strict' ? '"at+jwt"' : 'none, "JWT" or "at+jwt"',
          actual: detailValue(header['typ']),
          fix:
            policy.typ === 'strict' && typ === 'jwt'
              ? "The issuer signs access tokens with typ JWT: set typ: 'compatible'."
              : 'An ID token or another kind of JWT is not an access token.',
        },
      },
    );
  }
  if (kid !== undefined && typeof kid !== 'string') {
    throw new InvalidTokenError('The access token kid is malformed', { detail: { actual: detailValue(kid) } });
  }
  return { alg: alg as JwsAlgorithm, kid };
}
