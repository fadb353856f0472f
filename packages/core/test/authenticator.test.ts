import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jest } from '@jest/globals';
import { startLocalIssuer, type LocalIssuer } from '@access-guard/testing';
import { createAuthenticator, type Authentication, type Authenticator } from '../src/authenticator.js';
import type { AccessGuardEvent } from '../src/diagnostics/events.js';
import type { TokenRequest } from '../src/http/extract-token.js';
import { ConfigurationError, InvalidTokenError, IssuerUnavailableError, MissingTokenError } from '../src/errors.js';
import type { AuthOptions } from '../src/options.js';

const AUDIENCE = 'https://api.authenticator.test';
let issuer: LocalIssuer;
const clock = { ms: Date.now() };
beforeAll(async () => {
  issuer = await startLocalIssuer({ now: () => clock.ms });
});
afterAll(() => issuer.close());

/** authenticate() for a request that carries a token: the result must be there. */
async function authenticated(authenticator: Authenticator, request: TokenRequest): Promise<Authentication> {
  const result = await authenticator.authenticate(request);
  if (result === undefined) throw new Error('authenticate() let the request through without a result');
  return result;
}

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
    const result = await authenticated(create({ allowQueryToken: true }), {
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
  it('answers 500 (configuration) when the metadata names no JWKS, or an http: one off loopback', async () => {
    const authenticator = create({ jwksUri: undefined });
    const token = await issuer.mint({ aud: AUDIENCE });
    issuer.setFault('discovery', { status: 200, body: JSON.stringify({ issuer: issuer.issuer }) });
    try {
      const error = await authenticator.verifyToken(token).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConfigurationError);
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
    const { auth } = await authenticated(create(), headerRequest(token));
    expect(Object.getPrototypeOf(auth)).toBe(Object.prototype);
    expect(Object.isFrozen(auth)).toBe(true);
    expect(Object.keys(auth).sort()).toEqual([
      'confirmation',
      'format',
      'header',
      'issuer',
      'payload',
      'scheme',
      'scopes',
      'token',
    ]);
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
    const authenticator = create({
      verifiedTokenCacheSize: 0,
      opaqueTokens: { via: 'userinfo', acceptAnyAudience: true },
    });
    const token = await issuer.mint({ aud: AUDIENCE, scope: 'openid read' }, { expiresIn: 3600 });
    const { auth } = await authenticated(authenticator, headerRequest(token));
    await expect(authenticator.userinfo(auth)).resolves.toMatchObject({ sub: 'user-123' });
    await issuer.rotateKeys();
    clock.ms += 31_000;
    await authenticator.verifyToken(await issuer.mint({ aud: AUDIENCE })); // the key set now lacks the old key
    // Verified afresh (no verdict cache): the profile on record for this token does not stand in.
    await expect(authenticator.authenticate(headerRequest(token))).rejects.toThrow('No key of the issuer matches');
  });

  it('serves attachUserinfo for an opaque token checked via userinfo without a second call', async () => {
    const authenticator = create({ opaqueTokens: { via: 'userinfo', acceptAnyAudience: true } });
    const token = issuer.issueOpaqueToken({ sub: 'carol', profile: { name: 'Carol' } });
    const { auth } = await authenticated(authenticator, headerRequest(token));
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

describe('optional authentication', () => {
  const optional = () => create({ optional: true });
  const requestWith = (authorization?: string): TokenRequest => ({
    rawHeaders: authorization === undefined ? [] : ['Authorization', authorization],
    method: 'GET',
    url: '/',
  });

  it('lets a request without credentials through with no result', async () => {
    await expect(optional().authenticate(requestWith())).resolves.toBeUndefined();
  });

  it('treats credentials of another scheme as none (they are not for this API)', async () => {
    await expect(optional().authenticate(requestWith('Basic dXNlcjpwYXNz'))).resolves.toBeUndefined();
  });

  it('still refuses a bearer token that is present but invalid', async () => {
    await expect(optional().authenticate(requestWith('Bearer not-a-token!'))).rejects.toBeInstanceOf(InvalidTokenError);
    const expired = await issuer.mint({ aud: AUDIENCE, iat: 1, exp: 2 });
    await expect(optional().authenticate(requestWith(`Bearer ${expired}`))).rejects.toThrow('expired');
  });

  it('still refuses credentials sent twice', async () => {
    const twice = { ...requestWith('Bearer a'), url: '/?access_token=b' };
    await expect(optional().authenticate(twice)).rejects.toMatchObject({ status: 400 });
  });

  it('authenticates a valid token as usual', async () => {
    const token = await issuer.mint({ aud: AUDIENCE });
    await expect(optional().authenticate(requestWith(`Bearer ${token}`))).resolves.toMatchObject({
      source: 'header',
    });
  });
});

describe('ready()', () => {
  it('fetches the metadata and keys once, so the first request needs no issuer call', async () => {
    const authenticator = create();
    issuer.resetCounts();
    await authenticator.ready();
    expect(issuer.counts).toMatchObject({ discovery: 1, jwks: 1 });
    issuer.resetCounts();
    await authenticator.verifyToken(await issuer.mint({ aud: AUDIENCE }));
    expect(issuer.counts.total).toBe(0);
  });

  it('rejects a trailing-slash mistake with a message that names both values and the fix', async () => {
    const error = (await create({ issuer: `${issuer.issuer}/`, onEvent: () => undefined })
      .ready()
      .catch((caught: unknown) => caught)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toContain(`access-guard cannot check the tokens of ${issuer.issuer}/`);
    expect(error.message).toContain(`expected "${issuer.issuer}/", actual "${issuer.issuer}"`);
    expect(error.message).toContain('differ by a trailing slash');
    expect(error.cause).toBeInstanceOf(ConfigurationError);
  });

  it('checks the endpoint opaque tokens need', async () => {
    issuer.setFault('discovery', {
      status: 200,
      body: JSON.stringify({ issuer: issuer.issuer, jwks_uri: issuer.jwksUri }),
    });
    try {
      const error = (await create({
        opaqueTokens: { via: 'userinfo', acceptAnyAudience: true },
        onEvent: () => undefined,
      })
        .ready()
        .catch((caught: unknown) => caught)) as Error;
      expect(error.message).toContain('userinfo_endpoint');
      expect(error.message).toContain('Set opaqueTokens.endpoint');
    } finally {
      issuer.setFault('discovery', null);
    }
  });

  it('reports an outage at start-up as such', async () => {
    issuer.setFault('jwks', { status: 503 });
    try {
      const error = (await create({ onEvent: () => undefined })
        .ready()
        .catch((caught: unknown) => caught)) as Error;
      expect(error.message).toContain("The issuer's JWKS endpoint gave no usable answer");
      expect(error.cause).toBeInstanceOf(IssuerUnavailableError);
    } finally {
      issuer.setFault('jwks', null);
    }
  });
});

describe('events', () => {
  it('reports each answered refusal once, with its reason and detail, through answer()', async () => {
    const events: AccessGuardEvent[] = [];
    const authenticator = create({ onEvent: (event) => events.push(event) });
    const token = await issuer.mint({ aud: 'https://other.example' });
    const error = await authenticator.verifyToken(token).catch((caught: unknown) => caught);
    expect(events).toEqual([]); // nothing until the adapter answers it
    expect(authenticator.answer(error)).toBe(error);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'refused',
        status: 401,
        reason: 'wrong_audience',
        detail: expect.objectContaining({ actual: '"https://other.example"' }),
      }),
    ]);
  });

  it('presents the answered error in its realm', async () => {
    const authenticator = create({ realm: 'vault', onEvent: () => undefined });
    const answered = authenticator.answer(new InvalidTokenError('x'));
    expect(answered.headers['WWW-Authenticate']).toContain('realm="vault"');
  });

  it("leaves an error that is not access-guard's untouched and unreported", () => {
    const events: AccessGuardEvent[] = [];
    const error = new Error('boom');
    expect(create({ onEvent: (event) => events.push(event) }).answer(error)).toBe(error);
    expect(events).toEqual([]);
  });

  it('reports a failed issuer call once per cooldown, as an outage or a configuration fault', async () => {
    const events: AccessGuardEvent[] = [];
    const authenticator = create({ issuer: `${issuer.issuer}/`, onEvent: (event) => events.push(event) });
    const token = await issuer.mint({ aud: AUDIENCE, iss: `${issuer.issuer}/` });
    for (let i = 0; i < 3; i += 1) await authenticator.verifyToken(token).catch(() => undefined);
    const failures = events.filter((event) => event.type === 'issuer-failed');
    expect(failures).toEqual([
      expect.objectContaining({ endpoint: 'discovery', fault: 'configuration', issuer: `${issuer.issuer}/` }),
    ]);
  });

  it('logs a trailing-slash mistake once through the default logger, and no refusal', async () => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const warned = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const authenticator = create({ issuer: `${issuer.issuer}/` });
      const token = await issuer.mint({ aud: AUDIENCE, iss: `${issuer.issuer}/` });
      for (let i = 0; i < 3; i += 1) {
        const error = await authenticator.verifyToken(token).catch((caught: unknown) => caught);
        authenticator.answer(error);
        clock.ms += 31_000; // past the cooldown: the issuer is asked again, and fails again
      }
      expect(logged).toHaveBeenCalledTimes(1);
      expect(String(logged.mock.calls[0]?.[0])).toContain(`expected "${issuer.issuer}/", actual "${issuer.issuer}"`);
      expect(warned).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
      warned.mockRestore();
    }
  });
});
