import { decodeProtectedHeader, type CryptoKey, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import type { JwsAlgorithm } from './algorithms.js';
import { AccessGuardError, InvalidTokenError } from './errors.js';
import { isCanonicalCompactJws } from './canonical-jws.js';
import { verifyJwsSignature } from './jws-signature.js';
import type { TypMode } from './options.js';
import { deepFreeze } from './deep-freeze.js';
import { scopesOf } from './scopes.js';
import { checkTokenTimes, type TimePolicy } from './token-times.js';
import type { AccessTokenClaims } from './types.js';

/** Finds the issuer's key for a JWS header (the JWKS lookup); throws jose's JWKS errors. */
export type KeyLookup = (header: ProtectedHeaderParameters) => Promise<CryptoKey>;

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

// jose error codes (parsing, JWKS lookup) → a description that is safe to send (no token data, no unverified claim values).
const DESCRIPTIONS: Record<string, string> = {
  ERR_JWKS_NO_MATCHING_KEY: 'No key of the issuer matches the access token',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'The access token does not say which key signed it',
  ERR_JOSE_ALG_NOT_ALLOWED: 'The access token algorithm is not allowed',
  ERR_JOSE_NOT_SUPPORTED: 'The access token uses an unsupported feature',
};

function describe(error: unknown): string {
  const { code } = error as { code?: string };
  return (code !== undefined && DESCRIPTIONS[code]) || 'The access token is malformed or invalid';
}

// jose's rules for a claims set (RFC 7519 §7.2): UTF-8 that must be valid, holding one JSON object.
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The claims set of a compact JWS's payload segment; throws a 401 when it is not a JSON object. */
function decodeClaims(segment: string, realm: string): JWTPayload {
  let claims: unknown;
  try {
    claims = JSON.parse(STRICT_UTF8.decode(Buffer.from(segment, 'base64url')));
  } catch {
    claims = undefined;
  }
  if (claims === null || typeof claims !== 'object' || Array.isArray(claims)) {
    throw new InvalidTokenError('The access token claims are not a JSON object', { realm });
  }
  return claims as JWTPayload;
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

/** `iss` byte for byte (RFC 9068 §4) and `aud` naming this API (a string, or an array holding one). */
function checkIssuerAndAudience(payload: Record<string, unknown>, policy: JwtPolicy): void {
  const { realm } = policy;
  if (payload['iss'] !== policy.issuer) {
    throw new InvalidTokenError('The access token has an unacceptable iss claim', { realm });
  }
  const aud = payload['aud'];
  const named = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
  if (!named.some((value) => typeof value === 'string' && policy.audiences.includes(value))) {
    throw new InvalidTokenError('The access token has an unacceptable aud claim', { realm });
  }
}

/**
 * Verifies a JWT access token (RFC 9068 §4, RFC 8725): algorithm allowlist, header checks, signature
 * with a key from the issuer's JWKS, `iss` byte for byte, `aud`, `exp`/`nbf`/`iat` and the API's
 * lifetime policy. jose parses the header and imports the keys; the signature is checked with
 * `node:crypto`. Any failure is a 401 {@link InvalidTokenError}; an unreachable issuer stays a 503.
 */
export async function verifyJwt(
  token: string,
  getKey: KeyLookup,
  policy: JwtPolicy,
  nowMs: number,
): Promise<VerifiedJwt> {
  const { realm } = policy;
  if (!isCanonicalCompactJws(token)) throw new InvalidTokenError('The access token is malformed', { realm });
  try {
    const header = decodeProtectedHeader(token);
    checkHeader(header, policy);
    const key = await getKey(header);
    const payloadStart = token.indexOf('.') + 1;
    const signatureStart = token.lastIndexOf('.') + 1;
    const signature = Buffer.from(token.slice(signatureStart), 'base64url');
    // checkHeader admitted only allowlisted algorithms, all of them in SUPPORTED_ALGORITHMS.
    if (!verifyJwsSignature(header.alg as JwsAlgorithm, key, token.slice(0, signatureStart - 1), signature)) {
      throw new InvalidTokenError('The access token signature is invalid', { realm });
    }
    // Claims are read only once the signature holds.
    const payload = decodeClaims(token.slice(payloadStart, signatureStart - 1), realm);
    checkIssuerAndAudience(payload, policy);
    checkTokenTimes(payload, nowMs / 1000, policy);
    return {
      header: deepFreeze(header),
      payload: deepFreeze(payload) as AccessTokenClaims,
      scopes: scopesOf(payload),
    };
  } catch (error) {
    if (error instanceof AccessGuardError) throw error;
    throw new InvalidTokenError(describe(error), { realm, cause: error });
  }
}
