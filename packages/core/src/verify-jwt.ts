import { decodeProtectedHeader, jwtVerify, type JWTVerifyGetKey, type ProtectedHeaderParameters } from 'jose';
import type { JwsAlgorithm } from './algorithms.js';
import { AccessGuardError, InvalidTokenError } from './errors.js';
import type { TypMode } from './options.js';
import { deepFreeze } from './deep-freeze.js';
import { scopesOf } from './scopes.js';
import { checkTokenTimes, type TimePolicy } from './token-times.js';
import type { AccessTokenClaims } from './types.js';

/** What a JWT is checked against. */
export interface JwtPolicy extends TimePolicy {
  readonly issuer: string;
  readonly audiences: readonly string[];
  readonly algorithms: readonly JwsAlgorithm[];
  readonly typ: TypMode;
}

/** A verified JWT, without the token itself. */
export interface VerifiedJwt {
  readonly header: Readonly<ProtectedHeaderParameters>;
  readonly payload: AccessTokenClaims;
  readonly scopes: readonly string[];
}

// jose error codes → a description that is safe to send (no token data, no unverified claim values).
const DESCRIPTIONS: Record<string, string> = {
  ERR_JWT_EXPIRED: 'The access token expired',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'The access token signature is invalid',
  ERR_JWKS_NO_MATCHING_KEY: 'No key of the issuer matches the access token',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'The access token does not say which key signed it',
  ERR_JOSE_ALG_NOT_ALLOWED: 'The access token algorithm is not allowed',
  ERR_JOSE_NOT_SUPPORTED: 'The access token uses an unsupported feature',
};

const KNOWN_CLAIMS = new Set(['iss', 'aud', 'exp', 'nbf', 'iat', 'sub', 'typ']);

function describe(error: unknown): string {
  const { code, claim } = error as { code?: string; claim?: string };
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && claim !== undefined && KNOWN_CLAIMS.has(claim)) {
    return `The access token has an unacceptable ${claim} claim`;
  }
  return (code !== undefined && DESCRIPTIONS[code]) || 'The access token is malformed or invalid';
}

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * RFC 7515 §2 / RFC 4648 §3.5: unpadded base64url whose spare bits are zero. Decoders are lenient
 * (they accept `==` and ignore spare bits), so without this one token would have many accepted
 * spellings, each a separate cache entry and a way around any list keyed by the token.
 */
function isCanonicalCompactJws(token: string): boolean {
  return (
    COMPACT_JWS.test(token) &&
    token.split('.').every((part) => Buffer.from(part, 'base64url').toString('base64url') === part)
  );
}

const KEY_POINTERS = ['jku', 'x5u', 'jwk', 'x5c'];

function normalizedTyp(typ: unknown): string | undefined {
  if (typeof typ !== 'string') return undefined;
  const lower = typ.toLowerCase();
  return lower.startsWith('application/') ? lower.slice('application/'.length) : lower;
}

/** Checks the header before any key is fetched, so a hostile header costs no outbound request. */
function checkHeader(header: ProtectedHeaderParameters, policy: JwtPolicy): void {
  const { realm } = policy;
  if (typeof header.alg !== 'string' || !(policy.algorithms as readonly string[]).includes(header.alg)) {
    // Covers `none` in any case and HS* (an RSA public key must never become an HMAC secret).
    throw new InvalidTokenError('The access token algorithm is not allowed', { realm });
  }
  if (KEY_POINTERS.some((name) => name in header)) {
    // RFC 8725 §3.10: keys come only from the configured issuer's JWKS; a token pointing at keys elsewhere is refused.
    throw new InvalidTokenError('The access token header points to keys outside the issuer', { realm });
  }
  if (header.crit !== undefined || 'b64' in header) {
    throw new InvalidTokenError('The access token uses an unsupported critical header', { realm });
  }
  if (normalizedTyp(header.cty) === 'jwt') {
    throw new InvalidTokenError('Nested JWTs are not accepted', { realm });
  }
  const typ = normalizedTyp(header.typ);
  const accepted = policy.typ === 'strict' ? typ === 'at+jwt' : typ === undefined || typ === 'jwt' || typ === 'at+jwt';
  if (!accepted || (header.typ !== undefined && typeof header.typ !== 'string')) {
    throw new InvalidTokenError(
      policy.typ === 'strict'
        ? 'The token is not an access token (typ must be at+jwt, RFC 9068)'
        : 'The token is not an access token (unexpected typ)',
      { realm },
    );
  }
}

/**
 * Verifies a JWT access token (RFC 9068 §4, RFC 8725): algorithm allowlist, header checks, signature
 * with a key from the issuer's JWKS, `iss` byte for byte, `aud`, `exp`/`nbf`/`iat` and the API's
 * lifetime policy. Any failure is a 401 {@link InvalidTokenError}; an unreachable issuer stays a 503.
 */
export async function verifyJwt(
  token: string,
  getKey: JWTVerifyGetKey,
  policy: JwtPolicy,
  nowMs: number,
): Promise<VerifiedJwt> {
  const { realm } = policy;
  if (!isCanonicalCompactJws(token)) throw new InvalidTokenError('The access token is malformed', { realm });
  try {
    checkHeader(decodeProtectedHeader(token), policy);
    const { payload, protectedHeader } = await jwtVerify(token, getKey, {
      issuer: policy.issuer,
      audience: [...policy.audiences],
      algorithms: [...policy.algorithms],
      clockTolerance: policy.clockToleranceSeconds,
      currentDate: new Date(nowMs),
      requiredClaims: ['exp'],
    });
    checkTokenTimes(payload, nowMs / 1000, policy);
    return {
      header: deepFreeze(protectedHeader),
      payload: deepFreeze(payload) as AccessTokenClaims,
      scopes: scopesOf(payload),
    };
  } catch (error) {
    if (error instanceof AccessGuardError) throw error;
    throw new InvalidTokenError(describe(error), { realm, cause: error });
  }
}
