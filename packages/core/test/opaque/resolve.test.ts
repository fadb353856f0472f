import { startLocalIssuer, type LocalIssuer } from '@access-guard/testing';
import { createAuthenticator, type Authenticator } from '../../src/authenticator.js';
import { ConfigurationError, InvalidTokenError, IssuerUnavailableError } from '../../src/errors.js';
import type { AuthOptions, OpaqueTokenOptions } from '../../src/options.js';
import type { AuthResult } from '../../src/result.js';

const AUDIENCE = 'https://api.opaque.test';
const CLIENT = { clientId: 'resource-server', clientSecret: 'resource-server-secret' };

let issuer: LocalIssuer;
const clock = { ms: Date.now() };
beforeAll(async () => {
  issuer = await startLocalIssuer({ now: () => clock.ms });
});
afterAll(() => issuer.close());
afterEach(() => issuer.setFault('all', null));

/** Opaque tokens are resolved by the authenticator's one pipeline; `resolve` is its verifyToken. */
interface Resolver {
  resolve(token: string): Promise<AuthResult>;
  readonly authenticator: Authenticator;
}

function resolver(opaqueTokens: OpaqueTokenOptions, extra: Partial<AuthOptions> = {}): Resolver {
  const authenticator = createAuthenticator({
    issuer: issuer.issuer,
    audience: AUDIENCE,
    timeoutMs: 500,
    now: () => clock.ms,
    opaqueTokens,
    ...extra,
  });
  return { authenticator, resolve: (token) => authenticator.verifyToken(token) };
}
const introspection = (more: Partial<OpaqueTokenOptions> = {}): Resolver =>
  resolver({ via: 'introspection', ...CLIENT, cacheTtlSeconds: 60, negativeCacheTtlSeconds: 5, ...more });

describe('resolveOpaqueToken (introspection)', () => {
  it('returns the answer as a frozen payload with its scopes', async () => {
    const token = issuer.issueOpaqueToken({ aud: AUDIENCE, scope: 'a b', sub: 'alice' });
    const auth = await introspection().resolve(token);
    expect(auth).toMatchObject({ format: 'opaque', scopes: ['a', 'b'], payload: { sub: 'alice', active: true } });
    expect(Object.isFrozen(auth.payload)).toBe(true);
  });

  it('makes one call for 30 concurrent requests with the same new token', async () => {
    const subject = introspection();
    const token = issuer.issueOpaqueToken({ aud: AUDIENCE });
    issuer.resetCounts();
    await Promise.all(Array.from({ length: 30 }, () => subject.resolve(token)));
    expect(issuer.counts.introspection).toBe(1);
  });

  it('reuses an answer for cacheTtlSeconds, then asks again and sees a revocation', async () => {
    const subject = introspection();
    const token = issuer.issueOpaqueToken({ aud: AUDIENCE, expiresIn: 3600 });
    await subject.resolve(token);
    issuer.revoke(token);
    await expect(subject.resolve(token)).resolves.toBeDefined();
    clock.ms += 60_000;
    await expect(subject.resolve(token)).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('never keeps an answer past the token exp', async () => {
    const subject = introspection({ cacheTtlSeconds: 3600 });
    const token = issuer.issueOpaqueToken({ aud: AUDIENCE, expiresIn: 30 });
    await subject.resolve(token);
    issuer.resetCounts();
    clock.ms += 40_000;
    await expect(subject.resolve(token)).rejects.toBeInstanceOf(InvalidTokenError);
    expect(issuer.counts.introspection).toBe(1);
  });

  it('caches an inactive answer for negativeCacheTtlSeconds only', async () => {
    const subject = introspection();
    issuer.resetCounts();
    await expect(subject.resolve('unknown-token-value')).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(subject.resolve('unknown-token-value')).rejects.toBeInstanceOf(InvalidTokenError);
    expect(issuer.counts.introspection).toBe(1);
    clock.ms += 5_000;
    await expect(subject.resolve('unknown-token-value')).rejects.toBeInstanceOf(InvalidTokenError);
    expect(issuer.counts.introspection).toBe(2);
  });

  it('caches no failure: a 500 is 503, and the first request after the cooldown asks again', async () => {
    const subject = introspection();
    const token = issuer.issueOpaqueToken({ aud: AUDIENCE, expiresIn: 3600 });
    issuer.setFault('introspection', { status: 500 });
    await expect(subject.resolve(token)).rejects.toBeInstanceOf(IssuerUnavailableError);
    issuer.setFault('introspection', null);
    clock.ms += 30_000;
    await expect(subject.resolve(token)).resolves.toMatchObject({ format: 'opaque' });
  });

  // Each on an issuer of its own: calls aborted by a timeout must not be counted in another test.
  it.each([
    ['answers 429', { status: 429 }],
    ['answers 500', { status: 500 }],
    ['hangs past the timeout', 'hang' as const],
  ])(
    'makes at most the calls in flight (16) while it %s, for 500 concurrent distinct tokens, then none',
    async (_label, fault) => {
      const own = await startLocalIssuer({ now: () => clock.ms });
      try {
        const subject = createAuthenticator({
          issuer: own.issuer,
          audience: AUDIENCE,
          timeoutMs: 500,
          now: () => clock.ms,
          onEvent: () => undefined,
          opaqueTokens: { via: 'introspection', ...CLIENT },
        });
        own.setFault('introspection', fault);
        const tokens = Array.from({ length: 500 }, (_, i) => `junk-token-${i}`);
        const results = await Promise.allSettled(tokens.map((token) => subject.verifyToken(token)));
        expect(results.every((result) => result.status === 'rejected')).toBe(true);
        expect(own.counts.introspection).toBeLessThanOrEqual(16);
        const afterBurst = own.counts.introspection;
        await Promise.allSettled(tokens.slice(0, 50).map((token) => subject.verifyToken(`${token}-again`)));
        expect(own.counts.introspection).toBe(afterBurst);
      } finally {
        await own.close();
      }
    },
  );

  it('never has more than 16 introspection calls in flight at once', async () => {
    const own = await startLocalIssuer({ now: () => clock.ms });
    try {
      const subject = createAuthenticator({
        issuer: own.issuer,
        audience: AUDIENCE,
        timeoutMs: 3000,
        now: () => clock.ms,
        onEvent: () => undefined,
        opaqueTokens: { via: 'introspection', ...CLIENT },
      });
      own.setFault('introspection', 'hang');
      const pending = Promise.allSettled(Array.from({ length: 100 }, (_, i) => subject.verifyToken(`distinct-${i}`)));
      // Wait (bounded) for the first calls to arrive, then make sure no more follow while they hang.
      for (let i = 0; i < 50 && own.counts.introspection < 16; i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(own.counts.introspection).toBe(16);
      await pending;
    } finally {
      await own.close();
    }
  });

  it("reports wrong client credentials as the API's configuration fault (500), not as a bad token", async () => {
    const subject = introspection({ clientSecret: 'wrong' });
    const error = await subject.resolve(issuer.issueOpaqueToken({ aud: AUDIENCE })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(String((error as Error).cause)).toContain('HTTP 401');
  });

  it('refuses an answer without aud unless requireAudience is false', async () => {
    const token = issuer.issueOpaqueToken({});
    await expect(introspection().resolve(token)).rejects.toThrow('does not name this API');
    await expect(introspection({ requireAudience: false }).resolve(token)).resolves.toBeDefined();
  });

  it('applies the lifetime policy to introspection answers', async () => {
    const subject = resolver({ via: 'introspection', ...CLIENT }, { maxTokenLifetime: 900 });
    await expect(subject.resolve(issuer.issueOpaqueToken({ aud: AUDIENCE, expiresIn: 86_400 }))).rejects.toThrow(
      'lives longer',
    );
  });
});

describe('resolveOpaqueToken (cached answers)', () => {
  it('answers from a cached introspection answer without a call', async () => {
    const subject = introspection();
    const token = issuer.issueOpaqueToken({ aud: AUDIENCE, scope: 'a b', expiresIn: 3600 });
    await subject.resolve(token);
    issuer.resetCounts();
    await expect(subject.resolve(token)).resolves.toMatchObject({ token, format: 'opaque', scopes: ['a', 'b'] });
    expect(issuer.counts.introspection).toBe(0);
  });

  it('applies every check to a cached answer: inactive, expired and lifetime policy are 401', async () => {
    const subject = introspection({ cacheTtlSeconds: 3600 });
    const unknown = 'unknown-cached-token';
    await expect(subject.resolve(unknown)).rejects.toBeInstanceOf(InvalidTokenError);
    issuer.resetCounts();
    await expect(subject.resolve(unknown)).rejects.toBeInstanceOf(InvalidTokenError);
    expect(issuer.counts.introspection).toBe(0);

    const strict = resolver({ via: 'introspection', ...CLIENT, cacheTtlSeconds: 3600 }, { maxTokenAge: 60 });
    const token = issuer.issueOpaqueToken({ aud: AUDIENCE, expiresIn: 3600 });
    await strict.resolve(token);
    clock.ms += 120_000;
    await expect(strict.resolve(token)).rejects.toThrow('older than this API accepts');
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['for another audience', { active: true, aud: 'https://other.api' }, 'another audience'],
    ['without aud', { active: true }, 'no aud claim'],
    ['from another issuer', { active: true, aud: AUDIENCE, iss: 'https://elsewhere.example' }, 'another issuer'],
    ['for a refresh token', { active: true, aud: AUDIENCE, token_type: 'refresh_token' }, 'not an access token'],
  ])('keeps refusing an active answer %s on every cached hit', async (_name, answer, message) => {
    issuer.setFault('introspection', { status: 200, body: JSON.stringify(answer) });
    const subject = introspection({ cacheTtlSeconds: 3600 });
    const token = 'a-cached-but-refused-token';
    await expect(subject.resolve(token)).rejects.toThrow(message);
    issuer.setFault('introspection', null);
    issuer.resetCounts();
    await expect(subject.resolve(token)).rejects.toThrow(message);
    await expect(subject.resolve(token)).rejects.toThrow(message);
    expect(issuer.counts.introspection).toBe(0); // both answered from the cached answer
  });

  it('answers from a cached userinfo profile, and refuses a cached rejection', async () => {
    const subject = resolver({ via: 'userinfo', acceptAnyAudience: true, cacheTtlSeconds: 60 });
    const token = issuer.issueOpaqueToken({ aud: AUDIENCE, sub: 'carol', expiresIn: 3600 });
    await subject.resolve(token);
    issuer.resetCounts();
    await expect(subject.resolve(token)).resolves.toMatchObject({ format: 'opaque', payload: { sub: 'carol' } });
    const refused = 'refused-by-userinfo';
    await expect(subject.resolve(refused)).rejects.toBeInstanceOf(InvalidTokenError);
    await expect(subject.resolve(refused)).rejects.toBeInstanceOf(InvalidTokenError);
    expect(issuer.counts.userinfo).toBe(1);
  });

  it('refuses an opaque token when opaque tokens are not enabled, without a call', async () => {
    const subject = createAuthenticator({ issuer: issuer.issuer, audience: AUDIENCE });
    issuer.resetCounts();
    await expect(subject.verifyToken('anything')).rejects.toThrow('not a JWT');
    expect(issuer.counts.total).toBe(0);
  });
});

describe('resolveOpaqueToken (userinfo)', () => {
  it('grants no scope even when the issuer knows some', async () => {
    const auth = await resolver({ via: 'userinfo', acceptAnyAudience: true }).resolve(
      issuer.issueOpaqueToken({ scope: 'admin', sub: 'bob' }),
    );
    expect(auth.scopes).toEqual([]);
    expect(auth.payload.sub).toBe('bob');
  });

  it('answers 401 when userinfo answers 401 and 503 when it answers without sub', async () => {
    const subject = resolver({ via: 'userinfo', acceptAnyAudience: true });
    await expect(subject.resolve('not-known-here')).rejects.toBeInstanceOf(InvalidTokenError);
    const noSub = issuer.issueOpaqueToken({ profile: { sub: undefined } });
    await expect(subject.resolve(noSub)).rejects.toBeInstanceOf(IssuerUnavailableError);
  });

  it('bounds a JWT userinfo entry by the JWT exp', async () => {
    const subject = resolver({ via: 'userinfo', acceptAnyAudience: true, cacheTtlSeconds: 3600 });
    const token = await issuer.mint({ aud: AUDIENCE }, { expiresIn: 20 });
    const auth = await subject.resolve(token);
    await subject.authenticator.userinfo(auth);
    issuer.resetCounts();
    await subject.authenticator.userinfo(auth);
    expect(issuer.counts.userinfo).toBe(0);
    clock.ms += 21_000;
    await subject.authenticator.userinfo(auth).catch(() => undefined);
    expect(issuer.counts.userinfo).toBe(1);
  });
});

describe('resolveOpaqueToken (issuer checks)', () => {
  it('refuses an introspection answer from another issuer', async () => {
    const other = await startLocalIssuer({ now: () => clock.ms });
    try {
      // The answer comes from `other`, whose tokens carry its own iss.
      const subject = resolver({ via: 'introspection', endpoint: other.introspectionEndpoint, ...CLIENT });
      await expect(subject.resolve(other.issueOpaqueToken({ aud: AUDIENCE }))).rejects.toThrow('another issuer');
    } finally {
      await other.close();
    }
  });

  it('answers 500 naming the fix when the metadata lists no introspection endpoint', async () => {
    issuer.setFault('discovery', { status: 200, body: JSON.stringify({ issuer: issuer.issuer }) });
    const error = await introspection()
      .resolve('some-opaque-token')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).detail?.fix).toContain('Set opaqueTokens.endpoint');
  });
});

describe('resolveOpaqueToken (token_type)', () => {
  it('refuses an active refresh token presented as a bearer token', async () => {
    issuer.setFault('introspection', {
      status: 200,
      body: JSON.stringify({ active: true, token_type: 'refresh_token', aud: AUDIENCE }),
    });
    await expect(introspection().resolve('a-refresh-token-value')).rejects.toThrow('not an access token');
  });
});
