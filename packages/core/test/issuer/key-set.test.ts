import { startLocalIssuer, type LocalIssuer } from '@access-guard/testing';
import { IssuerUnavailableError } from '../../src/errors.js';
import { CallGate } from '../../src/issuer/call-gate.js';
import { KeySet } from '../../src/issuer/key-set.js';
import { decodeJsonObject } from '../../src/jwt/compact.js';
import type { JwsAlgorithm } from '../../src/jwt/algorithms.js';

let issuer: LocalIssuer;
beforeAll(async () => {
  issuer = await startLocalIssuer({ algorithms: ['RS256', 'ES256'] });
});
afterAll(() => issuer.close());
afterEach(() => issuer.setFault('all', null));

function keySet(clock: { ms: number }, overrides: Partial<ConstructorParameters<typeof KeySet>[1]> = {}): KeySet {
  const cooldownSeconds = overrides.cooldownSeconds ?? 30;
  const gate = new CallGate({
    what: 'JWKS',
    cooldownMs: cooldownSeconds * 1000,
    maxConcurrent: 4,
    maxWaiting: 4,
    now: () => clock.ms,
  });
  return new KeySet(async () => issuer.jwksUri, {
    gate,
    timeoutMs: 300,
    maxAgeSeconds: 600,
    cooldownSeconds: 30,
    staleIfErrorSeconds: 3600,
    now: () => clock.ms,
    ...overrides,
  });
}

/** The first key the set offers for a token's header; rejects when none matches. */
async function keyFor(set: KeySet, token: string): Promise<unknown> {
  const header = decodeJsonObject(token.split('.')[0] as string) as { alg: JwsAlgorithm; kid?: string };
  const [key] = await set.candidates(header.alg, header.kid);
  if (key === undefined) throw new Error('no matching key');
  return key;
}

describe('KeySet', () => {
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
    await expect(keyFor(set, await issuer.mint({}, { kid: 'nope' }))).rejects.toThrow('no matching key');
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
    'throws IssuerUnavailableError when the JWKS endpoint %s, once per cooldown, and recovers after it',
    async (_label, fault) => {
      const clock = { ms: 0 };
      const set = keySet(clock);
      issuer.setFault('jwks', fault);
      issuer.resetCounts();
      const started = Date.now();
      await expect(keyFor(set, await issuer.mint())).rejects.toBeInstanceOf(IssuerUnavailableError);
      await expect(keyFor(set, await issuer.mint())).rejects.toBeInstanceOf(IssuerUnavailableError);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(issuer.counts.jwks).toBe(1);
      issuer.setFault('jwks', null);
      clock.ms += 30_000;
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

describe('KeySet during an outage', () => {
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

  it('answers a key set without a usable key with 503, not 401', async () => {
    issuer.setFault('jwks', { status: 200, body: '{"keys":[1]}' });
    const error = await keyFor(keySet({ ms: 0 }), await issuer.mint()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IssuerUnavailableError);
    expect(String((error as Error).cause)).toContain('no usable key (not a JSON object)');
  });

  it('answers an empty key set with 503 and keeps the keys that worked', async () => {
    const clock = { ms: 0 };
    const set = keySet(clock, { maxAgeSeconds: 60, staleIfErrorSeconds: 0, cooldownSeconds: 1 });
    const token = await issuer.mint();
    await keyFor(set, token);
    issuer.setFault('jwks', { status: 200, body: '{"keys":[]}' });
    clock.ms += 61_000;
    const error = await keyFor(set, token).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IssuerUnavailableError);
    expect(String((error as Error).cause)).toContain('the key set is empty');
    issuer.setFault('jwks', null);
    clock.ms += 2_000;
    await expect(keyFor(set, token)).resolves.toBeDefined();
  });

  it('makes one fetch per cooldown, not one per request, once stale-if-error has run out', async () => {
    const clock = { ms: 0 };
    const set = keySet(clock, { maxAgeSeconds: 60, staleIfErrorSeconds: 60 });
    const token = await issuer.mint();
    await keyFor(set, token);
    issuer.setFault('jwks', { status: 503 });
    clock.ms += 121_000;
    issuer.resetCounts();
    const results = await Promise.allSettled(Array.from({ length: 200 }, () => keyFor(set, token)));
    expect(results.every((result) => result.status === 'rejected')).toBe(true);
    expect(issuer.counts.jwks).toBe(1);
  });

  it('refuses a key set of more than 100 keys as an issuer fault', async () => {
    const { keys } = (await (await fetch(issuer.jwksUri)).json()) as { keys: unknown[] };
    const many = Array.from({ length: 101 }, (_, i) => ({ ...(keys[0] as object), kid: `k${i}` }));
    issuer.setFault('jwks', { status: 200, body: JSON.stringify({ keys: many }) });
    const error = await keyFor(keySet({ ms: 0 }), await issuer.mint()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IssuerUnavailableError);
    expect(String((error as Error).cause)).toContain('101 keys');
  });
});

describe('KeySet lookups', () => {
  const fixedSet = (keys: unknown[]): KeySet => {
    issuer.setFault('jwks', { status: 200, body: JSON.stringify({ keys }) });
    return keySet({ ms: 0 });
  };

  it('offers every key of the family for a token without kid, and each key of a kid used twice', async () => {
    const { keys } = (await (await fetch(issuer.jwksUri)).json()) as { keys: Array<Record<string, unknown>> };
    const rsa = keys.find((key) => key.kty === 'RSA') as Record<string, unknown>;
    const set = fixedSet([{ ...rsa, kid: 'same' }, { ...rsa, kid: 'same' }, keys.find((key) => key.kty === 'EC')]);
    expect(await set.candidates('RS256', 'same')).toHaveLength(2);
    expect(await set.candidates('RS256', undefined)).toHaveLength(2);
    expect(await set.candidates('ES256', undefined)).toHaveLength(1);
    expect(await set.candidates('ES256', 'same')).toHaveLength(0);
  });

  it('never offers a key for an algorithm other than the one the JWK names', async () => {
    const { keys } = (await (await fetch(issuer.jwksUri)).json()) as { keys: Array<Record<string, unknown>> };
    const rsa = keys.find((key) => key.kty === 'RSA') as Record<string, unknown>;
    const set = fixedSet([{ ...rsa, alg: 'RS256' }]);
    expect(await set.candidates('RS256', rsa['kid'] as string)).toHaveLength(1);
    expect(await set.candidates('PS256', rsa['kid'] as string)).toHaveLength(0);
  });

  it('tries at most four keys for one token', async () => {
    const { keys } = (await (await fetch(issuer.jwksUri)).json()) as { keys: Array<Record<string, unknown>> };
    const rsa = keys.find((key) => key.kty === 'RSA') as Record<string, unknown>;
    const set = fixedSet(Array.from({ length: 10 }, () => ({ ...rsa, kid: undefined })));
    expect(await set.candidates('RS256', undefined)).toHaveLength(4);
  });
});
