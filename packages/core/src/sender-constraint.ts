import { hash } from 'node:crypto';
import type { ResolvedDpopOptions } from './dpop/options.js';
import { normalizeHtu } from './dpop/htu.js';
import { DpopNonces } from './dpop/nonce.js';
import { verifyDpopProof } from './dpop/proof.js';
import type { ReplayStore } from './dpop/replay.js';
import {
  ConfigurationError,
  InvalidDpopProofError,
  InvalidTokenError,
  UseDpopNonceError,
  detailValue,
} from './errors.js';
import type { ExtractedToken, TokenRequest } from './http/extract-token.js';
import { certificateThumbprint } from './mtls/certificate.js';
import type { AccessTokenClaims, Clock, Confirmation } from './result.js';

/** What a request showed of its binding, and what the answer must carry. */
export interface SenderCheck {
  readonly confirmation: Confirmation | undefined;
  /** Headers for the success answer (a fresh `DPoP-Nonce`), when there are any. */
  readonly headers: Readonly<Record<string, string>> | undefined;
}

const UNBOUND: SenderCheck = Object.freeze({ confirmation: undefined, headers: undefined });

/** The `cnf` of a token's claims (JWT or introspection answer), when it is a JSON object. */
function confirmationOf(payload: AccessTokenClaims): Confirmation | undefined {
  const cnf = payload['cnf'];
  if (typeof cnf !== 'object' || cnf === null || Array.isArray(cnf)) return undefined;
  const { jkt } = cnf as Record<string, unknown>;
  const x5t = (cnf as Record<string, unknown>)['x5t#S256'];
  if (typeof jkt !== 'string' && typeof x5t !== 'string') return undefined;
  return Object.freeze({
    ...(typeof jkt === 'string' ? { jkt } : {}),
    ...(typeof x5t === 'string' ? { 'x5t#S256': x5t } : {}),
  });
}

/** The settings of the sender-constraint checks. */
export interface SenderSettings {
  readonly dpop: ResolvedDpopOptions | undefined;
  readonly certificateHeader: string | undefined;
  readonly replay: ReplayStore;
  readonly now: Clock;
}

/**
 * The checks of a sender-constrained token (RFC 9449 DPoP, RFC 8705 mTLS), run on every request,
 * cached token or not: a key-bound token needs the DPoP scheme and a proof by that key (a proof is
 * accepted once); an unbound token may not use the DPoP scheme, nor the Bearer scheme when DPoP is
 * required; a certificate-bound token needs that certificate. Both bindings are checked when both
 * are present.
 */
export class SenderConstraint {
  readonly #nonces: DpopNonces | undefined;

  constructor(private readonly settings: SenderSettings) {
    const nonce = settings.dpop?.nonce;
    this.#nonces = nonce === undefined ? undefined : new DpopNonces(nonce.secret, nonce.lifetimeSeconds);
  }

  /** Checks the request's binding to the token; resolves what the result and the answer show. */
  async check(
    payload: AccessTokenClaims,
    format: 'jwt' | 'opaque',
    extracted: ExtractedToken,
    request: TokenRequest,
  ): Promise<SenderCheck> {
    const confirmation = confirmationOf(payload);
    const { dpop } = this.settings;
    if (confirmation === undefined) {
      if (extracted.scheme === 'DPoP') {
        throw new InvalidTokenError('The access token is not DPoP-bound', { reason: 'unbound_token_as_dpop' });
      }
      if (dpop?.required === true) {
        throw new InvalidTokenError('This API accepts only DPoP-bound access tokens', {
          reason: 'bearer_not_accepted',
        });
      }
      return UNBOUND;
    }
    let headers: Record<string, string> | undefined;
    if (confirmation.jkt !== undefined)
      headers = await this.#checkDpop(confirmation.jkt, payload, format, extracted, request);
    else if (extracted.scheme === 'DPoP') {
      throw new InvalidTokenError('The access token is not DPoP-bound', { reason: 'unbound_token_as_dpop' });
    } else if (dpop?.required === true) {
      throw new InvalidTokenError('This API accepts only DPoP-bound access tokens', { reason: 'bearer_not_accepted' });
    }
    const x5t = confirmation['x5t#S256'];
    if (x5t !== undefined) this.#checkCertificate(x5t, request);
    return { confirmation, headers };
  }

  async #checkDpop(
    jkt: string,
    payload: AccessTokenClaims,
    format: 'jwt' | 'opaque',
    extracted: ExtractedToken,
    request: TokenRequest,
  ): Promise<Record<string, string> | undefined> {
    const { dpop, now } = this.settings;
    // RFC 9449 §7.2: a key-bound token presented as a bearer token is refused (downgrade).
    if (extracted.scheme !== 'DPoP' || dpop === undefined) {
      const error = new InvalidTokenError(
        'The access token is DPoP-bound: present it with the DPoP scheme and a proof',
        {
          reason: 'bound_token_as_bearer',
        },
      );
      // The error belongs on the DPoP challenge: that is the scheme the client must use.
      if (dpop !== undefined) error.scheme = 'DPoP';
      throw error;
    }
    // RFC 9449 §6.2: an introspection answer for a DPoP-bound token says token_type DPoP, when it says one.
    const tokenType = payload['token_type'];
    if (format === 'opaque' && typeof tokenType === 'string' && tokenType.toLowerCase() !== 'dpop') {
      throw new InvalidTokenError('The introspection answer names another token type for a DPoP-bound token', {
        reason: 'not_an_access_token',
        detail: { expected: '"DPoP"', actual: detailValue(tokenType) },
      });
    }
    if (extracted.proof === undefined) {
      throw new InvalidDpopProofError('The request has no DPoP proof', { reason: 'bad_proof' });
    }
    const nowMs = now();
    const proof = verifyDpopProof(extracted.proof, {
      method: request.method,
      htu: this.#htu(request),
      accessToken: extracted.token,
      nowSeconds: nowMs / 1000,
      algorithms: dpop.algorithms,
      iatWindowSeconds: dpop.iatWindowSeconds,
    });
    if (proof.jkt !== jkt) {
      throw new InvalidDpopProofError("The DPoP proof is signed by another key than the token's", {
        reason: 'proof_key_mismatch',
      });
    }
    if (this.#nonces !== undefined && !this.#nonces.accepts(proof.nonce, nowMs)) {
      const error = new UseDpopNonceError('The DPoP proof must carry the nonce the API gives', {
        reason: 'nonce_required',
      });
      error.dpopNonce = this.#nonces.current(nowMs);
      throw error;
    }
    // RFC 9449 §11.1: a proof is accepted once. Kept until its iat leaves the window; by hash only.
    const ttlMs = Math.max(1000, (proof.iat + dpop.iatWindowSeconds) * 1000 - nowMs);
    if (!(await this.settings.replay.claim(`dpop-jti:${hash('sha256', `${jkt}\n${proof.jti}`, 'base64url')}`, ttlMs))) {
      throw new InvalidDpopProofError('The DPoP proof was used before', { reason: 'proof_replayed' });
    }
    if (this.#nonces === undefined) return undefined;
    // A fresh nonce on each answer keeps the client's next proof current (RFC 9449 §8.2).
    return {
      'DPoP-Nonce': this.#nonces.current(nowMs),
      'Access-Control-Expose-Headers': 'WWW-Authenticate, DPoP-Nonce',
    };
  }

  /** The URL a proof must name: the trusted origin and the path, without query (RFC 9449 §4.3). */
  #htu(request: TokenRequest): string {
    const origin =
      this.settings.dpop?.origin ?? (typeof request.origin === 'function' ? request.origin() : request.origin);
    const path = request.url.split('?')[0]?.split('#')[0] ?? '/';
    const htu = origin === undefined ? undefined : normalizeHtu(`${origin}${path}`);
    if (htu === undefined) {
      throw new ConfigurationError('The API cannot check DPoP proofs: it does not know its own URL', {
        detail: {
          fix: 'The adapter gives the request origin; behind a proxy the app does not trust for forwarding headers, set dpop.origin.',
        },
      });
    }
    return htu;
  }

  #checkCertificate(x5t: string, request: TokenRequest): void {
    const presented = certificateThumbprint(request, this.settings.certificateHeader);
    if (presented === undefined) {
      throw new InvalidTokenError('The access token is bound to a client certificate, and the request has none', {
        reason: 'certificate_required',
      });
    }
    if (presented !== x5t) {
      throw new InvalidTokenError('The access token is bound to another client certificate', {
        reason: 'certificate_mismatch',
      });
    }
  }
}
