import { startLocalIssuer, type LocalIssuer } from '@access-guard/testing';
import { decodeProtectedHeader } from 'jose';
import { IssuerUnavailableError } from '../src/errors.js';
import { RemoteKeySet } from '../src/remote-key-set.js';

let issuer: LocalIssuer;
beforeAll(async () => {
  issuer = await startLocalIssuer({ algorithms: ['RS256', 'ES256'] });
});
afterAll(() => issuer.close());
afterEach(() => issuer.setFault('all', null));

function keySet(
  clock: { ms: number },
  overrides: Partial<ConstructorParameters<typeof RemoteKeySet>[1]> = {},
): RemoteKeySet {
  return new RemoteKeySet(async () => issuer.jwksUri, {
    timeoutMs: 300,
    realm: 'api',
    maxAgeSeconds: 600,
    cooldownSeconds: 30,
    staleIfErrorSeconds: 3600,
    now: () => clock.ms,
    ...overrides,
  });
}

async function keyFor(set: RemoteKeySet, token: string): Promise<unknown> {
  return set.getKey(decodeProtectedHeader(token) as never);
}

describe('RemoteKeySet', () => {
  it('fetches the JWKS once and serves later lookups from memory', async () => {
    const set = keySet({ ms: 0 });
    issuer.resetCounts();
    await keyFor(set, await issuer.mint());
    await keyFor(set, await issuer.mint({}, { alg: 'ES256' }));
    expect(issuer.counts.jwks).toBe(1);
  });

  it('accepts a key from a rotation after one refetch', async () => {
    const clock = { ms: 0 };
    const set = keySet(clock);
    await keyFor(set, await issuer.mint());
    await issuer.rotateKeys();
    issuer.resetCounts();
    clock.ms += 31_000;
    await expect(keyFor(set, await issuer.mint())).resolves.toBeDefined();
    expect(issuer.counts.jwks).toBe(1);
  });

  it('refetches at most once per cooldown for a flood of unknown kids, coalescing concurrent refetches', async () => {
    const clock = { ms: 0 };
    const set = keySet(clock);
    await keyFor(set, await issuer.mint());
    clock.ms += 31_000;
    issuer.resetCounts();
    const flood = await Promise.all(Array.from({ length: 50 }, (_, i) => issuer.mint({}, { kid: `random-${i}` })));
    const results = await Promise.allSettled(flood.map((token) => keyFor(set, token)));
    expect(results.every((result) => result.status === 'rejected')).toBe(true);
    const more = await Promise.allSettled([keyFor(set, await issuer.mint({}, { kid: 'again' }))]);
    expect(more[0]?.status).toBe('rejected');
    expect(issuer.counts.jwks).toBe(1);
  });

  it('answers an unknown kid without a fetch inside the cooldown', async () => {
    const set = keySet({ ms: 0 });
    await keyFor(set, await issuer.mint());
    issuer.resetCounts();
    await expect(keyFor(set, await issuer.mint({}, { kid: 'nope' }))).rejects.toMatchObject({
      code: 'ERR_JWKS_NO_MATCHING_KEY',
    });
    expect(issuer.counts.jwks).toBe(0);
  });

  it.each([
    ['refuses connections', 'refuse'],
    ['answers 500', { status: 500 }],
    ['answers HTML', 'html'],
    ['answers {}', 'empty-object'],
    ['answers 10 MB', 'huge'],
    ['hangs past the timeout', 'hang'],
  ] as const)(
    'throws IssuerUnavailableError when the JWKS endpoint %s, and caches no failure',
    async (_label, fault) => {
      const set = keySet({ ms: 0 });
      issuer.setFault('jwks', fault);
      const started = Date.now();
      await expect(keyFor(set, await issuer.mint())).rejects.toBeInstanceOf(IssuerUnavailableError);
      expect(Date.now() - started).toBeLessThan(2000);
      issuer.setFault('jwks', null);
      await expect(keyFor(set, await issuer.mint())).resolves.toBeDefined();
    },
  );

  it('keeps serving known keys while a refresh fails within the stale-if-error window', async () => {
    const clock = { ms: 0 };
    const set = keySet(clock, { maxAgeSeconds: 60, staleIfErrorSeconds: 120 });
    const token = await issuer.mint();
    await keyFor(set, token);
    issuer.setFault('jwks', { status: 503 });
    clock.ms += 61_000;
    await expect(keyFor(set, token)).resolves.toBeDefined();
    clock.ms += 120_000;
    await expect(keyFor(set, token)).rejects.toBeInstanceOf(IssuerUnavailableError);
  });
});

describe('RemoteKeySet during an outage', () => {
  it('serves known keys at once while the JWKS hangs, with one background refresh per cooldown', async () => {
    const clock = { ms: 0 };
    const set = keySet(clock, { maxAgeSeconds: 60, cooldownSeconds: 30, staleIfErrorSeconds: 600, timeoutMs: 2000 });
    const token = await issuer.mint();
    await keyFor(set, token);
    issuer.setFault('jwks', 'hang');
    clock.ms += 61_000;
    issuer.resetCounts();
    const started = Date.now();
    for (let i = 0; i < 20; i += 1) await keyFor(set, token);
    expect(Date.now() - started).toBeLessThan(500);
    // The refresh runs in the background: wait (bounded) until the issuer has seen it, then count.
    for (let i = 0; i < 100 && issuer.counts.jwks === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(issuer.counts.jwks).toBe(1);
  });

  it('answers a malformed JWK Set with 503, not 401', async () => {
    issuer.setFault('jwks', { status: 200, body: '{"keys":[1]}' });
    const error = await keyFor(keySet({ ms: 0 }), await issuer.mint()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IssuerUnavailableError);
    expect(String((error as Error).cause)).toContain('malformed JWK Set');
  });
});
