import { decodeJwt, decodeProtectedHeader } from 'jose';
import { startLocalIssuer } from '../src/index.js';
import type { LocalIssuer } from '../src/index.js';
import { basicAuth, introspect, postToken, verifyAgainstJwks } from './support.js';

const NOW_MS = Date.UTC(2030, 0, 1);
const NOW = NOW_MS / 1000;
const APP = { clientId: 'billing-job', clientSecret: 'b1ll!ng secret' };
const APP_AUTH = { authorization: basicAuth(APP.clientId, APP.clientSecret) };
const CC = { grant_type: 'client_credentials' };

interface TokenAnswer {
  access_token: string;
  token_type: string;
  expires_in: number;
  scope?: string;
}

describe('the token endpoint', () => {
  let issuer: LocalIssuer;

  beforeAll(async () => {
    issuer = await startLocalIssuer({
      now: () => NOW_MS,
      clients: [
        APP,
        {
          clientId: 'reporting',
          clientSecret: 'r3port',
          audience: 'https://reports.example',
          scopes: ['read', 'export'],
        },
        {
          clientId: 'legacy',
          clientSecret: 'l3gacy',
          audience: ['https://a.example', 'https://b.example'],
          tokenFormat: 'opaque',
          expiresIn: 60,
        },
      ],
    });
  });
  afterAll(() => issuer.close());

  describe('a granted request', () => {
    it('answers a Bearer JWT with expires_in and the granted scope, not to be stored', async () => {
      const response = await postToken(
        issuer,
        { ...CC, scope: 'read write', audience: 'https://api.example' },
        APP_AUTH,
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(response.headers.get('cache-control')).toBe('no-store');
      const answer = (await response.json()) as TokenAnswer;
      expect(answer).toEqual({
        access_token: expect.any(String),
        token_type: 'Bearer',
        expires_in: 300,
        scope: 'read write',
      });
    });

    it('mints a JWT shaped like mint(): at+jwt, iss, sub and client_id of the client, aud, scope, jti', async () => {
      const response = await postToken(issuer, { ...CC, scope: 'read', audience: 'https://api.example' }, APP_AUTH);
      const { access_token: token } = (await response.json()) as TokenAnswer;
      expect(decodeProtectedHeader(token)).toMatchObject({ typ: 'at+jwt', alg: 'RS256' });
      const { payload } = await verifyAgainstJwks(issuer, token);
      expect(payload).toEqual({
        iss: issuer.issuer,
        sub: APP.clientId,
        client_id: APP.clientId,
        aud: 'https://api.example',
        scope: 'read',
        iat: NOW,
        exp: NOW + 300,
        jti: expect.any(String),
      });
    });

    it('authenticates with client_secret_post as well as client_secret_basic', async () => {
      const fields = {
        ...CC,
        client_id: APP.clientId,
        client_secret: APP.clientSecret,
        audience: 'https://api.example',
      };
      const response = await postToken(issuer, fields);
      expect(response.status).toBe(200);
      expect(decodeJwt(((await response.json()) as TokenAnswer).access_token).sub).toBe(APP.clientId);
    });

    it('accepts a client_id parameter that names the Basic client', async () => {
      const response = await postToken(issuer, { ...CC, client_id: APP.clientId, audience: 'x' }, APP_AUTH);
      expect(response.status).toBe(200);
    });

    it('leaves scope out of the token and the answer when none is requested', async () => {
      const response = await postToken(issuer, { ...CC, audience: 'https://api.example' }, APP_AUTH);
      const answer = (await response.json()) as TokenAnswer;
      expect(answer).not.toHaveProperty('scope');
      expect(decodeJwt(answer.access_token)).not.toHaveProperty('scope');
    });

    it('takes the audience from an RFC 8707 resource parameter', async () => {
      const response = await postToken(issuer, { ...CC, resource: 'https://api.example/v1' }, APP_AUTH);
      expect(decodeJwt(((await response.json()) as TokenAnswer).access_token).aud).toBe('https://api.example/v1');
    });

    it('makes an aud array from several resource parameters', async () => {
      const resource = ['https://a.example', 'https://b.example', 'https://a.example'];
      const response = await postToken(issuer, { ...CC, resource }, APP_AUTH);
      const { aud } = decodeJwt(((await response.json()) as TokenAnswer).access_token);
      expect(aud).toEqual(['https://a.example', 'https://b.example']);
    });

    it("uses the client's default audience and grants all its scopes when the request names none", async () => {
      const response = await postToken(issuer, CC, { authorization: basicAuth('reporting', 'r3port') });
      const answer = (await response.json()) as TokenAnswer;
      expect(answer.scope).toBe('read export');
      expect(decodeJwt(answer.access_token)).toMatchObject({ aud: 'https://reports.example', scope: 'read export' });
    });

    it('grants a subset of the scopes a client may have', async () => {
      const response = await postToken(
        issuer,
        { ...CC, scope: 'export' },
        { authorization: basicAuth('reporting', 'r3port') },
      );
      expect(((await response.json()) as TokenAnswer).scope).toBe('export');
    });

    it('issues an introspectable opaque token to a client configured for them', async () => {
      const response = await postToken(
        issuer,
        { ...CC, scope: 'read' },
        { authorization: basicAuth('legacy', 'l3gacy') },
      );
      const answer = (await response.json()) as TokenAnswer;
      expect(answer).toMatchObject({ token_type: 'Bearer', expires_in: 60, scope: 'read' });
      expect(answer.access_token).not.toContain('.');
      expect(await (await introspect(issuer, answer.access_token, APP_AUTH.authorization)).json()).toMatchObject({
        active: true,
        sub: 'legacy',
        client_id: 'legacy',
        aud: ['https://a.example', 'https://b.example'],
        scope: 'read',
        exp: NOW + 60,
      });
    });

    it('counts each request', async () => {
      issuer.resetCounts();
      await postToken(issuer, CC);
      expect(issuer.counts.token).toBe(1);
    });
  });

  describe('client authentication (RFC 6749 §2.3, §5.2)', () => {
    it.each([
      ['no credentials', {}, {}],
      ['a wrong Basic secret', {}, { authorization: basicAuth(APP.clientId, 'wrong') }],
      ['an unknown client', {}, { authorization: basicAuth('nobody', 'x') }],
      ['another scheme', {}, { authorization: 'Bearer abc' }],
      ['a wrong posted secret', { client_id: APP.clientId, client_secret: 'wrong' }, {}],
      ['a client_id without a secret', { client_id: APP.clientId }, {}],
      ['a client_id naming another client than Basic', { client_id: 'reporting' }, APP_AUTH],
    ])('refuses %s with 401 invalid_client and a Basic challenge', async (_name, fields, headers) => {
      const response = await postToken(issuer, { ...CC, audience: 'x', ...fields }, headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.json()).toMatchObject({ error: 'invalid_client' });
    });

    it('refuses two authentication methods at once with 400 invalid_request', async () => {
      const fields = { ...CC, audience: 'x', client_id: APP.clientId, client_secret: APP.clientSecret };
      const response = await postToken(issuer, fields, APP_AUTH);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'invalid_request' });
    });
  });

  describe('request errors (RFC 6749 §5.2, RFC 8707 §2)', () => {
    it.each([
      ['no grant_type', { audience: 'x' }, 'invalid_request'],
      ['the authorization_code grant', { grant_type: 'authorization_code', code: 'abc' }, 'unsupported_grant_type'],
      ['the password grant', { grant_type: 'password', username: 'a', password: 'b' }, 'unsupported_grant_type'],
      ['a repeated parameter', { ...CC, audience: 'x', scope: ['a', 'b'] }, 'invalid_request'],
      ['both resource and audience', { ...CC, audience: 'x', resource: 'https://api.example' }, 'invalid_request'],
      ['a relative resource', { ...CC, resource: '/api' }, 'invalid_target'],
      ['a resource with a fragment', { ...CC, resource: 'https://api.example/#x' }, 'invalid_target'],
      ['no audience for a client without a default', CC, 'invalid_target'],
      ['a scope with a forbidden character', { ...CC, audience: 'x', scope: 'read "all"' }, 'invalid_scope'],
    ])('refuses %s with 400 %s', async (_name, fields, error) => {
      const response = await postToken(issuer, fields as Record<string, string>, APP_AUTH);
      expect(response.status).toBe(400);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const body = (await response.json()) as Record<string, unknown>;
      expect(body).toEqual({ error, error_description: expect.any(String) });
    });

    it('refuses a scope the client may not be granted with 400 invalid_scope', async () => {
      const response = await postToken(
        issuer,
        { ...CC, scope: 'read admin' },
        { authorization: basicAuth('reporting', 'r3port') },
      );
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'invalid_scope' });
    });

    it('refuses a body that is not a form with 400 invalid_request', async () => {
      const response = await fetch(issuer.tokenEndpoint, {
        method: 'POST',
        headers: { ...APP_AUTH, 'content-type': 'application/json' },
        body: JSON.stringify(CC),
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'invalid_request' });
    });

    it('refuses GET with 405', async () => {
      const response = await fetch(`${issuer.tokenEndpoint}?grant_type=client_credentials`, { headers: APP_AUTH });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
    });
  });
});
