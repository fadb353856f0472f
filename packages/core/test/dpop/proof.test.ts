import { createHash } from 'node:crypto';
import { dpopProof, generateDpopKey, type DpopKey, type DpopProofOptions } from '@access-guard/testing';
import { InvalidDpopProofError } from '../../src/errors.js';
import { verifyDpopProof, type ProofContext } from '../../src/dpop/proof.js';

const TOKEN = 'an-access-token';
const NOW = Math.floor(Date.now() / 1000);
const context: ProofContext = {
  method: 'GET',
  htu: 'https://api.example/things',
  accessToken: TOKEN,
  nowSeconds: NOW,
  algorithms: ['ES256', 'EdDSA', 'RS256', 'PS256'],
  iatWindowSeconds: 300,
};
let key: DpopKey;
let other: DpopKey;
beforeAll(async () => {
  [key, other] = await Promise.all([generateDpopKey('ES256'), generateDpopKey('EdDSA')]);
});

const proof = (options: Partial<DpopProofOptions> = {}) =>
  dpopProof({ key, htm: 'GET', htu: 'https://api.example/things', accessToken: TOKEN, iat: NOW, ...options });

function refusal(value: string, changes: Partial<ProofContext> = {}): string {
  try {
    verifyDpopProof(value, { ...context, ...changes });
  } catch (error) {
    if (error instanceof InvalidDpopProofError) return error.message;
    throw error;
  }
  throw new Error('the proof was accepted');
}

describe('verifyDpopProof', () => {
  it('accepts a valid proof and gives the thumbprint of its key', async () => {
    const verified = verifyDpopProof(await proof({ jti: 'j-1' }), context);
    expect(verified).toMatchObject({ jkt: key.thumbprint, jti: 'j-1', iat: NOW, nonce: undefined });
  });

  it('accepts EdDSA and RSA keys too', async () => {
    for (const alg of ['EdDSA', 'RS256', 'PS256'] as const) {
      const signer = await generateDpopKey(alg);
      expect(verifyDpopProof(await proof({ key: signer }), context).jkt).toBe(signer.thumbprint);
    }
  });

  it('gives the nonce the proof carries', async () => {
    expect(verifyDpopProof(await proof({ nonce: 'n-1' }), context).nonce).toBe('n-1');
  });

  it.each<[string, Partial<DpopProofOptions>, string]>([
    ['another method', { htm: 'POST' }, 'another method'],
    ['another URL', { htu: 'https://api.example/other' }, 'another URL'],
    ['another host', { htu: 'https://evil.example/things' }, 'another URL'],
    ['an old iat', { iat: NOW - 301 }, 'too old'],
    ['a future iat', { iat: NOW + 301 }, 'too old or from the future'],
    ['no ath', { accessToken: undefined }, 'another access token'],
    ['the ath of another token', { accessToken: 'another-token' }, 'another access token'],
    ['a private jwk', { jwk: 'private' }, 'not a public key'],
    ['alg none', { alg: 'none' }, 'not a compact JWS'],
    ['alg HS256', { alg: 'HS256' }, 'algorithm is not allowed'],
    ['typ JWT', { typ: 'JWT' }, 'wrong typ'],
    ['no typ', { typ: null }, 'wrong typ'],
    ['no jti', { claims: { jti: undefined } }, 'no valid jti'],
    ['a numeric jti', { claims: { jti: 7 } }, 'no valid jti'],
    ['a jti of 300 characters', { claims: { jti: 'j'.repeat(300) } }, 'no valid jti'],
    ['no iat', { claims: { iat: undefined } }, 'too old'],
    ['a string iat', { claims: { iat: String(NOW) } }, 'too old'],
    ['no htm', { claims: { htm: undefined } }, 'another method'],
    ['no htu', { claims: { htu: undefined } }, 'another URL'],
    ['no jwk', { header: { jwk: undefined } }, 'has no jwk'],
  ])('refuses a proof with %s', async (_label, options, message) => {
    expect(refusal(await proof(options))).toContain(message);
  });

  it('refuses a proof whose signature is by another key than its jwk', async () => {
    expect(refusal(await proof({ jwk: other.publicJwk }))).toContain('cannot be used');
    const sameFamily = await generateDpopKey('ES256');
    expect(refusal(await proof({ jwk: sameFamily.publicJwk }))).toContain('signature is invalid');
  });

  it('refuses an algorithm outside the allowlist and a key that cannot do it', async () => {
    expect(refusal(await proof(), { algorithms: ['EdDSA'] })).toContain('not allowed');
    expect(refusal(await proof({ alg: 'RS256' }))).toContain('cannot be used');
  });

  it('refuses what is not a JWS, and a header that is not JSON', () => {
    expect(refusal('a.b')).toContain('not a compact JWS');
    const header = Buffer.from('not json').toString('base64url');
    expect(refusal(`${header}.e30.c2ln`)).toContain('malformed');
  });

  it('compares ath as base64url(SHA-256(token)) (RFC 9449 §4.2)', async () => {
    const value = await proof();
    const claims = JSON.parse(Buffer.from(value.split('.')[1] as string, 'base64url').toString()) as { ath: string };
    expect(claims.ath).toBe(createHash('sha256').update(TOKEN).digest('base64url'));
  });
});
