import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, exportSPKI, importJWK, jwtVerify } from 'jose';
import type { CryptoKey } from 'jose';
import { startLocalIssuer } from '../src/index.js';
import type { LocalIssuer, SigningAlgorithm } from '../src/index.js';
import { fetchJwks, verifyAgainstJwks } from './support.js';

const NOW_MS = Date.now();

describe('mint', () => {
  let issuer: LocalIssuer;

  beforeAll(async () => {
    issuer = await startLocalIssuer({ now: () => NOW_MS });
  });
  afterAll(() => issuer.close());

  it('signs RS256 with typ at+jwt and the current kid by default', async () => {
    const header = decodeProtectedHeader(await issuer.mint());
    expect(header).toEqual({ alg: 'RS256', kid: issuer.currentKid('RS256'), typ: 'at+jwt' });
  });

  it('sets iss, sub, iat, exp and jti by default and leaves aud out', async () => {
    const claims = decodeJwt(await issuer.mint());
    const iat = Math.floor(NOW_MS / 1000);
    expect(claims).toEqual({
      iss: issuer.issuer,
      sub: 'user-123',
      iat,
      exp: iat + 300,
      jti: expect.any(String),
    });
    expect(claims).not.toHaveProperty('aud');
  });

  it('gives every token its own jti', async () => {
    const [a, b] = await Promise.all([issuer.mint(), issuer.mint()]);
    expect(decodeJwt(a as string).jti).not.toBe(decodeJwt(b as string).jti);
  });

  it.each<SigningAlgorithm>(['RS256', 'PS256', 'ES256', 'EdDSA'])(
    'mints a %s token that verifies against the fetched JWKS',
    async (alg) => {
      const token = await issuer.mint({ aud: 'api' }, { alg });
      const { payload, protectedHeader } = await verifyAgainstJwks(issuer, token);
      expect(protectedHeader.alg).toBe(alg);
      expect(protectedHeader.kid).toBe(issuer.currentKid(alg));
      expect(payload.aud).toBe('api');
    },
  );

  it('lets every claim override a default', async () => {
    const overrides = { sub: 'alice', iss: 'https://elsewhere.example', aud: ['a', 'b'], jti: 'j1' };
    expect(decodeJwt(await issuer.mint(overrides))).toMatchObject(overrides);
  });

  it('removes a claim that is set to undefined', async () => {
    const claims = decodeJwt(await issuer.mint({ exp: undefined, jti: undefined }));
    expect(claims).not.toHaveProperty('exp');
    expect(claims).not.toHaveProperty('jti');
    expect(claims.sub).toBe('user-123');
  });

  it('passes hostile claim values through unchanged', async () => {
    const claims = decodeJwt(await issuer.mint({ exp: '9999999999', nbf: 1e300, iss: null }));
    expect(claims).toMatchObject({ exp: '9999999999', nbf: 1e300, iss: null });
  });

  it('sets exp to iat plus expiresIn', async () => {
    const claims = decodeJwt(await issuer.mint({}, { expiresIn: 60 }));
    expect(claims.exp).toBe(Math.floor(NOW_MS / 1000) + 60);
  });

  it('counts exp from an overridden numeric iat', async () => {
    const claims = decodeJwt(await issuer.mint({ iat: 1_000 }, { expiresIn: 60 }));
    expect(claims).toMatchObject({ iat: 1_000, exp: 1_060 });
  });

  it('overrides typ, or omits it when typ is null', async () => {
    expect(decodeProtectedHeader(await issuer.mint({}, { typ: 'JWT' })).typ).toBe('JWT');
    expect(decodeProtectedHeader(await issuer.mint({}, { typ: null }))).not.toHaveProperty('typ');
  });

  it('puts an overridden kid in the header', async () => {
    expect(decodeProtectedHeader(await issuer.mint({}, { kid: 'random-kid' })).kid).toBe('random-kid');
  });

  it('adds extra header fields such as jku and crit', async () => {
    const header = { jku: 'https://evil.example/jwks', crit: ['exp-ext'], 'exp-ext': 1 };
    expect(decodeProtectedHeader(await issuer.mint({}, { header }))).toMatchObject(header);
  });

  it('refuses an alg inside options.header with a TypeError', async () => {
    await expect(issuer.mint({}, { header: { alg: 'none' } })).rejects.toThrow(TypeError);
  });

  it("signs with a key outside the JWKS under the real kid when signWith is 'foreign-key'", async () => {
    const token = await issuer.mint({ aud: 'api' }, { alg: 'ES256', signWith: 'foreign-key' });
    expect(decodeProtectedHeader(token).kid).toBe(issuer.currentKid('ES256'));
    await expect(verifyAgainstJwks(issuer, token)).rejects.toMatchObject({
      code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });
  });

  it("signs HS256 with the RSA public key PEM as secret when signWith is 'hs256-public-key'", async () => {
    const token = await issuer.mint({ aud: 'api' }, { signWith: 'hs256-public-key' });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'HS256', kid: issuer.currentKid('RS256') });

    const jwk = (await fetchJwks(issuer)).keys.find((key) => key.kid === issuer.currentKid('RS256'));
    const pem = await exportSPKI((await importJWK({ ...jwk }, 'RS256')) as CryptoKey);
    await expect(jwtVerify(token, new TextEncoder().encode(pem))).resolves.toBeDefined();
    await expect(jwtVerify(token, createLocalJWKSet(await fetchJwks(issuer)))).rejects.toThrow();
  });

  it('defaults to the first algorithm of an issuer started without RS256', async () => {
    const small = await startLocalIssuer({ algorithms: ['EdDSA', 'ES256'] });
    try {
      const token = await small.mint();
      expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'EdDSA', kid: small.currentKid('EdDSA') });
      await expect(verifyAgainstJwks(small, token)).resolves.toBeDefined();
    } finally {
      await small.close();
    }
  });

  it('rejects an algorithm the issuer was not started with as a TypeError', async () => {
    const small = await startLocalIssuer({ algorithms: ['ES256'] });
    try {
      await expect(small.mint({}, { alg: 'RS256' })).rejects.toThrow(TypeError);
      await expect(small.mint({}, { signWith: 'hs256-public-key', alg: 'ES256' })).rejects.toThrow(TypeError);
    } finally {
      await small.close();
    }
  });
});
