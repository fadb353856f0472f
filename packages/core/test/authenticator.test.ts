import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startLocalIssuer, type LocalIssuer } from '@access-guard/testing';
import { createAuthenticator } from '../src/authenticator.js';
import { ConfigurationError, InvalidTokenError, IssuerUnavailableError, MissingTokenError } from '../src/errors.js';
import type { AuthOptions } from '../src/options.js';

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
    const authenticator = create({ jwks: { maxAgeSeconds: 60, staleIfErrorSeconds: 0 }, cooldownSeconds: 1 });
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

describe('createAuthenticator (a clock gone wrong)', () => {
  it.each([[Number.NaN], [Number.POSITIVE_INFINITY]])(
    'refuses with a 500 ConfigurationError, never a pass, when the clock later reads %p',
    async (reading) => {
      let broken = false;
      const authenticator = create({ now: () => (broken ? reading : clock.ms) });
      const token = await issuer.mint({ aud: AUDIENCE }, { expiresIn: 60 });
      await authenticator.verifyToken(token);
      broken = true;
      const error = await authenticator.verifyToken(token).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error).toMatchObject({ status: 500, code: 'ERR_CONFIGURATION' });
      expect(String((error as Error).cause)).toContain(`now() returned ${String(reading)}`);
    },
  );
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

describe('the pipeline', () => {
  const introspection = {
    via: 'introspection' as const,
    clientId: 'resource-server',
    clientSecret: 'resource-server-secret',
  };
  const headerRequest = (token: string) => ({
    rawHeaders: ['Authorization', `Bearer ${token}`],
    method: 'GET',
    url: '/',
  });

  it('hands out a plain frozen result that names the issuer and can be copied', async () => {
    const token = await issuer.mint({ aud: AUDIENCE, scope: 'read' });
    const { auth } = await create().authenticate(headerRequest(token));
    expect(Object.getPrototypeOf(auth)).toBe(Object.prototype);
    expect(Object.isFrozen(auth)).toBe(true);
    expect(Object.keys(auth).sort()).toEqual(['format', 'header', 'issuer', 'payload', 'scopes', 'token']);
    expect(auth.issuer).toBe(issuer.issuer);
    expect({ ...auth }).toEqual(auth);
  });

  it('reuses a verdict: a token verified before its key left the JWKS still passes, and not without the cache', async () => {
    const cached = create();
    const uncached = create({ verifiedTokenCacheSize: 0 });
    const token = await issuer.mint({ aud: AUDIENCE }, { expiresIn: 3600 });
    await cached.verifyToken(token);
    await uncached.verifyToken(token);
    await issuer.rotateKeys();
    clock.ms += 31_000; // past the cooldown: a token of the new key makes both refetch the key set
    const fresh = await issuer.mint({ aud: AUDIENCE }, { expiresIn: 3600 });
    await Promise.all([cached.verifyToken(fresh), uncached.verifyToken(fresh)]);
    await expect(cached.verifyToken(token)).resolves.toMatchObject({ format: 'jwt' });
    await expect(uncached.verifyToken(token)).rejects.toThrow('No key of the issuer matches');
  });

  it('verifies a never-seen token once for every concurrent request that carries it', async () => {
    const authenticator = create({ opaqueTokens: introspection });
    const token = issuer.issueOpaqueToken({ aud: AUDIENCE, scope: 'read', expiresIn: 3600 });
    await authenticator.verifyToken(await issuer.mint({ aud: AUDIENCE })); // metadata and keys fetched
    issuer.resetCounts();
    const results = await Promise.all(Array.from({ length: 20 }, () => authenticator.verifyToken(token)));
    expect(results.every((auth) => auth.format === 'opaque')).toBe(true);
    expect(issuer.counts.introspection).toBe(1);
  });

  it('refuses a token whose iss is not trusted without any outbound request', async () => {
    const authenticator = create();
    const token = await issuer.mint({ aud: AUDIENCE, iss: 'https://elsewhere.example' });
    issuer.resetCounts();
    await expect(authenticator.verifyToken(token)).rejects.toThrow('unacceptable iss');
    expect(issuer.counts.total).toBe(0);
  });

  it('refuses a token whose JOSE header is larger than the cap before decoding it', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'RS256', pad: 'x'.repeat(2000) })).toString('base64url');
    await expect(create().verifyToken(`${header}.e30.c2ln`)).rejects.toThrow('header is too large');
  });

  it('never takes a userinfo profile fetched for attachUserinfo as the verdict on a JWT', async () => {
    const authenticator = create({ verifiedTokenCacheSize: 0, opaqueTokens: { via: 'userinfo' } });
    const token = await issuer.mint({ aud: AUDIENCE, scope: 'openid read' }, { expiresIn: 3600 });
    const { auth } = await authenticator.authenticate(headerRequest(token));
    await expect(authenticator.userinfo(auth)).resolves.toMatchObject({ sub: 'user-123' });
    await issuer.rotateKeys();
    clock.ms += 31_000;
    await authenticator.verifyToken(await issuer.mint({ aud: AUDIENCE })); // the key set now lacks the old key
    // Verified afresh (no verdict cache): the profile on record for this token does not stand in.
    await expect(authenticator.authenticate(headerRequest(token))).rejects.toThrow('No key of the issuer matches');
  });

  it('serves attachUserinfo for an opaque token checked via userinfo without a second call', async () => {
    const authenticator = create({ opaqueTokens: { via: 'userinfo' } });
    const token = issuer.issueOpaqueToken({ sub: 'carol', profile: { name: 'Carol' } });
    const { auth } = await authenticator.authenticate(headerRequest(token));
    issuer.resetCounts();
    await expect(authenticator.userinfo({ ...auth })).resolves.toMatchObject({ sub: 'carol', name: 'Carol' });
    expect(issuer.counts.userinfo).toBe(0);
  });

  it('answers attachUserinfo with 403 openid when the issuer will not show a valid token its profile', async () => {
    const authenticator = create();
    const token = await issuer.mint({ aud: AUDIENCE });
    const auth = await authenticator.verifyToken(token);
    issuer.setFault('userinfo', { status: 401 });
    try {
      await expect(authenticator.userinfo(auth)).rejects.toMatchObject({ status: 403, requiredScope: 'openid' });
    } finally {
      issuer.setFault('userinfo', null);
    }
  });

  it('refuses attachUserinfo for a result whose issuer it does not trust (an application bug)', async () => {
    const auth = await create().verifyToken(await issuer.mint({ aud: AUDIENCE }));
    await expect(create().userinfo({ ...auth, issuer: 'https://elsewhere.example' })).rejects.toThrow(TypeError);
  });
});

describe('an issuer whose introspection and userinfo endpoints share one URL', () => {
  // One URL answers POST as introspection (RFC 7662) and GET as userinfo (OIDC Core §5.3).
  const calls = { introspection: 0, userinfo: 0 };
  let url = '';
  const server = createServer((req, res) => {
    const json = (body: unknown): void => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.url === '/.well-known/openid-configuration') {
      json({ issuer: url, introspection_endpoint: `${url}/both`, userinfo_endpoint: `${url}/both` });
    } else if (req.method === 'POST') {
      calls.introspection += 1;
      json({ active: true, aud: AUDIENCE, scope: 'read', sub: 'shared', exp: Math.floor(clock.ms / 1000) + 600 });
    } else {
      calls.userinfo += 1;
      json({ sub: 'shared', name: 'Shared' });
    }
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const authenticator = () =>
    createAuthenticator({
      issuer: url,
      audience: AUDIENCE,
      now: () => clock.ms,
      opaqueTokens: { via: 'introspection', clientId: 'rs', clientSecret: 'secret' },
    });

  it('never reads an introspection answer as a profile, nor a profile as an introspection answer', async () => {
    const first = authenticator();
    const auth = await first.verifyToken('opaque-token-one');
    expect(auth).toMatchObject({ format: 'opaque', scopes: ['read'] });
    await expect(first.userinfo(auth)).resolves.toEqual({ sub: 'shared', name: 'Shared' });

    const second = authenticator();
    const handMade = { ...auth, token: 'opaque-token-two' };
    await expect(second.userinfo(handMade)).resolves.toEqual({ sub: 'shared', name: 'Shared' });
    await expect(second.verifyToken('opaque-token-two')).resolves.toMatchObject({ scopes: ['read'] });
    expect(calls).toEqual({ introspection: 2, userinfo: 2 });
  });
});
