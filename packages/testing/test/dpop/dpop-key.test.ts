import { createHash } from 'node:crypto';
import { importJWK } from 'jose';
import { generateDpopKey } from '../../src/index.js';
import type { SigningAlgorithm } from '../../src/index.js';

/** RFC 7638 §3: SHA-256 over the required members in lexicographic order, no whitespace. */
function rfc7638(jwk: Record<string, unknown>): string {
  const members: Record<string, string[]> = {
    EC: ['crv', 'kty', 'x', 'y'],
    OKP: ['crv', 'kty', 'x'],
    RSA: ['e', 'kty', 'n'],
  };
  const names = members[jwk.kty as string] ?? [];
  const json = `{${names.map((name) => `"${name}":${JSON.stringify(jwk[name])}`).join(',')}}`;
  return createHash('sha256').update(json).digest('base64url');
}

describe('generateDpopKey', () => {
  it.each<[SigningAlgorithm, string, string | undefined]>([
    ['ES256', 'EC', 'P-256'],
    ['EdDSA', 'OKP', 'Ed25519'],
    ['RS256', 'RSA', undefined],
    ['PS256', 'RSA', undefined],
  ])('makes a %s key with a public %s JWK and its RFC 7638 thumbprint', async (alg, kty, crv) => {
    const key = await generateDpopKey(alg);
    expect(key.alg).toBe(alg);
    expect(key.publicJwk.kty).toBe(kty);
    expect(key.publicJwk.crv).toBe(crv);
    for (const member of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key.publicJwk).not.toHaveProperty(member);
    expect(key.thumbprint).toBe(rfc7638(key.publicJwk as Record<string, unknown>));
    expect(key.thumbprint).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await expect(importJWK(key.publicJwk, alg)).resolves.toBeDefined();
  });

  it('defaults to ES256', async () => {
    expect((await generateDpopKey()).alg).toBe('ES256');
  });

  it('makes a new key every time', async () => {
    const [a, b] = await Promise.all([generateDpopKey(), generateDpopKey()]);
    expect(a.thumbprint).not.toBe(b.thumbprint);
  });

  it('rejects an unknown algorithm with a TypeError', async () => {
    await expect(generateDpopKey('HS256' as SigningAlgorithm)).rejects.toThrow(TypeError);
  });
});
