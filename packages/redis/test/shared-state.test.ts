import { createHmac } from 'node:crypto';
import { generateDpopKey, startLocalIssuer, type DpopKey, type LocalIssuer } from '@access-guard/testing';
import { InvalidTokenError, IssuerUnavailableError, type AuthOptions } from '@access-guard/core';
import { startRedisServer, type RedisServer } from '../../../test/support/redis-server.js';
import { sealEntry } from '../../core/src/store/sealed-entry.js';
import {
  AUDIENCE,
  CLIENT,
  connectClient,
  dpopRequest,
  SECRET,
  startInstance,
  whenReady,
  type Instance,
} from './support.js';

let issuer: LocalIssuer;
let server: RedisServer;
let key: DpopKey;
const instances: Instance[] = [];

beforeAll(async () => {
  [issuer, server, key] = await Promise.all([startLocalIssuer(), startRedisServer(), generateDpopKey('ES256')]);
});
afterEach(() => issuer.setFault('all', null));
// Each test starts from an empty Redis, so it can find the entries it made.
beforeEach(async () => {
  const admin = await connectClient(server);
  await admin.flushAll();
  admin.destroy();
});
afterAll(async () => {
  for (const instance of instances) instance.client.destroy();
  await Promise.all([issuer.close(), server.stop()]);
});

const introspection = (more: Partial<AuthOptions> = {}): AuthOptions => ({
  issuer: issuer.issuer,
  audience: AUDIENCE,
  timeoutMs: 1000,
  opaqueTokens: { via: 'introspection', ...CLIENT },
  ...more,
});

/** `count` instances of one configuration sharing the test Redis. */
async function cluster(count: number, options: AuthOptions, store?: { secret?: string; timeoutMs?: number }) {
  const started = await Promise.all(Array.from({ length: count }, () => startInstance(server, options, store)));
  instances.push(...started);
  return started;
}

/** The one key of the shared store that matches `pattern`. */
async function keyOf(instance: Instance, pattern: string): Promise<string> {
  const keys = await instance.client.keys(pattern);
  expect(keys).toHaveLength(1);
  return keys[0] as string;
}

describe('introspection answers through a shared store', () => {
  it('makes one introspection call for a token used on three instances', async () => {
    const [a, b, c] = await cluster(3, introspection());
    const token = issuer.issueOpaqueToken({ aud: AUDIENCE, sub: 'alice', scope: 'read' });
    issuer.resetCounts();
    for (const instance of [a, b, c, a, b, c]) {
      await expect(instance!.authenticator.verifyToken(token)).resolves.toMatchObject({ payload: { sub: 'alice' } });
    }
    expect(issuer.counts.introspection).toBe(1);
    expect(a!.outcomes('introspection')).toEqual(['miss', 'memory-hit']);
    expect(b!.outcomes('introspection')).toEqual(['shared-hit', 'memory-hit']);
  });

  it('coalesces concurrent first requests on different instances into one call', async () => {
    const group = await cluster(3, introspection());
    const token = issuer.issueOpaqueToken({ aud: AUDIENCE });
    issuer.resetCounts();
    await Promise.all(group.flatMap((instance) => [1, 2, 3].map(() => instance.authenticator.verifyToken(token))));
    expect(issuer.counts.introspection).toBe(1);
  });

  it('shares an inactive answer for its short TTL, never the active one past exp', async () => {
    const [a, b] = await cluster(2, introspection());
    const revoked = issuer.issueOpaqueToken({ aud: AUDIENCE });
    issuer.revoke(revoked);
    issuer.resetCounts();
    await expect(a!.authenticator.verifyToken(revoked)).rejects.toThrow(InvalidTokenError);
    await expect(b!.authenticator.verifyToken(revoked)).rejects.toThrow('not active');
    await expect(b!.authenticator.verifyToken(revoked)).rejects.toThrow('not active');
    expect(issuer.counts.introspection).toBe(1);
    const inactiveKeys = await a!.client.keys('access-guard:introspection:*');
    const ttls = await Promise.all(inactiveKeys.map((name) => a!.client.pTTL(name)));
    expect(Math.min(...ttls)).toBeLessThanOrEqual(10_000);

    const shortLived = issuer.issueOpaqueToken({ aud: AUDIENCE, expiresIn: 3 });
    await a!.authenticator.verifyToken(shortLived);
    const after = await a!.client.keys('access-guard:introspection:*');
    const fresh = after.filter((name) => !inactiveKeys.includes(name));
    expect(fresh).toHaveLength(1);
    expect(await a!.client.pTTL(fresh[0] as string)).toBeLessThanOrEqual(3000);
  });

  it('shares userinfo answers for attachUserinfo', async () => {
    const [a, b] = await cluster(2, {
      issuer: issuer.issuer,
      audience: AUDIENCE,
      opaqueTokens: { via: 'userinfo', acceptAnyAudience: true },
    });
    const token = issuer.issueOpaqueToken({ sub: 'bob', profile: { name: 'Bob' } });
    issuer.resetCounts();
    const auth = await a!.authenticator.verifyToken(token);
    await expect(b!.authenticator.userinfo(auth)).resolves.toMatchObject({ sub: 'bob', name: 'Bob' });
    await expect(b!.authenticator.verifyToken(token)).resolves.toMatchObject({ payload: { sub: 'bob' } });
    await expect(a!.authenticator.verifyToken(token)).resolves.toMatchObject({ payload: { sub: 'bob' } });
    expect(issuer.counts.userinfo).toBe(1);
    expect(a!.outcomes('userinfo')).toEqual(['miss', 'memory-hit']);
  });
});

describe('entries the shared store cannot vouch for', () => {
  it('never lets an entry forged without the secret make an unknown token pass', async () => {
    const [a, b] = await cluster(2, introspection());
    // An attacker with write access to Redis, but not the secret, copies the layout of a real entry.
    const real = issuer.issueOpaqueToken({ aud: AUDIENCE });
    await a!.authenticator.verifyToken(real);
    const realKey = await keyOf(a!, 'access-guard:introspection:*');
    const forgedToken = 'forged-token-the-issuer-never-issued';
    const { hash } = await import('node:crypto');
    const forgedKey = realKey.replace(/[^:]+$/, hash('sha256', forgedToken, 'base64url'));
    const claims = { active: true, aud: AUDIENCE, iss: issuer.issuer, sub: 'mallory', scope: 'admin' };
    const json = JSON.stringify({ kind: 'active', claims });
    const until = Date.now() + 60_000;
    const mac = createHmac('sha256', 'a-guessed-secret-that-is-not-the-real-one')
      .update(`${forgedKey.slice('access-guard:'.length)}\n${until}\n${json}`)
      .digest('base64url');
    await a!.client.set(forgedKey, `v1.${mac}.${until}.${json}`, { PX: 60_000 });
    await expect(b!.authenticator.verifyToken(forgedToken)).rejects.toThrow('not active');
    expect(b!.outcomes('introspection')).toContain('rejected');
  });

  it('ignores a corrupted entry and asks the issuer', async () => {
    const [a, b] = await cluster(2, introspection({ audience: 'https://corrupted.test' }));
    const token = issuer.issueOpaqueToken({ aud: 'https://corrupted.test', sub: 'carol' });
    await a!.authenticator.verifyToken(token);
    const entry = await keyOf(a!, 'access-guard:introspection:*');
    const sealed = (await a!.client.get(entry)) as string;
    await a!.client.set(entry, sealed.replace('carol', 'carl'), { PX: 60_000 });
    issuer.resetCounts();
    await expect(b!.authenticator.verifyToken(token)).resolves.toMatchObject({ payload: { sub: 'carol' } });
    expect(issuer.counts.introspection).toBe(1);
    expect(b!.outcomes('introspection')).toEqual(['rejected', 'miss']);
  });

  it('ignores an authentic entry that is not an introspection answer', async () => {
    const [a] = await cluster(1, introspection({ audience: 'https://shape.test' }));
    const token = issuer.issueOpaqueToken({ aud: 'https://shape.test' });
    await a!.authenticator.verifyToken(token);
    const entry = await keyOf(a!, 'access-guard:introspection:*');
    const name = entry.slice('access-guard:'.length);
    const until = Date.now() + 60_000;
    await a!.client.set(entry, sealEntry(SECRET, name, { kind: 'active', claims: { active: 'yes' } }, until));
    const [b] = await cluster(1, introspection({ audience: 'https://shape.test' }));
    await expect(b!.authenticator.verifyToken(token)).resolves.toBeDefined();
    expect(b!.outcomes('introspection')).toEqual(['rejected', 'miss']);
  });

  it.each([
    ['not sealed at all', 'garbage'],
    ['sealed with a non-numeric expiry', 'v1.AAAA.soon.{}'],
  ])('ignores an entry %s', async (_label, value) => {
    const [a] = await cluster(1, introspection({ audience: 'https://garbage.test' }));
    const token = issuer.issueOpaqueToken({ aud: 'https://garbage.test' });
    await a!.authenticator.verifyToken(token);
    const entry = await keyOf(a!, 'access-guard:introspection:*');
    const [b] = await cluster(1, introspection({ audience: 'https://garbage.test' }));
    await b!.client.set(entry, value, { PX: 60_000 });
    await expect(b!.authenticator.verifyToken(token)).resolves.toBeDefined();
    expect(b!.outcomes('introspection')).toEqual(['rejected', 'miss']);
  });

  it('never takes an entry written under another policy for its own', async () => {
    const [wide] = await cluster(1, introspection({ audience: ['https://policy-a.test', 'https://policy-b.test'] }));
    const [narrow] = await cluster(1, introspection({ audience: 'https://policy-b.test' }));
    const token = issuer.issueOpaqueToken({ aud: 'https://policy-a.test' });
    await wide!.authenticator.verifyToken(token);
    const wideKey = await keyOf(wide!, 'access-guard:introspection:*');
    // Another policy asks under a key of its own, and refuses the token for its audience.
    await expect(narrow!.authenticator.verifyToken(token)).rejects.toThrow('another audience');
    const narrowKey = (await narrow!.client.keys('access-guard:introspection:*')).find((name) => name !== wideKey);
    expect(narrowKey?.split(':').at(-1)).toBe(wideKey.split(':').at(-1));
    // The wide policy's entry copied under the narrow policy's key fails its check there.
    await narrow!.client.set(narrowKey!, (await wide!.client.get(wideKey)) as string, { PX: 60_000 });
    const [third] = await cluster(1, introspection({ audience: 'https://policy-b.test' }));
    await expect(third!.authenticator.verifyToken(token)).rejects.toThrow('another audience');
    expect(third!.outcomes('introspection')).toEqual(['rejected', 'miss']);
  });
});

describe('DPoP proofs across instances', () => {
  it('refuses on instance B a proof used on instance A', async () => {
    const [a, b] = await cluster(2, { issuer: issuer.issuer, audience: AUDIENCE });
    const token = await issuer.mint({ aud: AUDIENCE }, { dpop: key });
    const { request } = await dpopRequest(token, key);
    await expect(a!.authenticator.authenticate(request)).resolves.toBeDefined();
    await expect(b!.authenticator.authenticate(request)).rejects.toThrow('used before');
  });
});

describe('revocation', () => {
  it('honours on every instance a token revoked on one, by jti or by token', async () => {
    const [a, b] = await cluster(2, introspection());
    const jwt = await issuer.mint({ aud: AUDIENCE, jti: 'jti-revoked-1' });
    const opaque = issuer.issueOpaqueToken({ aud: AUDIENCE });
    await b!.authenticator.verifyToken(jwt);
    await b!.authenticator.verifyToken(opaque);
    await a!.store.revoke({ jti: 'jti-revoked-1' }, Date.now() + 60_000);
    await a!.store.revoke({ token: opaque }, new Date(Date.now() + 60_000));
    for (const token of [jwt, opaque]) {
      const error = await b!.authenticator.verifyToken(token).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InvalidTokenError);
      expect((error as InvalidTokenError).reason).toBe('revoked');
    }
    // Nothing stored under the token itself.
    const keys = await a!.client.keys('*');
    expect(keys.some((name) => name.includes(opaque) || name.includes('jti-revoked-1'))).toBe(false);
  });

  it('refuses what the isRevoked hook says is revoked, on every request', async () => {
    const revoked = new Set<string>();
    const [a] = await cluster(1, {
      issuer: issuer.issuer,
      audience: AUDIENCE,
      isRevoked: async (auth) => revoked.has(String(auth.payload.sub)),
    });
    const token = await issuer.mint({ aud: AUDIENCE, sub: 'eve' });
    await expect(a!.authenticator.verifyToken(token)).resolves.toBeDefined();
    revoked.add('eve');
    await expect(a!.authenticator.verifyToken(token)).rejects.toThrow('revoked');
  });
});

describe('when Redis fails', () => {
  it('keeps serving JWTs and introspected tokens while Redis is down, refuses DPoP with 503, and recovers', async () => {
    const [a, b] = await cluster(2, introspection());
    const [fallback] = await cluster(1, introspection({ dpop: { replayFallback: 'per-instance' } }));
    const jwt = await issuer.mint({ aud: AUDIENCE });
    const opaque = issuer.issueOpaqueToken({ aud: AUDIENCE });
    const bound = await issuer.mint({ aud: AUDIENCE }, { dpop: key });
    await a!.authenticator.verifyToken(opaque);
    await server.kill();
    try {
      await expect(b!.authenticator.verifyToken(jwt)).resolves.toBeDefined();
      await expect(b!.authenticator.verifyToken(opaque)).resolves.toBeDefined();
      await expect(a!.authenticator.verifyToken(opaque)).resolves.toBeDefined();
      const down = await b!.authenticator
        .authenticate((await dpopRequest(bound, key)).request)
        .catch((e: unknown) => e);
      expect(down).toBeInstanceOf(IssuerUnavailableError);
      expect((down as IssuerUnavailableError).status).toBe(503);
      // With the per-instance fallback, a proof is still claimed once per instance.
      const { request } = await dpopRequest(bound, key);
      await expect(fallback!.authenticator.authenticate(request)).resolves.toBeDefined();
      await expect(fallback!.authenticator.authenticate(request)).rejects.toThrow('used before');
      expect(b!.events.some((event) => event.type === 'store' && event.outcome === 'error')).toBe(true);
    } finally {
      await server.restart();
    }
    await whenReady([a!.client, b!.client]);
    // The store is left alone for a second after a failure, then used again without a restart.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const token = issuer.issueOpaqueToken({ aud: AUDIENCE });
    issuer.resetCounts();
    await a!.authenticator.verifyToken(token);
    await b!.authenticator.verifyToken(token);
    expect(issuer.counts.introspection).toBe(1);
    const { request } = await dpopRequest(bound, key);
    await expect(a!.authenticator.authenticate(request)).resolves.toBeDefined();
    await expect(b!.authenticator.authenticate(request)).rejects.toThrow('used before');
  });

  it('answers within the store timeout while Redis is paused, and leaves it alone for a second', async () => {
    const [a] = await cluster(1, introspection(), { timeoutMs: 400 });
    const jwt = await issuer.mint({ aud: AUDIENCE });
    const bound = await issuer.mint({ aud: AUDIENCE }, { dpop: key });
    await a!.authenticator.verifyToken(jwt);
    server.pause();
    try {
      let started = Date.now();
      await expect(a!.authenticator.verifyToken(jwt)).resolves.toBeDefined();
      expect(Date.now() - started).toBeLessThan(1000);
      started = Date.now();
      await expect(a!.authenticator.verifyToken(issuer.issueOpaqueToken({ aud: AUDIENCE }))).resolves.toBeDefined();
      const dpop = await a!.authenticator
        .authenticate((await dpopRequest(bound, key)).request)
        .catch((e: unknown) => e);
      expect((dpop as IssuerUnavailableError).status).toBe(503);
      // Paused after the first timeout: no request waits for Redis again within the second.
      expect(Date.now() - started).toBeLessThan(400);
      // The two revocation reads (token and jti) of the first request, sent together.
      expect(a!.store.stats().timeouts).toBe(2);
    } finally {
      server.resume();
    }
  });
});
