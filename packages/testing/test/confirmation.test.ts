import { decodeJwt } from 'jose';
import { createClientCertificate, generateDpopKey, startLocalIssuer } from '../src/index.js';
import type { DpopKey, LocalIssuer, TestCertificate } from '../src/index.js';
import { introspect } from './support.js';

describe('sender-constrained tokens (cnf)', () => {
  let issuer: LocalIssuer;
  let key: DpopKey;
  let certificate: TestCertificate;

  beforeAll(async () => {
    [issuer, key, certificate] = await Promise.all([
      startLocalIssuer({ algorithms: ['ES256'] }),
      generateDpopKey(),
      createClientCertificate(),
    ]);
  });
  afterAll(() => issuer.close());

  describe('mint', () => {
    it('adds cnf.jkt for a DPoP key or its thumbprint (RFC 9449 §6.1)', async () => {
      expect(decodeJwt(await issuer.mint({}, { dpop: key })).cnf).toEqual({ jkt: key.thumbprint });
      expect(decodeJwt(await issuer.mint({}, { dpop: 'abc' })).cnf).toEqual({ jkt: 'abc' });
    });

    it("adds cnf['x5t#S256'] for a certificate or its thumbprint (RFC 8705 §3.1)", async () => {
      expect(decodeJwt(await issuer.mint({}, { certificate })).cnf).toEqual({ 'x5t#S256': certificate.thumbprint });
      expect(decodeJwt(await issuer.mint({}, { certificate: 'xyz' })).cnf).toEqual({ 'x5t#S256': 'xyz' });
    });

    it('puts both members in one cnf when both are given', async () => {
      const claims = decodeJwt(await issuer.mint({}, { dpop: key, certificate }));
      expect(claims.cnf).toEqual({ jkt: key.thumbprint, 'x5t#S256': certificate.thumbprint });
    });

    it('lets a cnf claim override the binding', async () => {
      expect(decodeJwt(await issuer.mint({ cnf: { jkt: 'mine' } }, { dpop: key })).cnf).toEqual({ jkt: 'mine' });
    });

    it('adds no cnf by default', async () => {
      expect(decodeJwt(await issuer.mint())).not.toHaveProperty('cnf');
    });

    it('rejects a binding that is neither a key nor a thumbprint with a TypeError', async () => {
      await expect(issuer.mint({}, { dpop: '' })).rejects.toThrow(TypeError);
      await expect(issuer.mint({}, { certificate: {} as TestCertificate })).rejects.toThrow(TypeError);
    });
  });

  describe('issueOpaqueToken', () => {
    it("answers cnf.jkt and token_type 'DPoP' at introspection for a DPoP-bound token", async () => {
      const token = issuer.issueOpaqueToken({ dpop: key });
      expect(await (await introspect(issuer, token)).json()).toMatchObject({
        active: true,
        token_type: 'DPoP',
        cnf: { jkt: key.thumbprint },
      });
    });

    it("answers cnf['x5t#S256'] with token_type Bearer for a certificate-bound token", async () => {
      const token = issuer.issueOpaqueToken({ certificate: certificate.thumbprint });
      expect(await (await introspect(issuer, token)).json()).toMatchObject({
        token_type: 'Bearer',
        cnf: { 'x5t#S256': certificate.thumbprint },
      });
    });

    it('answers a minted DPoP-bound JWT with token_type DPoP too', async () => {
      const token = await issuer.mint({}, { dpop: key });
      expect(await (await introspect(issuer, token)).json()).toMatchObject({ token_type: 'DPoP' });
    });
  });
});
