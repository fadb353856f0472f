import { startLocalIssuer } from '../src/index.js';
import type { LocalIssuer } from '../src/index.js';
import { introspect, userinfo } from './support.js';

const START_MS = Date.UTC(2030, 0, 1);

async function isActive(issuer: LocalIssuer, token: string): Promise<unknown> {
  return ((await (await introspect(issuer, token)).json()) as { active: unknown }).active;
}

describe('issueOpaqueToken', () => {
  let nowMs = START_MS;
  let issuer: LocalIssuer;

  beforeAll(async () => {
    issuer = await startLocalIssuer({ algorithms: ['ES256'], now: () => nowMs });
  });
  afterAll(() => issuer.close());
  beforeEach(() => {
    nowMs = START_MS;
  });

  it('returns a b64token of at least 43 characters that is not a JWS', () => {
    const token = issuer.issueOpaqueToken();
    expect(token.length).toBeGreaterThanOrEqual(43);
    expect(token).toMatch(/^[A-Za-z0-9\-._~+/]+=*$/);
    expect(token).not.toContain('.');
  });

  it('returns a different token every time', () => {
    expect(issuer.issueOpaqueToken()).not.toBe(issuer.issueOpaqueToken());
  });

  it('stays live until expiresIn has passed on the injected clock', async () => {
    const token = issuer.issueOpaqueToken({ expiresIn: 60 });
    nowMs = START_MS + 59_999;
    expect((await userinfo(issuer, token)).status).toBe(200);
    expect(await isActive(issuer, token)).toBe(true);
  });

  it('expires once expiresIn has passed on the injected clock', async () => {
    const token = issuer.issueOpaqueToken({ expiresIn: 60 });
    nowMs = START_MS + 60_000;
    expect((await userinfo(issuer, token)).status).toBe(401);
    expect(await isActive(issuer, token)).toBe(false);
  });

  it('counts the lifetime from an explicit iat', async () => {
    const iat = START_MS / 1000 - 3_600;
    const token = issuer.issueOpaqueToken({ iat, expiresIn: 3_600 });
    expect(await isActive(issuer, token)).toBe(false);
    const body = await (await introspect(issuer, issuer.issueOpaqueToken({ iat, expiresIn: 7_200 }))).json();
    expect(body).toMatchObject({ active: true, iat, exp: iat + 7_200 });
  });

  it('expires a minted JWT by the same clock', async () => {
    const token = await issuer.mint({}, { alg: 'ES256', expiresIn: 30 });
    expect(await isActive(issuer, token)).toBe(true);
    nowMs = START_MS + 30_000;
    expect(await isActive(issuer, token)).toBe(false);
    expect((await userinfo(issuer, token)).status).toBe(401);
  });
});

describe('revoke', () => {
  let issuer: LocalIssuer;

  beforeAll(async () => {
    issuer = await startLocalIssuer({ algorithms: ['RS256'] });
  });
  afterAll(() => issuer.close());

  it('makes an opaque token inactive at introspection and userinfo', async () => {
    const token = issuer.issueOpaqueToken();
    expect(await isActive(issuer, token)).toBe(true);
    issuer.revoke(token);
    expect(await isActive(issuer, token)).toBe(false);
    expect((await userinfo(issuer, token)).status).toBe(401);
  });

  it('makes a minted JWT inactive at introspection and userinfo', async () => {
    const token = await issuer.mint();
    expect((await userinfo(issuer, token)).status).toBe(200);
    issuer.revoke(token);
    expect(await isActive(issuer, token)).toBe(false);
    expect((await userinfo(issuer, token)).status).toBe(401);
  });

  it('leaves other tokens live', async () => {
    const kept = issuer.issueOpaqueToken();
    issuer.revoke(issuer.issueOpaqueToken());
    expect(await isActive(issuer, kept)).toBe(true);
  });

  it('ignores a token it never issued', () => {
    expect(() => issuer.revoke('never-issued')).not.toThrow();
  });
});

describe('revoke (spellings)', () => {
  it('keeps a revoked JWT inactive when it is respelled with base64 padding', async () => {
    const issuer = await startLocalIssuer({ algorithms: ['RS256'] });
    try {
      const token = await issuer.mint({ aud: 'https://api.example' });
      issuer.revoke(token);
      const response = await fetch(`${issuer.userinfoEndpoint}`, { headers: { authorization: `Bearer ${token}==` } });
      expect(response.status).toBe(401);
    } finally {
      await issuer.close();
    }
  });
});
