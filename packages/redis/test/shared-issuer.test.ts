import { generateKeyPairSync } from 'node:crypto';
import { startLocalIssuer, type LocalIssuer } from '@access-guard/testing';
import type { AuthOptions } from '@access-guard/core';
import { startRedisServer, type RedisServer } from '../../../test/support/redis-server.js';
import { AUDIENCE, connectClient, SECRET, startInstance, type Instance } from './support.js';
import { sealEntry } from '../../core/src/store/sealed-entry.js';

let issuer: LocalIssuer;
let server: RedisServer;
const instances: Instance[] = [];

beforeAll(async () => {
  [issuer, server] = await Promise.all([startLocalIssuer(), startRedisServer()]);
});
beforeEach(async () => {
  const admin = await connectClient(server);
  await admin.flushAll();
  admin.destroy();
});
afterEach(() => issuer.setFault('all', null));
afterAll(async () => {
  for (const instance of instances) instance.client.destroy();
  await Promise.all([issuer.close(), server.stop()]);
});

async function instance(more: Partial<AuthOptions> = {}): Promise<Instance> {
  const started = await startInstance(server, { issuer: issuer.issuer, audience: AUDIENCE, timeoutMs: 1000, ...more });
  instances.push(started);
  return started;
}

describe('issuer metadata and keys through a shared store', () => {
  it('starts a cold instance without calling the issuer', async () => {
    const warm = await instance();
    await warm.authenticator.verifyToken(await issuer.mint({ aud: AUDIENCE }));
    const cold = await instance();
    issuer.resetCounts();
    await expect(cold.authenticator.verifyToken(await issuer.mint({ aud: AUDIENCE }))).resolves.toBeDefined();
    expect(issuer.counts.total).toBe(0);
    expect(cold.outcomes('jwks')).toEqual(['shared-hit']);
  });

  it('serves a cold instance from a shared key set while the issuer is down, within stale-if-error', async () => {
    const warm = await instance();
    await warm.authenticator.verifyToken(await issuer.mint({ aud: AUDIENCE }));
    issuer.setFault('all', { status: 503 });
    const clock = { skew: 0 };
    const cold = await instance({
      now: () => Date.now() + clock.skew,
      jwks: { maxAgeSeconds: 60, staleIfErrorSeconds: 120 },
    });
    // Stale (past max age) but within the bound: the issuer is asked, fails, and the shared set serves.
    clock.skew = 90_000;
    const token = await issuer.mint({
      aud: AUDIENCE,
      iat: Math.floor((Date.now() + 90_000) / 1000) - 5,
      exp: Math.floor((Date.now() + 90_000) / 1000) + 300,
    });
    await expect(cold.authenticator.verifyToken(token)).resolves.toBeDefined();
    // Never a key set older than the bound: past it, the cold instance answers 503.
    const colder = await instance({
      now: () => Date.now() + 200_000,
      jwks: { maxAgeSeconds: 60, staleIfErrorSeconds: 120 },
    });
    const later = Math.floor((Date.now() + 200_000) / 1000);
    await expect(
      colder.authenticator.verifyToken(await issuer.mint({ aud: AUDIENCE, iat: later - 5, exp: later + 300 })),
    ).rejects.toMatchObject({ status: 503 });
  });

  it('picks up keys another instance fetched after a rotation', async () => {
    const clock = { skew: 0 };
    const a = await instance({ now: () => Date.now() + clock.skew });
    const b = await instance({ now: () => Date.now() + clock.skew });
    await a.authenticator.verifyToken(await issuer.mint({ aud: AUDIENCE }));
    await b.authenticator.verifyToken(await issuer.mint({ aud: AUDIENCE }));
    await issuer.rotateKeys();
    const rotated = await issuer.mint({ aud: AUDIENCE });
    // Past the cooldown for unknown kids: a asks the issuer, b finds a's newer set in the store.
    clock.skew = 31_000;
    await a.authenticator.verifyToken(rotated);
    issuer.resetCounts();
    await expect(b.authenticator.verifyToken(rotated)).resolves.toBeDefined();
    expect(issuer.counts.jwks).toBe(0);
  });

  it('asks the issuer for an unknown kid when its key set came from another instance', async () => {
    const warm = await instance();
    await warm.authenticator.verifyToken(await issuer.mint({ aud: AUDIENCE }));
    await issuer.rotateKeys();
    const cold = await instance();
    issuer.resetCounts();
    await expect(cold.authenticator.verifyToken(await issuer.mint({ aud: AUDIENCE }))).resolves.toBeDefined();
    expect(issuer.counts.jwks).toBe(1);
  });

  it('re-validates shared keys: a weak key sealed with the secret is not used', async () => {
    const warm = await instance();
    await warm.authenticator.verifyToken(await issuer.mint({ aud: AUDIENCE }));
    const [jwksKey] = await warm.client.keys('access-guard:jwks:*');
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
    const name = (jwksKey as string).slice('access-guard:'.length);
    const until = Date.now() + 60_000;
    await warm.client.set(
      jwksKey as string,
      sealEntry(SECRET, name, { fetchedAt: Date.now() + 1000, keys: [weak] }, until),
      {
        PX: 60_000,
      },
    );
    const cold = await instance();
    issuer.resetCounts();
    await expect(cold.authenticator.verifyToken(await issuer.mint({ aud: AUDIENCE }))).resolves.toBeDefined();
    expect(issuer.counts.jwks).toBe(1);
  });

  it('refuses shared metadata or keys that are not what they claim', async () => {
    const warm = await instance();
    await warm.authenticator.verifyToken(await issuer.mint({ aud: AUDIENCE }));
    const [metadataKey] = await warm.client.keys('access-guard:metadata:*');
    const [jwksKey] = await warm.client.keys('access-guard:jwks:*');
    const strip = (key: string | undefined) => (key as string).slice('access-guard:'.length);
    const until = Date.now() + 60_000;
    await warm.client.set(
      metadataKey as string,
      sealEntry(SECRET, strip(metadataKey), { issuer: 'https://evil.test' }, until),
    );
    await warm.client.set(jwksKey as string, sealEntry(SECRET, strip(jwksKey), { keys: 'none' }, until));
    const cold = await instance({ jwksUri: undefined });
    issuer.resetCounts();
    await expect(cold.authenticator.verifyToken(await issuer.mint({ aud: AUDIENCE }))).resolves.toBeDefined();
    expect(issuer.counts.jwks).toBe(1);
    expect(cold.outcomes('jwks')).toEqual(['shared-hit', 'rejected']);
  });
});
