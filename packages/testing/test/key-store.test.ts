import { startLocalIssuer } from '../src/index.js';
import type { LocalIssuer } from '../src/index.js';
import { fetchJwks, verifyAgainstJwks } from './support.js';

describe('the JWKS endpoint', () => {
  let issuer: LocalIssuer;

  beforeAll(async () => {
    issuer = await startLocalIssuer();
  });
  afterAll(() => issuer.close());

  it('lists one public signing key per algorithm with kid, alg and use', async () => {
    const { keys } = await fetchJwks(issuer);
    expect(keys.map((key) => key.alg)).toEqual(['RS256', 'PS256', 'ES256', 'EdDSA']);
    for (const key of keys) {
      expect(key).toMatchObject({ use: 'sig', kid: issuer.currentKid(key.alg as 'RS256') });
    }
  });

  it('describes each key with the right key type and curve', async () => {
    const { keys } = await fetchJwks(issuer);
    expect(keys.map((key) => [key.kty, key.crv])).toEqual([
      ['RSA', undefined],
      ['RSA', undefined],
      ['EC', 'P-256'],
      ['OKP', 'Ed25519'],
    ]);
  });

  it('never publishes private key material', async () => {
    for (const key of (await fetchJwks(issuer)).keys) {
      for (const privateMember of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key).not.toHaveProperty(privateMember);
    }
  });

  it('answers with a JSON content type', async () => {
    const response = await fetch(issuer.jwksUri);
    expect(response.headers.get('content-type')).toMatch(/json/);
  });

  it('lists only the configured algorithms', async () => {
    const small = await startLocalIssuer({ algorithms: ['ES256'] });
    try {
      expect((await fetchJwks(small)).keys.map((key) => key.alg)).toEqual(['ES256']);
    } finally {
      await small.close();
    }
  });
});

describe('rotateKeys', () => {
  let issuer: LocalIssuer;

  beforeAll(async () => {
    issuer = await startLocalIssuer({ algorithms: ['ES256', 'EdDSA'] });
  });
  afterAll(() => issuer.close());

  it('replaces every kid in the JWKS', async () => {
    const before = (await fetchJwks(issuer)).keys.map((key) => key.kid);
    await issuer.rotateKeys();
    const after = (await fetchJwks(issuer)).keys.map((key) => key.kid);
    expect(after).toHaveLength(2);
    for (const kid of after) expect(before).not.toContain(kid);
  });

  it('signs new tokens with the new keys', async () => {
    await issuer.rotateKeys();
    const token = await issuer.mint({}, { alg: 'ES256' });
    await expect(verifyAgainstJwks(issuer, token)).resolves.toBeDefined();
  });

  it('leaves tokens signed with the old keys unverifiable', async () => {
    const old = await issuer.mint({}, { alg: 'ES256' });
    await issuer.rotateKeys();
    await expect(verifyAgainstJwks(issuer, old)).rejects.toMatchObject({ code: 'ERR_JWKS_NO_MATCHING_KEY' });
  });

  it('puts a generation number in each new kid', async () => {
    const kid = issuer.currentKid('ES256');
    await issuer.rotateKeys();
    const generation = (value: string) => Number(value.split('-')[1]);
    expect(generation(issuer.currentKid('ES256'))).toBe(generation(kid) + 1);
  });
});
