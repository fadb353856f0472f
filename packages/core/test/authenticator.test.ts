import { startLocalIssuer, type LocalIssuer } from '@access-guard/testing';
import { createAuthenticator } from '../src/authenticator.js';
import { InvalidTokenError, IssuerUnavailableError, MissingTokenError } from '../src/errors.js';
import type { AuthOptions } from '../src/options.js';
import { userinfoOf } from '../src/userinfo-of.js';

const AUDIENCE = 'https://api.authenticator.test';
let issuer: LocalIssuer;
const clock = { ms: Date.now() };
beforeAll(async () => {
  issuer = await startLocalIssuer({ now: () => clock.ms });
});
afterAll(() => issuer.close());

const create = (options: Partial<AuthOptions> = {}) =>
  createAuthenticator({ issuer: issuer.issuer, audience: AUDIENCE, now: () => clock.ms, ...options });

describe('createAuthenticator', () => {
  it('throws a TypeError at creation for bad options, before any request', () => {
    expect(() => createAuthenticator({ issuer: 'http://issuer.example', audience: AUDIENCE })).toThrow(/https/);
  });

  it('verifies a token and serves the same token again without re-verifying the signature', async () => {
    const authenticator = create();
    const token = await issuer.mint({ aud: AUDIENCE, scope: 'read' });
    const first = await authenticator.verifyToken(token);
    const second = await authenticator.verifyToken(token);
    expect(second).not.toBe(first);
    expect(second.payload).toBe(first.payload);
    expect(second).toMatchObject({ token, format: 'jwt', scopes: ['read'] });
  });

  it('re-checks exp on a cache hit', async () => {
    const authenticator = create();
    const token = await issuer.mint({ aud: AUDIENCE }, { expiresIn: 60 });
    await authenticator.verifyToken(token);
    clock.ms += 70_000;
    await expect(authenticator.verifyToken(token)).rejects.toThrow('expired');
  });

  it('re-checks maxTokenAge on a cache hit', async () => {
    const authenticator = create({ maxTokenAge: 300 });
    const token = await issuer.mint({ aud: AUDIENCE }, { expiresIn: 3600 });
    await authenticator.verifyToken(token);
    clock.ms += 310_000;
    await expect(authenticator.verifyToken(token)).rejects.toThrow('older than this API accepts');
  });

  it('refuses a 24-hour token when maxTokenLifetime is 900 s and accepts it without a policy', async () => {
    const token = await issuer.mint({ aud: AUDIENCE }, { expiresIn: 86_400 });
    await expect(create({ maxTokenLifetime: 900 }).verifyToken(token)).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(create().verifyToken(token)).resolves.toMatchObject({ format: 'jwt' });
  });

  it('requires iat when a lifetime policy is set', async () => {
    const token = await issuer.mint({ aud: AUDIENCE, iat: undefined });
    await expect(create({ maxTokenAge: 300 }).verifyToken(token)).rejects.toThrow('no iat claim');
  });

  it('stops accepting a withdrawn key within one JWKS max age, even for a token verified just before it', async () => {
    // staleIfErrorSeconds 0: past the max age the refresh is awaited, which makes the order exact.
    const authenticator = create({ jwks: { maxAgeSeconds: 60, cooldownSeconds: 1, staleIfErrorSeconds: 0 } });
    await authenticator.verifyToken(await issuer.mint({ aud: AUDIENCE }, { expiresIn: 3600 })); // JWKS fetched now
    clock.ms += 59_000;
    const late = await issuer.mint({ aud: AUDIENCE }, { expiresIn: 3600 });
    await authenticator.verifyToken(late); // cached, but never past the key set's freshness
    await issuer.rotateKeys();
    clock.ms += 2_000;
    await expect(authenticator.verifyToken(late)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('authenticates a request and reports where the token came from', async () => {
    const token = await issuer.mint({ aud: AUDIENCE });
    const result = await create({ allowQueryToken: true }).authenticate({
      rawHeaders: [],
      method: 'GET',
      url: `/x?access_token=${token}`,
    });
    expect(result.source).toBe('query');
    await expect(create().authenticate({ rawHeaders: [], method: 'GET', url: '/x' })).rejects.toBeInstanceOf(
      MissingTokenError,
    );
  });
});

describe('createAuthenticator (metadata without jwks_uri)', () => {
  it('answers 503 when the metadata names no JWKS, or an http: one off loopback', async () => {
    const authenticator = create({ jwksUri: undefined });
    const token = await issuer.mint({ aud: AUDIENCE });
    issuer.setFault('discovery', { status: 200, body: JSON.stringify({ issuer: issuer.issuer }) });
    try {
      const error = await authenticator.verifyToken(token).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(IssuerUnavailableError);
      expect(String((error as Error).cause)).toContain('metadata has no jwks_uri');
      issuer.setFault('discovery', {
        status: 200,
        body: JSON.stringify({ issuer: issuer.issuer, jwks_uri: 'http://keys.example/jwks' }),
      });
      const insecure = await create({ jwksUri: undefined })
        .verifyToken(token)
        .catch((caught: unknown) => caught);
      expect(String((insecure as Error).cause)).toContain('must use https:');
    } finally {
      issuer.setFault('discovery', null);
    }
  });

  it('applies the syntax rules to tokens passed to verifyToken directly', async () => {
    await expect(create().verifyToken('a'.repeat(9000))).rejects.toThrow('too long');
    await expect(create().verifyToken('abc\r\ndef')).rejects.toThrow('malformed');
  });
});

describe('authenticateCached', () => {
  it('answers synchronously for a token verified before, and undefined for a new one', async () => {
    const authenticator = create();
    const token = await issuer.mint({ aud: AUDIENCE, scope: 'read' });
    const request = { rawHeaders: ['Authorization', `Bearer ${token}`], method: 'GET', url: '/' };
    expect(authenticator.authenticateCached(request)).toBeUndefined();
    await authenticator.authenticate(request);
    expect(authenticator.authenticateCached(request)).toMatchObject({
      source: 'header',
      auth: { token, scopes: ['read'] },
    });
  });

  it('throws at once for a request refused before verification, and steps aside for an expired token', async () => {
    const authenticator = create();
    expect(() => authenticator.authenticateCached({ rawHeaders: [], method: 'GET', url: '/' })).toThrow(
      MissingTokenError,
    );
    const token = await issuer.mint({ aud: AUDIENCE }, { expiresIn: 30 });
    const request = { rawHeaders: ['Authorization', `Bearer ${token}`], method: 'GET', url: '/' };
    await authenticator.authenticate(request);
    clock.ms += 40_000;
    // Past exp the entry is gone: the fast path steps aside and the full path refuses the token.
    expect(authenticator.authenticateCached(request)).toBeUndefined();
    await expect(authenticator.authenticate(request)).rejects.toThrow('expired');
  });

  it('still refuses a non-string, empty or too-long candidate before hashing it', () => {
    const authenticator = create({ allowBodyToken: true, maxTokenLength: 100 });
    const form = (body: unknown) => ({
      rawHeaders: [],
      method: 'POST',
      url: '/',
      body,
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(() => authenticator.authenticateCached(form({ access_token: { nested: 1 } }))).toThrow(InvalidTokenError);
    expect(() => authenticator.authenticateCached(form({ access_token: '' }))).toThrow(InvalidTokenError);
    expect(() => authenticator.authenticateCached(form({ access_token: 'a'.repeat(101) }))).toThrow('too long');
  });

  it('leaves a malformed token of acceptable length to the full path, which refuses it', async () => {
    const authenticator = create();
    const request = { rawHeaders: ['Authorization', 'Bearer not!a!b64token'], method: 'GET', url: '/' };
    expect(authenticator.authenticateCached(request)).toBeUndefined();
    await expect(authenticator.authenticate(request)).rejects.toThrow('malformed');
  });

  it('answers synchronously for an opaque token whose introspection answer is cached', async () => {
    const authenticator = create({
      opaqueTokens: { via: 'introspection', clientId: 'resource-server', clientSecret: 'resource-server-secret' },
    });
    const token = issuer.issueOpaqueToken({ aud: AUDIENCE, scope: 'read', expiresIn: 3600 });
    const request = { rawHeaders: ['Authorization', `Bearer ${token}`], method: 'GET', url: '/' };
    expect(authenticator.authenticateCached(request)).toBeUndefined();
    await authenticator.authenticate(request);
    issuer.resetCounts();
    expect(authenticator.authenticateCached(request)).toMatchObject({ source: 'header', auth: { format: 'opaque' } });
    expect(issuer.counts.introspection).toBe(0);
  });

  it('never answers a JWT from a userinfo answer cached for attachUserinfo', async () => {
    // With no verified-token cache, the JWT is verified afresh each time; the userinfo answer fetched
    // for it shares the opaque resolver's cache and must not stand in for that verification.
    const authenticator = create({ verifiedTokenCacheSize: 0, opaqueTokens: { via: 'userinfo' } });
    const token = await issuer.mint({ aud: AUDIENCE, scope: 'openid read' });
    const request = { rawHeaders: ['Authorization', `Bearer ${token}`], method: 'GET', url: '/' };
    const { auth } = await authenticator.authenticate(request);
    await expect(userinfoOf(auth)).resolves.toMatchObject({ sub: 'user-123' });
    expect(authenticator.authenticateCached(request)).toBeUndefined();
    await expect(authenticator.authenticate(request)).resolves.toMatchObject({ auth: { format: 'jwt' } });
  });
});
