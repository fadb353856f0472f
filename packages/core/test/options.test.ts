import { DEFAULT_ALGORITHMS } from '../src/jwt/algorithms.js';
import { resolveOptions as resolveAll, type AuthOptions } from '../src/options.js';

/** The options of a single-issuer configuration, the authenticator's and the issuer's side by side. */
function resolveOptions(options: AuthOptions) {
  const { shared, issuers } = resolveAll(options);
  expect(issuers).toHaveLength(1);
  return { ...shared, ...(issuers[0] as (typeof issuers)[number]) };
}

const base: AuthOptions = { issuer: 'https://issuer.example/', audience: 'https://api.example' };

/** Calls resolveOptions with loosely typed options, as a JavaScript caller could. */
function resolveLoose(options: Record<string, unknown>): unknown {
  return resolveAll(options as unknown as AuthOptions);
}

/** The TypeError resolveOptions throws for `options` (fails the test if it does not throw one). */
function typeErrorOf(options: Record<string, unknown>): TypeError {
  try {
    resolveLoose(options);
  } catch (error) {
    if (error instanceof TypeError) return error;
    throw error;
  }
  throw new Error('resolveOptions did not throw');
}

describe('resolveOptions', () => {
  describe('defaults', () => {
    const resolved = resolveOptions(base);

    it('keeps the issuer unchanged', () => {
      expect(resolved.issuer).toBe('https://issuer.example/');
    });

    it('turns a single audience into a frozen list', () => {
      expect(resolved.audience).toEqual(['https://api.example']);
      expect(Object.isFrozen(resolved.audience)).toBe(true);
    });

    it.each([
      ['jwksUri', undefined],
      ['clockTolerance', 5],
      ['typ', 'compatible'],
      ['maxTokenAge', undefined],
      ['maxTokenLifetime', undefined],
      ['realm', 'api'],
      ['allowQueryToken', false],
      ['allowBodyToken', false],
      ['maxTokenLength', 8192],
      ['timeoutMs', 5000],
      ['verifiedTokenCacheSize', 10_000],
    ] as const)('defaults %s to %p', (key, value) => {
      expect(resolved[key]).toBe(value);
    });

    it('defaults the algorithms to RS256, PS256, ES256 and EdDSA', () => {
      expect(resolved.algorithms).toEqual(['RS256', 'PS256', 'ES256', 'EdDSA']);
      expect(resolved.algorithms).toEqual(DEFAULT_ALGORITHMS);
    });

    it('defaults the JWKS tuning to 600, 30 and 3600 seconds', () => {
      expect(resolved.jwks).toEqual({ maxAgeSeconds: 600, staleIfErrorSeconds: 3600 });
      expect(resolved.cooldownSeconds).toBe(30);
    });

    it('defaults the clock to Date.now', () => {
      expect(resolved.now).toBe(Date.now);
    });
  });

  describe('explicit values', () => {
    it('keeps every valid value', () => {
      const now = (): number => 1_700_000_000_000;
      const resolved = resolveOptions({
        ...base,
        audience: ['https://api.example', 'urn:api'],
        jwksUri: 'https://issuer.example/jwks',
        algorithms: ['ES256'],
        clockTolerance: 0,
        typ: 'strict',
        maxTokenAge: 300,
        maxTokenLifetime: 900,
        realm: 'bank',
        allowQueryToken: true,
        allowBodyToken: true,
        maxTokenLength: 4096,
        timeoutMs: 1000,
        jwks: { maxAgeSeconds: 60, staleIfErrorSeconds: 0 },
        cooldownSeconds: 1,
        verifiedTokenCacheSize: 0,
        now,
      });
      // toMatchObject: the options keep growing (opaque tokens); this test is about the JWT-side fields.
      expect(resolved).toMatchObject({
        issuer: 'https://issuer.example/',
        audience: ['https://api.example', 'urn:api'],
        jwksUri: 'https://issuer.example/jwks',
        algorithms: ['ES256'],
        clockTolerance: 0,
        typ: 'strict',
        maxTokenAge: 300,
        maxTokenLifetime: 900,
        realm: 'bank',
        allowQueryToken: true,
        allowBodyToken: true,
        maxTokenLength: 4096,
        timeoutMs: 1000,
        jwks: { maxAgeSeconds: 60, staleIfErrorSeconds: 0 },
        cooldownSeconds: 1,
        verifiedTokenCacheSize: 0,
        now,
      });
    });

    it('de-duplicates and freezes the algorithms', () => {
      const resolved = resolveOptions({ ...base, algorithms: ['RS256', 'ES256', 'RS256'] });
      expect(resolved.algorithms).toEqual(['RS256', 'ES256']);
      expect(Object.isFrozen(resolved.algorithms)).toBe(true);
    });

    it('copies the audience list so later changes to the input do not leak in', () => {
      const audience = ['https://api.example'];
      const resolved = resolveOptions({ ...base, audience });
      audience.push('https://evil.example');
      expect(resolved.audience).toEqual(['https://api.example']);
    });

    it.each([
      ['allowQueryToken', 'yes'],
      ['allowBodyToken', 1],
    ])('refuses a non-boolean %s instead of guessing', (name, value) => {
      expect(() => resolveLoose({ ...base, [name]: value })).toThrow(`\`${name}\` must be true or false`);
    });

    it.each([
      ['a misspelt top-level option', { clockTolerence: 5 }, 'unknown option `clockTolerence`'],
      ['a resolved-option name', { maxTokenAgeSeconds: 300 }, 'unknown option `maxTokenAgeSeconds`'],
      ['a misspelt jwks option', { jwks: { maxAge: 5 } }, 'unknown option `jwks.maxAge`'],
      [
        'a misspelt opaqueTokens option',
        { opaqueTokens: { via: 'userinfo', ttl: 5 } },
        'unknown option `opaqueTokens.ttl`',
      ],
      ['a clockTolerance of minutes', { clockTolerance: 301 }, 'must be at most 300 seconds'],
      ['a fractional timeoutMs', { timeoutMs: 1500.5 }, 'whole number of milliseconds'],
      ['a timeoutMs past the timer range', { timeoutMs: 3e9 }, 'whole number of milliseconds'],
      ['a clock that is not a function', { now: 5 }, '`now` must be a function'],
      ['a clock in seconds', { now: () => 1_700_000_000 }, 'it returned 1700000000 (seconds would be about 1.7e9)'],
      ['a clock that reads NaN', { now: () => Number.NaN }, 'it returned NaN'],
      ['a clock that returns nothing', { now: () => undefined }, 'it returned undefined'],
      ['a clock in microseconds', { now: () => 1.7e15 }, 'must return milliseconds since the epoch'],
      ['an issuer with credentials', { issuer: 'https://user:pass@issuer.example/' }, 'must not carry credentials'],
    ])('refuses %s at start-up', (_label, extra, message) => {
      expect(() => resolveLoose({ ...base, ...extra })).toThrow(message);
    });

    it.each([
      ['http://127.0.0.1:4000/'],
      ['http://127.1.2.3/'],
      ['http://localhost:4000'],
      ['http://[::1]:4000/'],
      ['https://issuer.example'],
      ['https://issuer.example/tenant/v2.0'],
    ])('accepts the issuer %s', (issuer) => {
      expect(resolveOptions({ ...base, issuer }).issuer).toBe(issuer);
    });

    it('accepts http: for a loopback jwksUri', () => {
      expect(resolveOptions({ ...base, jwksUri: 'http://localhost:4000/jwks' }).jwksUri).toBe(
        'http://localhost:4000/jwks',
      );
    });
  });

  describe('validation', () => {
    it.each<[string, Record<string, unknown>, string]>([
      [
        'no issuer',
        { audience: 'https://api.example' },
        "access-guard: `issuer` is required: pass the issuer's URL, e.g. { issuer: 'https://issuer.example/' }.",
      ],
      ['an empty issuer', { ...base, issuer: '' }, 'access-guard: `issuer` is required'],
      ['a non-string issuer', { ...base, issuer: 42 }, 'access-guard: `issuer` is required'],
      [
        'an issuer that is not a URL',
        { ...base, issuer: 'issuer.example' },
        'access-guard: `issuer` cannot be used: it is not an absolute URL; got "issuer.example".',
      ],
      [
        'an http issuer that is not loopback',
        { ...base, issuer: 'http://issuer.example/' },
        'access-guard: `issuer` cannot be used: it must use https: (http: is allowed only on loopback for tests); got "http://issuer.example/".',
      ],
      [
        'an http issuer on a host that starts like loopback',
        { ...base, issuer: 'http://127.0.0.1.evil.example/' },
        'access-guard: `issuer` cannot be used: it must use https:',
      ],
      [
        'an http issuer on a host named like localhost',
        { ...base, issuer: 'http://localhost.evil.example/' },
        'access-guard: `issuer` cannot be used: it must use https:',
      ],
      [
        'a non-http issuer',
        { ...base, issuer: 'ftp://issuer.example/' },
        'access-guard: `issuer` cannot be used: it must use https:',
      ],
      [
        'an issuer with a query',
        { ...base, issuer: 'https://issuer.example/?tenant=1' },
        'access-guard: `issuer` must not have a query or fragment.',
      ],
      [
        'an issuer with a fragment',
        { ...base, issuer: 'https://issuer.example/#x' },
        'access-guard: `issuer` must not have a query or fragment.',
      ],
      [
        'a non-URL jwksUri',
        { ...base, jwksUri: 'jwks.json' },
        'access-guard: `jwksUri` cannot be used: it is not an absolute URL',
      ],
      [
        'an http jwksUri that is not loopback',
        { ...base, jwksUri: 'http://issuer.example/jwks' },
        'access-guard: `jwksUri` cannot be used: it must use https:',
      ],
    ])('rejects %s', (_name, options, message) => {
      const error = typeErrorOf(options);
      expect(error.message.startsWith(message)).toBe(true);
    });

    const audienceMessage =
      "access-guard: `audience` is required: pass the API identifier the tokens are issued for, e.g. { audience: 'https://api.example' } (a non-empty string or array of them), or set `resource`.";

    it.each<[string, unknown]>([
      ['a missing audience', undefined],
      ['an empty audience string', ''],
      ['an empty audience array', []],
      ['an array with an empty audience', ['https://api.example', '']],
      ['a number audience', 42],
      ['an array with a number audience', ['https://api.example', 42]],
      ['an object audience', { aud: 'x' }],
    ])('rejects %s', (_name, audience) => {
      expect(typeErrorOf({ ...base, audience }).message).toBe(audienceMessage);
    });

    it.each([['none'], ['NONE'], ['None']])('rejects the algorithm %s', (alg) => {
      expect(typeErrorOf({ ...base, algorithms: ['RS256', alg] }).message).toBe(
        'access-guard: `algorithms` must not contain "none": unsigned tokens would be accepted.',
      );
    });

    it.each([['HS256'], ['HS512'], ['hs384']])('rejects the symmetric algorithm %s', (alg) => {
      const { message } = typeErrorOf({ ...base, algorithms: [alg] });
      expect(message.startsWith(`access-guard: \`algorithms\` must not contain ${alg}: symmetric algorithms`)).toBe(
        true,
      );
      expect(message).toContain('Use RS256, PS256, ES256 or EdDSA.');
    });

    it.each<[string, unknown, string]>([
      ['an unsupported algorithm', ['XX1'], 'access-guard: `algorithms` contains an unsupported algorithm "XX1".'],
      [
        'a lower-case algorithm name',
        ['rs256'],
        'access-guard: `algorithms` contains an unsupported algorithm "rs256".',
      ],
      ['a non-string algorithm', [256], 'access-guard: `algorithms` contains an unsupported algorithm 256.'],
      ['an empty algorithm list', [], "access-guard: `algorithms` must be a non-empty array, e.g. ['RS256']."],
      [
        'an algorithm string instead of a list',
        'RS256',
        "access-guard: `algorithms` must be a non-empty array, e.g. ['RS256'].",
      ],
    ])('rejects %s', (_name, algorithms, message) => {
      expect(typeErrorOf({ ...base, algorithms }).message).toBe(message);
    });

    const realmMessage = 'access-guard: `realm` must be a non-empty string of printable ASCII without `"` or `\\`.';

    it.each<[string, unknown]>([
      ['a double quote', 'my "api"'],
      ['a backslash', 'a\\b'],
      ['a line feed', 'api\n'],
      ['a non-ASCII letter', 'apé'],
      ['nothing (empty)', ''],
      ['a non-string value', 42],
    ])('rejects a realm with %s', (_name, realm) => {
      expect(typeErrorOf({ ...base, realm }).message).toBe(realmMessage);
    });

    it.each([['STRICT'], ['loose'], ['at+jwt']])('rejects the typ mode %s', (typ) => {
      expect(typeErrorOf({ ...base, typ }).message).toBe(
        "access-guard: `typ` must be 'strict' (RFC 9068 at+jwt only) or 'compatible'.",
      );
    });

    it.each<[string, Record<string, unknown>, string]>([
      [
        'a negative clockTolerance',
        { clockTolerance: -1 },
        'access-guard: `clockTolerance` must be a finite number (seconds) >= 0; got -1.',
      ],
      [
        'a NaN clockTolerance',
        { clockTolerance: NaN },
        'access-guard: `clockTolerance` must be a finite number (seconds) >= 0; got NaN.',
      ],
      [
        'an infinite clockTolerance',
        { clockTolerance: Infinity },
        'access-guard: `clockTolerance` must be a finite number (seconds) >= 0; got Infinity.',
      ],
      [
        'a string clockTolerance',
        { clockTolerance: '5' },
        'access-guard: `clockTolerance` must be a finite number (seconds) >= 0; got 5.',
      ],
      [
        'a zero maxTokenAge',
        { maxTokenAge: 0 },
        'access-guard: `maxTokenAge` must be a finite number (seconds) >= 1; got 0.',
      ],
      [
        'a negative maxTokenLifetime',
        { maxTokenLifetime: -60 },
        'access-guard: `maxTokenLifetime` must be a finite number (seconds) >= 1; got -60.',
      ],
      [
        'a tiny maxTokenLength',
        { maxTokenLength: 15 },
        'access-guard: `maxTokenLength` must be a whole number (characters) >= 16; got 15.',
      ],
      [
        'a zero timeoutMs',
        { timeoutMs: 0 },
        'access-guard: `timeoutMs` must be a finite number (milliseconds) >= 1; got 0.',
      ],
      [
        'a NaN timeoutMs',
        { timeoutMs: NaN },
        'access-guard: `timeoutMs` must be a finite number (milliseconds) >= 1; got NaN.',
      ],
      [
        'a zero jwks.maxAgeSeconds',
        { jwks: { maxAgeSeconds: 0 } },
        'access-guard: `jwks.maxAgeSeconds` must be a finite number (seconds) >= 1; got 0.',
      ],
      [
        'a zero cooldownSeconds (no protection against kid floods)',
        { cooldownSeconds: 0 },
        'access-guard: `cooldownSeconds` must be a finite number (seconds) >= 1; got 0.',
      ],
      [
        'a NaN jwks.staleIfErrorSeconds',
        { jwks: { staleIfErrorSeconds: NaN } },
        'access-guard: `jwks.staleIfErrorSeconds` must be a finite number (seconds) >= 0; got NaN.',
      ],
      [
        'a negative verifiedTokenCacheSize',
        { verifiedTokenCacheSize: -1 },
        'access-guard: `verifiedTokenCacheSize` must be a whole number (entries) >= 0; got -1.',
      ],
    ])('rejects %s', (_name, options, message) => {
      expect(typeErrorOf({ ...base, ...options }).message).toBe(message);
    });

    // lru-cache needs an integer `max`; a fraction would pass here and fail later in lru-cache with a
    // message that neither starts with 'access-guard:' nor names the option.
    it.each<[string, Record<string, unknown>, string]>([
      ['a fractional verifiedTokenCacheSize', { verifiedTokenCacheSize: 1.5 }, 'verifiedTokenCacheSize'],
      [
        'a fractional opaqueTokens.cacheMaxEntries',
        { opaqueTokens: { via: 'userinfo', acceptAnyAudience: true, cacheMaxEntries: 2.5 } },
        'opaqueTokens.cacheMaxEntries',
      ],
    ])('rejects %s', (_name, options, name) => {
      const { message } = typeErrorOf({ ...base, ...options });
      expect(message.startsWith(`access-guard: \`${name}\``)).toBe(true);
    });

    it.each<[string, unknown]>([
      ['undefined', undefined],
      ['null', null],
      ['a string', 'https://issuer.example/'],
    ])('rejects %s as options', (_name, options) => {
      expect(() => resolveAll(options as AuthOptions)).toThrow(
        new TypeError(
          "access-guard: options are required: requireAuth({ issuer: 'https://issuer.example/', audience: 'https://api.example' }).",
        ),
      );
    });
  });
  describe('store and isRevoked', () => {
    it('refuses an isRevoked that is not a function', () => {
      expect(() => resolveOptions({ ...base, isRevoked: true as never })).toThrow('`isRevoked` must be a function');
    });

    it('refuses a store without a long enough secret', () => {
      const store = {
        get: async () => undefined,
        set: async () => undefined,
        claim: async () => true,
        secret: 'short',
      };
      expect(() => resolveOptions({ ...base, store })).toThrow('at least 32 bytes');
    });
  });

  describe('opaqueTokens', () => {
    const introspection = { via: 'introspection', clientId: 'api', clientSecret: 's3cret' } as const;

    it('refuses opaque tokens by default', () => {
      expect(resolveOptions(base).opaqueTokens).toBeUndefined();
    });

    it('defaults the answer cache bound to 10000 entries', () => {
      expect(resolveOptions({ ...base, opaqueTokens: introspection }).opaqueTokens?.cacheMaxEntries).toBe(10_000);
    });

    it('applies the introspection defaults', () => {
      expect(resolveOptions({ ...base, opaqueTokens: introspection }).opaqueTokens).toEqual({
        via: 'introspection',
        acceptAnyAudience: false,
        endpoint: undefined,
        clientId: 'api',
        clientSecret: 's3cret',
        cacheTtlSeconds: 60,
        negativeCacheTtlSeconds: 10,
        cacheMaxEntries: 10_000,
        requireAudience: true,
      });
    });

    it('keeps explicit values', () => {
      const resolved = resolveOptions({
        ...base,
        opaqueTokens: {
          ...introspection,
          endpoint: 'https://issuer.example/introspect',
          cacheTtlSeconds: 0,
          negativeCacheTtlSeconds: 0,
          cacheMaxEntries: 5,
          requireAudience: false,
        },
      });
      expect(resolved.opaqueTokens).toMatchObject({
        endpoint: 'https://issuer.example/introspect',
        cacheTtlSeconds: 0,
        negativeCacheTtlSeconds: 0,
        requireAudience: false,
      });
      expect(resolved.opaqueTokens?.cacheMaxEntries).toBe(5);
    });

    it('accepts userinfo without client credentials', () => {
      expect(
        resolveOptions({ ...base, opaqueTokens: { via: 'userinfo', acceptAnyAudience: true } }).opaqueTokens?.via,
      ).toBe('userinfo');
    });

    it('accepts a lifetime policy with introspection', () => {
      expect(resolveOptions({ ...base, maxTokenAge: 300, opaqueTokens: introspection }).opaqueTokens?.via).toBe(
        'introspection',
      );
    });

    const viaMessage =
      "access-guard: `opaqueTokens.via` must be 'introspection', 'userinfo' or 'tokeninfo', e.g. { opaqueTokens: { via: 'introspection', clientId, clientSecret } }.";
    const credentialsMessage =
      'access-guard: `opaqueTokens.clientId` and `opaqueTokens.clientSecret` are required with introspection: the API authenticates to the introspection endpoint (RFC 7662 §2.1). Register the API as a confidential client at the issuer.';
    const lifetimeMessage =
      'access-guard: `maxTokenAge` / `maxTokenLifetime` cannot be enforced on opaque tokens checked via userinfo (a profile has no iat or exp). Use introspection, or drop the lifetime policy.';

    it.each<[string, Record<string, unknown>, string]>([
      ['null', { opaqueTokens: null }, viaMessage],
      ['a string', { opaqueTokens: 'introspection' }, viaMessage],
      ['no via', { opaqueTokens: {} }, viaMessage],
      ['an unknown via', { opaqueTokens: { via: 'jwks' } }, viaMessage],
      [
        'introspection without a clientId',
        { opaqueTokens: { via: 'introspection', clientSecret: 's' } },
        credentialsMessage,
      ],
      [
        'introspection with an empty clientSecret',
        { opaqueTokens: { via: 'introspection', clientId: 'api', clientSecret: '' } },
        credentialsMessage,
      ],
      [
        'introspection with a number clientSecret',
        { opaqueTokens: { via: 'introspection', clientId: 'api', clientSecret: 42 } },
        credentialsMessage,
      ],
      [
        'userinfo without acceptAnyAudience',
        { opaqueTokens: { via: 'userinfo' } },
        "access-guard: `opaqueTokens: { via: 'userinfo' }` cannot check the audience: the userinfo answer does not say which client or API a token was issued for, so a token issued to any client of the issuer would pass. Use introspection (or tokeninfo for Google), or set opaqueTokens.acceptAnyAudience: true to accept that.",
      ],
      [
        'tokeninfo without an endpoint',
        { opaqueTokens: { via: 'tokeninfo' } },
        "access-guard: `opaqueTokens.endpoint` is required with tokeninfo (issuers do not publish it), e.g. 'https://oauth2.googleapis.com/tokeninfo'.",
      ],
      [
        'userinfo with maxTokenAge',
        { maxTokenAge: 300, opaqueTokens: { via: 'userinfo', acceptAnyAudience: true } },
        lifetimeMessage,
      ],
      [
        'userinfo with maxTokenLifetime',
        { maxTokenLifetime: 900, opaqueTokens: { via: 'userinfo', acceptAnyAudience: true } },
        lifetimeMessage,
      ],
      [
        'an http endpoint that is not loopback',
        { opaqueTokens: { ...introspection, endpoint: 'http://issuer.example/introspect' } },
        'access-guard: `opaqueTokens.endpoint` cannot be used: it must use https: (http: is allowed only on loopback for tests); got "http://issuer.example/introspect". For a development issuer on plain http (e.g. http://keycloak:8080 in docker compose), set allowInsecureHttpIssuer: true; it refuses to start when NODE_ENV is production.',
      ],
      [
        'a negative cacheTtlSeconds',
        { opaqueTokens: { ...introspection, cacheTtlSeconds: -1 } },
        'access-guard: `opaqueTokens.cacheTtlSeconds` must be a finite number (seconds) >= 0; got -1.',
      ],
      [
        'a NaN negativeCacheTtlSeconds',
        { opaqueTokens: { ...introspection, negativeCacheTtlSeconds: NaN } },
        'access-guard: `opaqueTokens.negativeCacheTtlSeconds` must be a finite number (seconds) >= 0; got NaN.',
      ],
      [
        'a zero cacheMaxEntries',
        { opaqueTokens: { ...introspection, cacheMaxEntries: 0 } },
        'access-guard: `opaqueTokens.cacheMaxEntries` must be a whole number (entries) >= 1; got 0.',
      ],
    ])('rejects %s', (_name, options, message) => {
      expect(typeErrorOf({ ...base, ...options }).message).toBe(message);
    });
  });
});

describe('resolveOptions (a protected resource)', () => {
  const resource = 'https://api.example/mcp';

  it('makes the resource the audience when none is given', () => {
    const { shared, issuers } = resolveAll({ issuer: 'https://issuer.example/', resource });
    expect(shared.resource).toBe(resource);
    expect(issuers[0]?.audience).toEqual([resource]);
  });

  it('keeps an audience that is given', () => {
    const { issuers } = resolveAll({ issuer: 'https://issuer.example/', resource, audience: 'api://mcp' });
    expect(issuers[0]?.audience).toEqual(['api://mcp']);
  });

  it.each([
    ['query tokens on a resource', { resource, allowQueryToken: true }, 'never read on a protected resource'],
    ['metadata without a resource', { audience: 'x', resourceMetadata: true }, '`resourceMetadata` needs `resource`'],
    ['an http resource off loopback', { resource: 'http://api.example/mcp' }, '`resource` cannot be used'],
    [
      'a metadata URL off https',
      { resource, resourceMetadata: 'http://api.example/meta' },
      '`resourceMetadata` cannot be used',
    ],
    ['a metadata value of another type', { resource, resourceMetadata: 5 }, '`resourceMetadata` must be true'],
    ['a challenge scope with a space', { audience: 'x', challengeScope: 'a b' }, 'is not a valid scope'],
  ])('refuses %s at start-up', (_label, options, message) => {
    expect(() => resolveAll({ issuer: 'https://issuer.example/', ...options } as AuthOptions)).toThrow(message);
  });

  it('joins the challenge scopes', () => {
    expect(resolveAll({ ...base, challengeScope: ['mcp:tools', 'mcp:read'] }).shared.challengeScope).toBe(
      'mcp:tools mcp:read',
    );
  });
});
