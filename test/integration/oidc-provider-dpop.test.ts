import type { RequestListener } from 'node:http';
import request from 'supertest';
import { dpopProof, generateDpopKey, type DpopKey } from '@access-guard/testing';
import { ADAPTERS, ROUTES } from '../behaviour/apps.js';
import { parseChallenges } from '../behaviour/challenge.js';
import { startOidcProvider, type OidcProviderHarness } from '../support/oidc-provider.js';

// DPoP-bound tokens from a real authorization server (oidc-provider 9 with its DPoP feature), with
// real proofs, on every adapter (RFC 9449). Requests name the host they address, so the proofs' htu
// is known.

const HOST = 'api.dpop.test';
const HTU = `http://${HOST}${ROUTES.protected}`;
let op: OidcProviderHarness;
let key: DpopKey;
beforeAll(async () => {
  [op, key] = await Promise.all([startOidcProvider(), generateDpopKey('ES256')]);
});
afterAll(async () => {
  await op.close();
});

/** The error of the DPoP challenge, and of the Bearer one. */
function errors(response: request.Response): { dpop?: string; bearer?: string } {
  const { DPoP, Bearer } = parseChallenges(response.headers['www-authenticate'] ?? '');
  return { dpop: DPoP?.['error'], bearer: Bearer?.['error'] };
}

describe.each(ADAPTERS)('$name against oidc-provider (DPoP)', (adapter) => {
  let app: RequestListener;
  let required: RequestListener;
  let opaque: RequestListener;
  beforeAll(() => {
    app = adapter.createApp({
      issuer: op.issuer,
      audience: op.resources.rs256,
      typ: 'strict',
      onEvent: () => undefined,
    });
    required = adapter.createApp({ issuer: op.issuer, audience: op.resources.rs256, dpop: { required: true } });
    opaque = adapter.createApp({
      issuer: op.issuer,
      audience: op.resources.opaque,
      opaqueTokens: { via: 'introspection', ...op.introspectionClient },
    });
  });

  const proofFor = (token: string, overrides: { htm?: string; htu?: string; jti?: string } = {}) =>
    dpopProof({ key, htm: overrides.htm ?? 'GET', htu: overrides.htu ?? HTU, accessToken: token, jti: overrides.jti });
  const send = (target: RequestListener, token: string, proof: string) =>
    request(target).get(ROUTES.protected).set('host', HOST).set('authorization', `DPoP ${token}`).set('dpop', proof);

  it('accepts a DPoP-bound JWT with a valid proof', async () => {
    const token = await op.clientCredentialsToken({ resource: op.resources.rs256, scope: 'read:accounts', dpop: key });
    const response = await send(app, token, await proofFor(token)).expect(200);
    expect(response.body).toMatchObject({ scheme: 'DPoP', confirmation: { jkt: key.thumbprint } });
  });

  it('refuses the same proof replayed', async () => {
    const token = await op.clientCredentialsToken({ resource: op.resources.rs256, dpop: key });
    const proof = await proofFor(token);
    await send(app, token, proof).expect(200);
    const replayed = await send(app, token, proof).expect(401);
    expect(errors(replayed).dpop).toBe('invalid_dpop_proof');
  });

  it('refuses a proof for another URL or another method', async () => {
    const token = await op.clientCredentialsToken({ resource: op.resources.rs256, dpop: key });
    const url = await send(app, token, await proofFor(token, { htu: `http://${HOST}/other` })).expect(401);
    const method = await send(app, token, await proofFor(token, { htm: 'POST' })).expect(401);
    expect([errors(url).dpop, errors(method).dpop]).toEqual(['invalid_dpop_proof', 'invalid_dpop_proof']);
  });

  it('refuses the DPoP-bound token presented as Bearer', async () => {
    const token = await op.clientCredentialsToken({ resource: op.resources.rs256, dpop: key });
    const response = await request(app).get(ROUTES.protected).set('authorization', `Bearer ${token}`).expect(401);
    expect(errors(response).dpop).toBe('invalid_token');
  });

  it('refuses a plain bearer token when DPoP is required, and accepts a bound one', async () => {
    const plain = await op.clientCredentialsToken({ resource: op.resources.rs256 });
    const refused = await request(required).get(ROUTES.protected).set('authorization', `Bearer ${plain}`).expect(401);
    expect(errors(refused).dpop).toBe('invalid_token');
    const bound = await op.clientCredentialsToken({ resource: op.resources.rs256, dpop: key });
    await send(required, bound, await proofFor(bound)).expect(200);
  });

  it('accepts a DPoP-bound opaque token, the introspection answer naming its key and token_type DPoP', async () => {
    const token = await op.clientCredentialsToken({ resource: op.resources.opaque, dpop: key });
    const response = await send(opaque, token, await proofFor(token)).expect(200);
    expect(response.body).toMatchObject({ format: 'opaque', scheme: 'DPoP', confirmation: { jkt: key.thumbprint } });
    const asBearer = await request(opaque).get(ROUTES.protected).set('authorization', `Bearer ${token}`).expect(401);
    expect(errors(asBearer).dpop).toBe('invalid_token');
  });
});
