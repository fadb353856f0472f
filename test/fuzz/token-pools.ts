import type { LocalIssuer } from '@access-guard/testing';
import type { TokenPools } from './request-arbitraries.js';

const LIFETIME = 7200; // seconds: longer than any fuzz run, so pool verdicts never change mid-run

/** Pools minted once per run, with which of them an app must accept. */
export interface MintedPools extends TokenPools {
  /** Opaque tokens the issuer vouches for, for this API (introspection must accept them). */
  readonly activeOpaque: ReadonlySet<string>;
}

/**
 * Valid JWTs (every algorithm, aud as string and array, typ at+jwt / JWT / absent), hostile JWTs
 * (SPEC §6: alg none, HS256 with the public key, foreign key, jku, crit, expired, wrong aud/iss,
 * JWE, ID-token typ, array payload, another key's kid) and opaque tokens (active or not).
 */
export async function mintPools(issuer: LocalIssuer, audience: string): Promise<MintedPools> {
  const now = Math.floor(Date.now() / 1000);
  const aud = { aud: audience };
  const long = { expiresIn: LIFETIME };
  const valid = await Promise.all([
    issuer.mint(aud, { ...long, alg: 'RS256' }),
    issuer.mint(aud, { ...long, alg: 'PS256' }),
    issuer.mint(aud, { ...long, alg: 'ES256' }),
    issuer.mint(aud, { ...long, alg: 'EdDSA' }),
    issuer.mint(
      { aud: ['https://other.api.test', audience], scope: 'read:accounts transfer:funds' },
      { ...long, alg: 'ES256', typ: 'JWT' },
    ),
    issuer.mint({ ...aud, nbf: now - 60, email_verified: true }, { ...long, alg: 'EdDSA', typ: null }),
    issuer.mint(aud, { ...long, typ: 'application/at+jwt' }),
  ]);
  const payload = { iss: issuer.issuer, ...aud, sub: 'mallory', exp: now + LIFETIME };
  const hostile = await Promise.all([
    issuer.forge({ header: { alg: 'none', typ: 'at+jwt' }, payload, signature: 'none' }),
    issuer.forge({ header: { alg: 'NONE' }, payload, signature: 'none' }),
    issuer.mint(aud, { ...long, signWith: 'hs256-public-key' }),
    issuer.mint(aud, { ...long, signWith: 'foreign-key', alg: 'ES256' }),
    issuer.mint(aud, { ...long, header: { jku: 'https://attacker.example/jwks' } }),
    issuer.mint(aud, { ...long, header: { crit: ['exp-policy'], 'exp-policy': 1 } }),
    issuer.mint({ ...aud, iat: now - 600 }, { expiresIn: 60 }),
    issuer.mint({ aud: 'https://other.api.test' }, long),
    issuer.mint({ ...aud, iss: `${issuer.issuer}/` }, long),
    issuer.mint(aud, { ...long, typ: 'id_token+jwt' }),
    issuer.mint(aud, { ...long, kid: issuer.currentKid('ES256') }),
    issuer.forge({ header: { alg: 'RS256', kid: issuer.currentKid('RS256'), typ: 'at+jwt' }, payload: [payload] }),
    `${Buffer.from('{"alg":"RSA-OAEP","enc":"A256GCM"}').toString('base64url')}.a.b.c.d`,
  ]);
  const active = [
    issuer.issueOpaqueToken({ ...aud, expiresIn: LIFETIME }),
    issuer.issueOpaqueToken({ ...aud, expiresIn: LIFETIME, scope: 'read:accounts', sub: 'alice' }),
    issuer.issueOpaqueToken({ aud: ['https://other.api.test', audience], expiresIn: LIFETIME }),
  ];
  const revoked = issuer.issueOpaqueToken({ ...aud, expiresIn: LIFETIME });
  issuer.revoke(revoked);
  const opaque = [
    ...active,
    revoked,
    issuer.issueOpaqueToken({ aud: 'https://other.api.test', expiresIn: LIFETIME }),
    issuer.issueOpaqueToken({ expiresIn: LIFETIME }), // no aud: refused while requireAudience is on
    issuer.issueOpaqueToken({ ...aud, expiresIn: -60 }),
  ];
  return { valid, hostile, opaque, activeOpaque: new Set(active) };
}
