import { createHash } from 'node:crypto';
import { calculateJwkThumbprint, EmbeddedJWK, jwtVerify } from 'jose';
import type { JWTPayload } from 'jose';

/** The proof algorithms the token endpoint accepts: asymmetric only (RFC 9449 §4.3, check 5). */
export const DPOP_ALGORITHMS: readonly string[] = ['ES256', 'EdDSA', 'RS256', 'PS256'];

/** How far `iat` may be from the issuer's clock, in seconds (RFC 9449 §11.1 leaves it to the server). */
const IAT_WINDOW_SECONDS = 300;

/** At most this many proofs are remembered for replay detection; the oldest go first. */
const MAX_REMEMBERED = 10_000;

/** The outcome of checking the `DPoP` header of a token request. */
export type ProofCheck = { readonly jkt: string } | { readonly error: string } | undefined;

/** RFC 3986 syntax-based normalisation, without query and fragment (RFC 9449 §4.3, check 9). */
function normalizedHtu(value: unknown): string | undefined {
  if (typeof value !== 'string' || !URL.canParse(value)) return undefined;
  const url = new URL(value);
  return `${url.origin}${url.pathname}`;
}

/**
 * Checks DPoP proofs sent to the token endpoint (RFC 9449 §4.3) and remembers their `jti`s for
 * the `iat` window, so a proof is accepted once.
 */
export class DpopProofVerifier {
  readonly #htu: string;
  readonly #now: () => number;
  readonly #seen = new Map<string, number>();

  constructor(tokenEndpoint: string, now: () => number) {
    this.#htu = normalizedHtu(tokenEndpoint) ?? tokenEndpoint;
    this.#now = now;
  }

  /** No header: `undefined`; a valid proof: the thumbprint of its key; else the reason it fails. */
  async verify(headerValues: readonly string[] | undefined): Promise<ProofCheck> {
    if (headerValues === undefined || headerValues.length === 0) return undefined;
    if (headerValues.length > 1) return { error: 'more than one DPoP header' };
    const nowMs = this.#now();
    let payload: JWTPayload;
    let jwk: unknown;
    try {
      // EmbeddedJWK verifies with the header's jwk and refuses a private one (checks 6 and 7).
      const verified = await jwtVerify(headerValues[0] ?? '', EmbeddedJWK, {
        typ: 'dpop+jwt',
        algorithms: [...DPOP_ALGORITHMS],
        currentDate: new Date(nowMs),
      });
      payload = verified.payload;
      jwk = verified.protectedHeader.jwk;
    } catch {
      return { error: 'the proof is not a valid dpop+jwt signed by its jwk' };
    }
    const reason = this.#claimProblem(payload, nowMs);
    if (reason !== undefined) return { error: reason };
    const jkt = await calculateJwkThumbprint(jwk as Parameters<typeof calculateJwkThumbprint>[0], 'sha256');
    if (!this.#firstUse(`${jkt}.${String(payload.jti)}`, nowMs)) return { error: 'the proof was used before' };
    return { jkt };
  }

  #claimProblem(payload: JWTPayload, nowMs: number): string | undefined {
    if (typeof payload.jti !== 'string' || payload.jti === '') return 'jti is missing';
    if (payload.htm !== 'POST') return 'htm is not POST';
    if (normalizedHtu(payload.htu) !== this.#htu) return 'htu is not the token endpoint';
    if (typeof payload.iat !== 'number') return 'iat is missing';
    if (Math.abs(nowMs / 1000 - payload.iat) > IAT_WINDOW_SECONDS) return 'iat is outside the accepted window';
    return undefined;
  }

  #firstUse(id: string, nowMs: number): boolean {
    for (const [key, expiresMs] of this.#seen) {
      if (expiresMs > nowMs && this.#seen.size < MAX_REMEMBERED) break;
      this.#seen.delete(key);
    }
    const key = createHash('sha256').update(id).digest('base64url');
    if (this.#seen.has(key)) return false;
    this.#seen.set(key, nowMs + 2 * IAT_WINDOW_SECONDS * 1000);
    return true;
  }
}
