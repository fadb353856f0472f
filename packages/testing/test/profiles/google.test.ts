import { decodeJwt } from 'jose';
import { startLocalIssuer } from '../../src/index.js';
import type { LocalIssuer } from '../../src/index.js';
import { clientCredentials, discover, headerTyp, verifyDiscovered } from './profile-support.js';

const NOW_MS = Date.UTC(2030, 0, 1);
const CLIENT = { clientId: '987654321098-svc.apps.googleusercontent.com', clientSecret: 's3cret' };

describe("the 'google' profile", () => {
  let issuer: LocalIssuer;

  beforeAll(async () => {
    issuer = await startLocalIssuer({ profile: 'google', clients: [CLIENT], now: () => NOW_MS });
  });
  afterAll(() => issuer.close());

  function tokeninfo(query: string): Promise<Response> {
    return fetch(`${issuer.tokeninfoEndpoint}?${query}`);
  }

  it('serves accounts.google.com-like metadata: bare-origin issuer, /oauth2/v3/certs', async () => {
    expect(issuer.issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await discover(issuer.issuer)).toMatchObject({
      issuer: issuer.issuer,
      jwks_uri: `${issuer.issuer}/oauth2/v3/certs`,
      userinfo_endpoint: `${issuer.issuer}/v1/userinfo`,
    });
    expect(issuer.tokeninfoEndpoint).toBe(`${issuer.issuer}/tokeninfo`);
  });

  it('mints opaque ya29. access tokens', async () => {
    const token = await issuer.mint({}, { scopes: ['https://www.googleapis.com/auth/drive.readonly'] });
    expect(token).toMatch(/^ya29\.[A-Za-z0-9_-]{43}$/);
    expect(() => decodeJwt(token)).toThrow();
  });

  it("answers tokeninfo in Google's shape: numbers as strings, expires_in, no active", async () => {
    const token = await issuer.mint({}, { expiresIn: 3599 });
    const response = await tokeninfo(`access_token=${token}`);
    expect(response.status).toBe(200);
    const answer = (await response.json()) as Record<string, unknown>;
    expect(answer).toEqual({
      azp: expect.stringMatching(/\.apps\.googleusercontent\.com$/),
      aud: answer.azp,
      sub: expect.stringMatching(/^\d{21}$/),
      scope: 'openid https://www.googleapis.com/auth/userinfo.email',
      exp: String(NOW_MS / 1000 + 3599),
      expires_in: '3599',
      email: 'alice@example.com',
      email_verified: 'true',
      access_type: 'online',
    });
  });

  it('answers tokeninfo 400 invalid_token for an unknown, revoked or expired token', async () => {
    const revoked = await issuer.mint();
    issuer.revoke(revoked);
    for (const token of ['ya29.unknown', revoked]) {
      const response = await tokeninfo(`access_token=${token}`);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: 'invalid_token', error_description: 'Invalid Value' });
    }
    expect((await tokeninfo('nothing=1')).status).toBe(400);
  });

  it('takes the token from a POST form as well', async () => {
    const token = await issuer.mint();
    const response = await fetch(issuer.tokeninfoEndpoint ?? '', {
      method: 'POST',
      body: new URLSearchParams({ access_token: token }),
    });
    expect(response.status).toBe(200);
  });

  it('answers userinfo for an opaque access token', async () => {
    const response = await fetch(issuer.userinfoEndpoint, {
      headers: { authorization: `Bearer ${await issuer.mint()}` },
    });
    expect(await response.json()).toMatchObject({ sub: expect.any(String), email: 'alice@example.com' });
  });

  it('issues opaque service-account tokens from the token endpoint, without a user', async () => {
    const answer = await clientCredentials(await discover(issuer.issuer), CLIENT, {
      scope: 'https://www.googleapis.com/auth/cloud-platform',
    });
    expect(answer.access_token).toMatch(/^ya29\./);
    const info = (await (await tokeninfo(`access_token=${answer.access_token as string}`)).json()) as Record<
      string,
      unknown
    >;
    expect(info).toMatchObject({
      azp: CLIENT.clientId,
      aud: CLIENT.clientId,
      scope: 'https://www.googleapis.com/auth/cloud-platform',
    });
    expect(info).not.toHaveProperty('sub');
  });

  it('mints RS256 ID tokens with typ JWT, azp, aud = the client, email, at_hash, nonce', async () => {
    const token = await issuer.mint({}, { kind: 'id', nonce: 'n' });
    expect(headerTyp(token)).toBe('JWT');
    const { payload } = await verifyDiscovered(issuer.issuer, token);
    expect(payload).toMatchObject({
      aud: payload.azp,
      email: 'alice@example.com',
      email_verified: true,
      nonce: 'n',
      at_hash: expect.any(String),
    });
    const info = (await (await tokeninfo(`id_token=${token}`)).json()) as Record<string, unknown>;
    expect(info).toMatchObject({
      aud: payload.azp,
      email_verified: 'true',
      iat: String(payload.iat),
      alg: 'RS256',
      typ: 'JWT',
    });
  });

  it('counts tokeninfo as introspection and plays its faults', async () => {
    issuer.resetCounts();
    issuer.setFault('introspection', { status: 503 });
    try {
      expect((await tokeninfo('access_token=x')).status).toBe(503);
      expect(issuer.counts.introspection).toBe(1);
    } finally {
      issuer.setFault('introspection', null);
    }
  });
});
