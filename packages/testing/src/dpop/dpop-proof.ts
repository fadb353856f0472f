import { createHash, createHmac, randomUUID } from 'node:crypto';
import { exportJWK } from 'jose';
import type { JWK } from 'jose';
import { encodeSegment, signJws } from '../jws-sign.js';
import type { DpopKey } from './dpop-key.js';

/**
 * What {@link dpopProof} builds. `key`, `htm` and `htu` make a valid proof; every other field is
 * there to make a specific one, or a deliberately bad one.
 *
 * @example
 * ```ts
 * const options: DpopProofOptions = { key, htm: 'POST', htu: 'https://api.example/transfers', accessToken };
 * const replayed: DpopProofOptions = { ...options, jti: 'seen-before' };
 * const stale: DpopProofOptions = { ...options, iat: Math.floor(Date.now() / 1000) - 3600 };
 * ```
 */
export interface DpopProofOptions {
  /** The key that signs the proof and whose public JWK goes into the header. */
  key: DpopKey;
  /** The HTTP method of the request (`htm`), e.g. `'GET'`. */
  htm: string;
  /**
   * The request URL (`htu`); its query and fragment are dropped (RFC 9449 §4.2). For a verbatim
   * value, set `claims.htu`.
   */
  htu: string;
  /** The access token the request carries: adds `ath` = base64url(SHA-256(token)). Absent: no `ath`. */
  accessToken?: string;
  /** A server-provided nonce (`nonce` claim, RFC 9449 §8). */
  nonce?: string;
  /** Issued-at in seconds since the epoch; default now by `now`. Stale or future values test the window. */
  iat?: number;
  /** The clock in milliseconds when `iat` is not given; default `Date.now` (the issuer's clock for `issuer.dpopProof`). */
  now?: () => number;
  /** The `jti`; default a random UUID. Repeat one to test replay detection. */
  jti?: string;
  /**
   * The `jwk` header: `'public'` (the default) the key's public JWK; `'private'` the private JWK,
   * with `d` (must be refused); a JWK object verbatim, e.g. another key's public JWK so the
   * signature is by another key than the `jwk`.
   */
  jwk?: 'public' | 'private' | JWK;
  /**
   * The `alg` header; default the key's. `'none'` leaves the signature empty; `'HS256'`, `'HS384'`
   * or `'HS512'` make a real HMAC keyed with the public JWK's JSON text (a symmetric algorithm must
   * be refused); any other value is only written into the header, the key signs with its own.
   */
  alg?: string;
  /** The `typ` header; default `'dpop+jwt'`; `null` omits it. */
  typ?: string | null;
  /** Extra header members, added last; a member set to `undefined` is removed. */
  header?: Record<string, unknown>;
  /** Extra or replacing claims, added last; a claim set to `undefined` is removed (a missing `jti`, ...). */
  claims?: Record<string, unknown>;
}

/** base64url(SHA-256(ASCII token)): the `ath` claim (RFC 9449 §4.2). */
export function accessTokenHash(accessToken: string): string {
  return createHash('sha256').update(accessToken, 'ascii').digest('base64url');
}

function withoutUndefined(record: Record<string, unknown>): Record<string, unknown> {
  for (const name of Object.keys(record)) {
    if (record[name] === undefined) delete record[name];
  }
  return record;
}

async function headerJwk(options: DpopProofOptions): Promise<JWK> {
  const { jwk = 'public', key } = options;
  if (jwk === 'public') return key.publicJwk;
  if (jwk === 'private') return exportJWK(key.privateKey);
  return jwk;
}

async function signature(options: DpopProofOptions, alg: string, signingInput: string): Promise<string> {
  if (alg === 'none') return '';
  const hmac = /^HS(256|384|512)$/.exec(alg);
  if (hmac !== null) {
    const secret = JSON.stringify(options.key.publicJwk);
    return createHmac(`sha${hmac[1]}`, secret).update(signingInput).digest('base64url');
  }
  return signJws(options.key.alg, options.key.privateKey, signingInput);
}

/**
 * Builds a DPoP proof JWT (RFC 9449 §4.2): header `typ: dpop+jwt`, `alg`, the public `jwk`;
 * claims `jti` (random), `htm`, `htu`, `iat`, plus `ath` when an access token is given and
 * `nonce` when a nonce is. Options make the bad proofs a verifier must refuse (§4.3): wrong
 * `htm`/`htu`, stale `iat`, a replayed `jti`, a missing or wrong `ath`, a private `jwk`,
 * `alg: none`, a symmetric `alg`, another `typ`, a missing claim, extra header members, or a
 * signature by another key than the `jwk`.
 *
 * @example
 * ```ts
 * const key = await generateDpopKey();
 * const proof = await dpopProof({ key, htm: 'GET', htu: 'https://api.example/orders?page=2', accessToken });
 * const wrongKey = await dpopProof({
 *   key, htm: 'GET', htu: 'https://api.example/orders', accessToken, jwk: (await generateDpopKey()).publicJwk,
 * });
 * const noJti = await dpopProof({ key, htm: 'GET', htu: 'https://api.example/orders', claims: { jti: undefined } });
 * ```
 */
export async function dpopProof(options: DpopProofOptions): Promise<string> {
  const { key, htm, htu, accessToken, nonce } = options;
  if (typeof key?.alg !== 'string' || typeof htm !== 'string' || typeof htu !== 'string') {
    throw new TypeError('dpopProof() needs a key from generateDpopKey(), and htm and htu strings');
  }
  const alg = options.alg ?? key.alg;
  const typ = options.typ === undefined ? 'dpop+jwt' : options.typ;
  const header = withoutUndefined({
    typ: typ ?? undefined,
    alg,
    jwk: await headerJwk(options),
    ...options.header,
  });
  const iat = options.iat ?? Math.floor((options.now ?? Date.now)() / 1000);
  const claims = withoutUndefined({
    jti: options.jti ?? randomUUID(),
    htm,
    htu: htu.split(/[?#]/)[0],
    iat,
    ath: accessToken === undefined ? undefined : accessTokenHash(accessToken),
    nonce,
    ...options.claims,
  });
  const signingInput = `${encodeSegment(header)}.${encodeSegment(claims)}`;
  return `${signingInput}.${await signature(options, alg, signingInput)}`;
}
