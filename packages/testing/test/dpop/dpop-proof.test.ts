import { createHash, createHmac } from 'node:crypto';
import { base64url, decodeJwt, decodeProtectedHeader, EmbeddedJWK, jwtVerify } from 'jose';
import { dpopProof, generateDpopKey, startLocalIssuer } from '../../src/index.js';
import type { DpopKey, LocalIssuer } from '../../src/index.js';

const HTU = 'https://api.example/orders';

describe('dpopProof', () => {
  let key: DpopKey;

  beforeAll(async () => {
    key = await generateDpopKey();
  });

  it('builds a dpop+jwt signed by the key in its jwk header, with jti, htm, htu and iat', async () => {
    const proof = await dpopProof({ key, htm: 'GET', htu: HTU });
    const { payload, protectedHeader } = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt' });
    expect(protectedHeader).toEqual({ typ: 'dpop+jwt', alg: 'ES256', jwk: key.publicJwk });
    expect(payload).toEqual({ jti: expect.any(String), htm: 'GET', htu: HTU, iat: expect.any(Number) });
    expect(Math.abs((payload.iat as number) - Date.now() / 1000)).toBeLessThan(5);
  });

  it.each(['EdDSA', 'RS256', 'PS256'] as const)('signs with a %s key', async (alg) => {
    const other = await generateDpopKey(alg);
    const proof = await dpopProof({ key: other, htm: 'POST', htu: HTU });
    await expect(jwtVerify(proof, EmbeddedJWK, { algorithms: [alg] })).resolves.toBeDefined();
  });

  it('adds ath = base64url(SHA-256(access token)) and the nonce when given', async () => {
    const accessToken = 'eyJhbGciOi.some.token';
    const proof = await dpopProof({ key, htm: 'GET', htu: HTU, accessToken, nonce: 'n-1' });
    expect(decodeJwt(proof)).toMatchObject({
      ath: createHash('sha256').update(accessToken).digest('base64url'),
      nonce: 'n-1',
    });
  });

  it('drops the query and fragment of htu', async () => {
    expect(decodeJwt(await dpopProof({ key, htm: 'GET', htu: `${HTU}?page=2#top` })).htu).toBe(HTU);
  });

  it('gives every proof its own jti unless one is given', async () => {
    const [a, b] = await Promise.all([1, 2].map(() => dpopProof({ key, htm: 'GET', htu: HTU })));
    expect(decodeJwt(a as string).jti).not.toBe(decodeJwt(b as string).jti);
    expect(decodeJwt(await dpopProof({ key, htm: 'GET', htu: HTU, jti: 'again' })).jti).toBe('again');
  });

  it('takes iat as given, or from the given clock', async () => {
    expect(decodeJwt(await dpopProof({ key, htm: 'GET', htu: HTU, iat: 1_000 })).iat).toBe(1_000);
    expect(decodeJwt(await dpopProof({ key, htm: 'GET', htu: HTU, now: () => 5_000_500 })).iat).toBe(5_000);
  });

  it("puts the private JWK, with d, in the header for jwk: 'private'", async () => {
    const header = decodeProtectedHeader(await dpopProof({ key, htm: 'GET', htu: HTU, jwk: 'private' }));
    expect(header.jwk).toHaveProperty('d');
  });

  it("makes a signature that does not match another key's jwk", async () => {
    const other = await generateDpopKey();
    const proof = await dpopProof({ key, htm: 'GET', htu: HTU, jwk: other.publicJwk });
    expect(decodeProtectedHeader(proof).jwk).toEqual(other.publicJwk);
    await expect(jwtVerify(proof, EmbeddedJWK)).rejects.toMatchObject({
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });
  });

  it("leaves the signature empty for alg: 'none'", async () => {
    const proof = await dpopProof({ key, htm: 'GET', htu: HTU, alg: 'none' });
    expect(proof.split('.')[2]).toBe('');
    expect(decodeProtectedHeader(proof).alg).toBe('none');
  });

  it('makes a real HMAC keyed with the public JWK text for a symmetric alg', async () => {
    const proof = await dpopProof({ key, htm: 'GET', htu: HTU, alg: 'HS256' });
    const [header, payload, signature] = proof.split('.');
    const expected = createHmac('sha256', JSON.stringify(key.publicJwk))
      .update(`${header}.${payload}`)
      .digest('base64url');
    expect(signature).toBe(expected);
  });

  it('sets or omits typ, adds and removes header members and claims', async () => {
    const proof = await dpopProof({
      key,
      htm: 'GET',
      htu: HTU,
      typ: 'JWT',
      header: { kid: 'k1', jku: 'https://evil.example/jwks' },
      claims: { jti: undefined, htu: 'https://api.example/orders?verbatim=1', extra: true },
    });
    expect(decodeProtectedHeader(proof)).toMatchObject({ typ: 'JWT', kid: 'k1', jku: 'https://evil.example/jwks' });
    const claims = decodeJwt(proof);
    expect(claims).not.toHaveProperty('jti');
    expect(claims).toMatchObject({ htu: 'https://api.example/orders?verbatim=1', extra: true });
    expect(decodeProtectedHeader(await dpopProof({ key, htm: 'GET', htu: HTU, typ: null }))).not.toHaveProperty('typ');
  });

  it('rejects a missing key, htm or htu with a TypeError', async () => {
    await expect(dpopProof({ key: undefined as unknown as DpopKey, htm: 'GET', htu: HTU })).rejects.toThrow(TypeError);
    await expect(dpopProof({ key, htm: undefined as unknown as string, htu: HTU })).rejects.toThrow(TypeError);
  });
});

describe('LocalIssuer.dpopProof', () => {
  let issuer: LocalIssuer;

  beforeAll(async () => {
    issuer = await startLocalIssuer({ algorithms: ['ES256'], now: () => Date.UTC(2030, 0, 1) });
  });
  afterAll(() => issuer.close());

  it("takes iat from the issuer's clock", async () => {
    const proof = await issuer.dpopProof({ key: await generateDpopKey(), htm: 'GET', htu: HTU });
    expect(decodeJwt(proof).iat).toBe(Date.UTC(2030, 0, 1) / 1000);
    expect(base64url.decode(proof.split('.')[2] ?? '').length).toBe(64);
  });
});
