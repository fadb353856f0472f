import type { KeyObject } from 'node:crypto';
import { detailValue, InvalidTokenError } from '../errors.js';
import { sameResource } from '../http/resource-metadata.js';
import { freezeJson, type AccessTokenClaims, type JwsHeader } from '../result.js';
import { isCanonicalCompactJws } from './canonical.js';
import type { CompactJws } from './compact.js';
import { checkHeader, type HeaderPolicy, type KeyHint } from './header.js';
import { verifyJwsSignature } from './signature.js';
import { checkTokenTimes, type TimePolicy } from './times.js';
import { clientOf, idTokenMarker } from './token-use.js';
import type { IssuerName } from '../issuer/issuer-name.js';

/** The keys that may have signed a token (the issuer's key set); empty when none matches. */
export type KeyLookup = (hint: KeyHint) => Promise<readonly KeyObject[]>;

/** What a JWT access token is checked against: one trusted issuer's policy. */
export interface JwtPolicy extends HeaderPolicy, TimePolicy {
  readonly issuer: string;
  /** How `iss` must match (byte for byte, or one allowed tenant of a multi-tenant issuer). */
  readonly issuerName: IssuerName;
  readonly audiences: readonly string[];
  /** Clients whose tokens count as meant for this API without naming it in `aud`; undefined for none. */
  readonly clientIds: readonly string[] | undefined;
  /** The protected resource (RFC 8707) the API is, matched as a URL; undefined for exact matching only. */
  readonly resource: string | undefined;
}

/** A verified JWT: its header and claims, frozen. */
export interface VerifiedJwt {
  readonly header: JwsHeader;
  readonly payload: AccessTokenClaims;
}

/**
 * `aud` names this API: a string, or an array holding one of the audiences exactly (RFC 7519
 * §4.1.3), or, for a resource-bound API, the resource as a URL (RFC 8707; see {@link sameResource}).
 */
export function namesAudience(aud: unknown, audiences: readonly string[], resource?: string): boolean {
  const named = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud : [];
  return named.some(
    (value) =>
      typeof value === 'string' &&
      (audiences.includes(value) || (resource !== undefined && sameResource(value, resource))),
  );
}

/** The token is meant for this API: its `aud` names it, or it was issued to one of the API's clients. */
function boundToApi(claims: Record<string, unknown>, policy: JwtPolicy): boolean {
  if (namesAudience(claims['aud'], policy.audiences, policy.resource)) return true;
  const client = clientOf(claims);
  return policy.clientIds !== undefined && typeof client === 'string' && policy.clientIds.includes(client);
}

/**
 * Verifies a JWT access token (RFC 9068 §4, RFC 8725), in the order of the specification: one
 * canonical spelling, header (algorithm allowlist, no key pointers, `typ`), signature with a key of
 * the issuer's JWKS, `iss` byte for byte (or an allowed tenant's), not an ID token, `aud` (or an
 * allowed client), then `exp`/`nbf`/`iat` and the API's lifetime
 * policy. The token was split and its header and claims decoded once, by the caller. Any failure is
 * a 401 {@link InvalidTokenError}; an unreachable issuer stays a 503.
 */
export async function verifyJwt(
  token: string,
  jws: CompactJws,
  claims: Record<string, unknown>,
  policy: JwtPolicy,
  keys: KeyLookup,
  nowSeconds: number,
): Promise<VerifiedJwt> {
  // Decoders accept many spellings of one token; only the canonical one may be cached or listed.
  if (!isCanonicalCompactJws(token)) throw new InvalidTokenError('The access token is malformed');
  const hint = checkHeader(jws.header, policy);
  const candidates = await keys(hint);
  if (candidates.length === 0) {
    throw new InvalidTokenError('No key of the issuer matches the access token', {
      reason: 'unknown_key',
      detail: {
        actual: `kid ${detailValue(hint.kid)}, alg ${hint.alg}`,
        fix: "The token's key is not in the issuer's JWKS: a token of another issuer or environment, or a key not yet published.",
      },
    });
  }
  const signature = Buffer.from(jws.signatureSegment, 'base64url');
  if (!candidates.some((key) => verifyJwsSignature(hint.alg, key, jws.signingInput, signature))) {
    throw new InvalidTokenError('The access token signature is invalid', { reason: 'bad_signature' });
  }
  const tenant = policy.issuerName.tenantOf(claims['iss']);
  if (tenant === undefined || (tenant !== '' && claims['tid'] !== undefined && claims['tid'] !== tenant)) {
    throw new InvalidTokenError('The access token has an unacceptable iss claim', {
      reason: 'wrong_issuer',
      detail: {
        expected: detailValue(policy.issuer),
        actual: tenant === undefined ? detailValue(claims['iss']) : `tid ${detailValue(claims['tid'])}`,
      },
    });
  }
  const marker = idTokenMarker(claims);
  if (marker !== undefined) {
    throw new InvalidTokenError('The token is an ID token, not an access token', {
      reason: 'id_token',
      detail: { actual: marker, fix: 'Send the access token the client received, not its ID token.' },
    });
  }
  if (!boundToApi(claims, policy)) {
    // The signature holds: the actual audience is safe to show in logs.
    throw new InvalidTokenError('The access token has an unacceptable aud claim', {
      reason: 'wrong_audience',
      detail: {
        expected:
          policy.clientIds === undefined
            ? `one of ${detailValue(policy.audiences)}`
            : `aud one of ${detailValue(policy.audiences)}, or client one of ${detailValue(policy.clientIds)}`,
        actual: detailValue(claims['aud']),
        fix: 'The token was issued for another API: request it for this audience, or add the audience option.',
      },
    });
  }
  checkTokenTimes(claims, nowSeconds, policy);
  return { header: freezeJson(jws.header) as JwsHeader, payload: freezeJson(claims) as AccessTokenClaims };
}
