// Helpers of the shared-state tests (not a test file: jest matches *.test.ts only).
import { createClient, type RedisClientType } from 'redis';
import { createAuthenticator, type AccessGuardEvent, type AuthOptions, type Authenticator } from '@access-guard/core';
import { dpopProof, type DpopKey } from '@access-guard/testing';
import { redisStore, type RedisStore } from '../src/index.js';
import type { RedisServer } from '../../../test/support/redis-server.js';

export const SECRET = 'shared-secret-of-the-test-instances-32+';
export const AUDIENCE = 'https://api.shared.test';
export const CLIENT = { clientId: 'resource-server', clientSecret: 'resource-server-secret' };
export const ORIGIN = 'https://api.shared.test';

/** A connected client that reconnects every 50 ms and keeps its errors to itself. */
export async function connectClient(server: RedisServer): Promise<RedisClientType> {
  const client: RedisClientType = createClient({ url: server.url, socket: { reconnectStrategy: () => 50 } });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** Waits until every client is ready again (after a restart). */
export async function whenReady(clients: readonly RedisClientType[]): Promise<void> {
  for (let tries = 0; tries < 200 && !clients.every((client) => client.isReady); tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** One API instance: its own Redis client, store and authenticator, and the events it reported. */
export interface Instance {
  readonly authenticator: Authenticator;
  readonly store: RedisStore;
  readonly client: RedisClientType;
  readonly events: AccessGuardEvent[];
  /** The store events' outcomes, for one kind of entry. */
  outcomes(entry: string): string[];
}

export async function startInstance(
  server: RedisServer,
  options: AuthOptions,
  storeOptions: { secret?: string; timeoutMs?: number } = {},
): Promise<Instance> {
  const client = await connectClient(server);
  const store = redisStore(client, { secret: storeOptions.secret ?? SECRET, timeoutMs: storeOptions.timeoutMs ?? 200 });
  const events: AccessGuardEvent[] = [];
  const authenticator = createAuthenticator({ ...options, store, onEvent: (event) => events.push(event) });
  return {
    authenticator,
    store,
    client,
    events,
    outcomes: (entry) =>
      events.flatMap((event) => (event.type === 'store' && event.entry === entry ? [event.outcome] : [])),
  };
}

/** A request with `Authorization: DPoP` and a fresh proof for GET ORIGIN/orders. */
export async function dpopRequest(token: string, key: DpopKey, proof?: string) {
  const signed = proof ?? (await dpopProof({ key, htm: 'GET', htu: `${ORIGIN}/orders`, accessToken: token }));
  return {
    request: {
      rawHeaders: ['Authorization', `DPoP ${token}`, 'DPoP', signed],
      method: 'GET',
      url: '/orders',
      origin: ORIGIN,
    },
    proof: signed,
  };
}
