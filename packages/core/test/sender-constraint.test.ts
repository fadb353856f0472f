import {
  createClientCertificate,
  dpopProof,
  generateDpopKey,
  startLocalIssuer,
  type DpopKey,
  type LocalIssuer,
} from '@access-guard/testing';
import { X509Certificate } from 'node:crypto';
import { createAuthenticator } from '../src/authenticator.js';
import type { AuthOptions } from '../src/options.js';

// The checks of sender-constrained tokens that the behaviour table cannot reach from HTTP.

const AUDIENCE = 'https://api.sender.test';
let issuer: LocalIssuer;
let key: DpopKey;
beforeAll(async () => {
  [issuer, key] = await Promise.all([startLocalIssuer({ algorithms: ['ES256'] }), generateDpopKey('ES256')]);
});
afterAll(() => issuer.close());
afterEach(() => issuer.setFault('all', null));

const create = (options: Partial<AuthOptions> = {}) =>
  createAuthenticator({ issuer: issuer.issuer, audience: AUDIENCE, onEvent: () => undefined, ...options });
const dpopRequest = async (token: string, origin?: string) => ({
  rawHeaders: [
    'Authorization',
    `DPoP ${token}`,
    'DPoP',
    await dpopProof({ key, htm: 'GET', htu: 'https://api.sender.test/x', accessToken: token }),
  ],
  method: 'GET',
  url: '/x',
  origin,
});

describe('sender-constrained tokens', () => {
  it('refuses a bound token through verifyToken, which has no request to prove it', async () => {
    const token = await issuer.mint({ aud: AUDIENCE }, { dpop: key });
    await expect(create().verifyToken(token)).rejects.toMatchObject({ reason: 'bound_token_as_bearer' });
  });

  it('answers 500 ConfigurationError when the adapter gives no origin to check htu against', async () => {
    const token = await issuer.mint({ aud: AUDIENCE }, { dpop: key });
    await expect(create().authenticate(await dpopRequest(token))).rejects.toMatchObject({
      status: 500,
      detail: expect.objectContaining({ fix: expect.stringContaining('dpop.origin') }),
    });
    await expect(create().authenticate(await dpopRequest(token, 'https://api.sender.test'))).resolves.toMatchObject({
      auth: { scheme: 'DPoP', confirmation: { jkt: key.thumbprint } },
    });
  });

  it('refuses a DPoP-bound introspection answer whose token_type is another', async () => {
    const token = issuer.issueOpaqueToken({ aud: AUDIENCE });
    issuer.setFault('introspection', {
      status: 200,
      body: JSON.stringify({ active: true, aud: AUDIENCE, cnf: { jkt: key.thumbprint }, token_type: 'Bearer' }),
    });
    const authenticator = create({
      opaqueTokens: { via: 'introspection', clientId: 'resource-server', clientSecret: 'resource-server-secret' },
    });
    await expect(authenticator.authenticate(await dpopRequest(token, 'https://api.sender.test'))).rejects.toMatchObject(
      {
        reason: 'not_an_access_token',
      },
    );
  });

  it('refuses a key-bound token as Bearer even when the DPoP scheme is off, on the Bearer challenge', async () => {
    const token = await issuer.mint({ aud: AUDIENCE }, { dpop: key });
    const error = await create({ dpop: false })
      .authenticate({ rawHeaders: ['Authorization', `Bearer ${token}`], method: 'GET', url: '/' })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 401, reason: 'bound_token_as_bearer', scheme: 'Bearer' });
  });

  it('checks a certificate-bound token against the TLS connection, and both bindings when both are there', async () => {
    const certificate = await createClientCertificate();
    const der = new X509Certificate(certificate.certificate).raw;
    const token = await issuer.mint({ aud: AUDIENCE }, { certificate });
    const request = { rawHeaders: ['Authorization', `Bearer ${token}`], method: 'GET', url: '/' };
    await expect(create().authenticate({ ...request, clientCertificate: () => der })).resolves.toMatchObject({
      auth: { confirmation: { 'x5t#S256': certificate.thumbprint } },
    });
    const both = await issuer.mint({ aud: AUDIENCE }, { certificate, dpop: key });
    const bothRequest = { ...(await dpopRequest(both, 'https://api.sender.test')), clientCertificate: () => der };
    await expect(create().authenticate(bothRequest)).resolves.toMatchObject({
      auth: { confirmation: { jkt: key.thumbprint, 'x5t#S256': certificate.thumbprint } },
    });
    const noCertificate = await dpopRequest(both, 'https://api.sender.test');
    await expect(create().authenticate(noCertificate)).rejects.toMatchObject({ reason: 'certificate_required' });
  });

  it('refuses a certificate-bound token as Bearer when DPoP is required, and with the DPoP scheme', async () => {
    const certificate = await createClientCertificate();
    const der = new X509Certificate(certificate.certificate).raw;
    const token = await issuer.mint({ aud: AUDIENCE }, { certificate });
    const asBearer = {
      rawHeaders: ['Authorization', `Bearer ${token}`],
      method: 'GET',
      url: '/',
      clientCertificate: () => der,
    };
    await expect(create({ dpop: { required: true } }).authenticate(asBearer)).rejects.toMatchObject({
      reason: 'bearer_not_accepted',
    });
    const asDpop = { ...(await dpopRequest(token, 'https://api.sender.test')), clientCertificate: () => der };
    await expect(create().authenticate(asDpop)).rejects.toMatchObject({ reason: 'unbound_token_as_dpop' });
  });
});
