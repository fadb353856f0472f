import { createClient, type RedisClientType } from 'redis';
import { redisStore } from '../src/index.js';
import { startRedisServer, type RedisServer } from '../../../test/support/redis-server.js';

const SECRET = 'a-secret-the-instances-share-32+bytes';

let server: RedisServer;
const clients: RedisClientType[] = [];

/** A connected client that reconnects every 50 ms and keeps its errors to itself. */
async function connect(): Promise<RedisClientType> {
  const client: RedisClientType = createClient({ url: server.url, socket: { reconnectStrategy: () => 50 } });
  client.on('error', () => undefined);
  await client.connect();
  clients.push(client);
  return client;
}

beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  for (const client of clients) client.destroy();
  await server.stop();
});

describe('redisStore', () => {
  it('stores a value under the prefix with its expiry, and reads it back', async () => {
    const client = await connect();
    const store = redisStore(client, { secret: SECRET, prefix: 'test-a:' });
    await store.set('k', 'v', 60_000);
    await expect(store.get('k')).resolves.toBe('v');
    await expect(client.get('test-a:k')).resolves.toBe('v');
    const ttl = await client.pTTL('test-a:k');
    expect(ttl).toBeGreaterThan(59_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    await expect(store.get('absent')).resolves.toBeUndefined();
  });

  it('uses access-guard: as the default prefix', async () => {
    const client = await connect();
    await redisStore(client, { secret: SECRET }).set('default-prefix', 'v', 1000);
    await expect(client.get('access-guard:default-prefix')).resolves.toBe('v');
  });

  it('lets exactly one of 50 concurrent claims of a key from two clients succeed', async () => {
    const stores = [redisStore(await connect(), { secret: SECRET }), redisStore(await connect(), { secret: SECRET })];
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, index) => (stores[index % 2] as (typeof stores)[0]).claim('jti-1', 5000)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('keeps a claim for its ttl only', async () => {
    const store = redisStore(await connect(), { secret: SECRET });
    await expect(store.claim('short', 50)).resolves.toBe(true);
    await expect(store.claim('short', 50)).resolves.toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 80));
    await expect(store.claim('short', 50)).resolves.toBe(true);
  });

  it('never shows the secret when the store is serialized', async () => {
    const store = redisStore(await connect(), { secret: SECRET });
    expect(store.secret).toBe(SECRET);
    expect(JSON.stringify(store)).not.toContain(SECRET);
    expect(Object.keys(store)).not.toContain('secret');
  });

  it('fails a command at once, without queuing it, while the client is not ready', async () => {
    const client = await connect();
    const store = redisStore(client, { secret: SECRET, timeoutMs: 5000 });
    client.destroy();
    const started = Date.now();
    await expect(store.get('k')).rejects.toThrow('not ready');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(store.stats()).toMatchObject({ refused: 1, commands: 0, pending: 0 });
  });

  it('fails commands after timeoutMs while Redis is paused, and bounds those in flight', async () => {
    const store = redisStore(await connect(), { secret: SECRET, timeoutMs: 100, maxPending: 3 });
    server.pause();
    try {
      const started = Date.now();
      const calls = Array.from({ length: 5 }, () =>
        store.get('k').then(
          () => 'answered',
          (error: Error) => error.message,
        ),
      );
      const outcomes = await Promise.all(calls);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(outcomes.filter((text) => text.includes('within 100 ms'))).toHaveLength(3);
      expect(outcomes.filter((text) => text.includes('3 Redis commands in flight'))).toHaveLength(2);
      expect(store.stats()).toMatchObject({ timeouts: 3, refused: 2, pending: 3 });
    } finally {
      server.resume();
    }
    // Once Redis answers again, the commands that timed out leave the count.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(store.stats().pending).toBe(0);
    await expect(store.get('k')).resolves.toBeUndefined();
  });

  it('records a revocation that expires at its end', async () => {
    const client = await connect();
    const store = redisStore(client, { secret: SECRET, prefix: 'revocations:' });
    await store.revoke({ jti: 'jti-9' }, Date.now() + 10_000);
    const keys = await client.keys('revocations:revoked:jti:*');
    expect(keys).toHaveLength(1);
    expect(await client.pTTL(keys[0] as string)).toBeGreaterThan(9000);
  });

  it.each([
    [{ secret: SECRET, prefix: 1 }, '`prefix` must be a string'],
    [{ secret: SECRET, timeoutMs: 0 }, '`timeoutMs` must be'],
    [{ secret: SECRET, timeoutMs: 1.5 }, '`timeoutMs` must be'],
    [{ secret: SECRET, maxPending: 0 }, '`maxPending` must be'],
    [null, 'needs options with a secret'],
  ])('refuses the options %j', async (options, message) => {
    const client = await connect();
    expect(() => redisStore(client, options as never)).toThrow(message);
  });

  it('refuses something that is not a client', () => {
    expect(() => redisStore({} as never, { secret: SECRET })).toThrow('needs a node-redis client');
  });

  it('works with a client that has no per-command timeout option', async () => {
    const client = await connect();
    const plain = { isReady: true, get: (key: string) => client.get(key), set: client.set.bind(client) };
    const store = redisStore(plain as never, { secret: SECRET, prefix: 'plain:' });
    await store.set('k', 'v', 1000);
    await expect(store.get('k')).resolves.toBe('v');
  });
});
