import { revoke, type RevocationTarget, type SharedStore } from '@access-guard/core';
import { boundedCommands, type CommandStats } from './bounded-commands.js';

/**
 * The part of a node-redis client (`createClient`, `createCluster`, `createSentinel`, v5 or v6)
 * that the store uses: the app creates, configures and connects it.
 */
export interface RedisClientLike {
  readonly isReady: boolean;
  get(key: string): Promise<unknown>;
  set(key: string, value: string, options: RedisSetOptions): Promise<unknown>;
  withCommandOptions?: ((options: { timeout: number }) => Pick<RedisClientLike, 'get' | 'set'>) | undefined;
}

/** The `SET` options the store sends (node-redis v5+ form). */
export interface RedisSetOptions {
  readonly expiration: { readonly type: 'PX'; readonly value: number };
  readonly condition?: 'NX';
}

/** Options of {@link redisStore}. */
export interface RedisStoreOptions {
  /**
   * The key every instance shares (at least 32 bytes), with which each entry is authenticated
   * (HMAC-SHA256): without it, nobody who can write to Redis can make a token pass. Keep it out of Redis.
   */
  secret: string | Uint8Array;
  /** Prepended to every key, to share one Redis with other apps or keep environments apart; default `'access-guard:'`. */
  prefix?: string | undefined;
  /** How long a command may take before it counts as failed, in ms; default 200. */
  timeoutMs?: number | undefined;
  /** Commands in flight at once (timed-out ones included until Redis answers); more fail at once. Default 1000. */
  maxPending?: number | undefined;
}

/** What the store has seen: commands sent and how they ended. */
export type RedisStoreStats = CommandStats;

/** A shared store on Redis: the `store` option of `requireAuth`, plus revocation and counters. */
export interface RedisStore extends SharedStore {
  /** The prefix of every key, as configured. */
  readonly prefix: string;
  /**
   * Revokes a token, or every token with a `jti`, on all instances until `until` (see `revoke` of
   * `@access-guard/core`); rejects when Redis does not record it.
   */
  revoke(target: RevocationTarget, until: Date | number): Promise<void>;
  /** Counters since the store was created: commands, failures, timeouts, refusals, in flight. */
  stats(): RedisStoreStats;
}

function checkOptions(options: RedisStoreOptions): Required<Omit<RedisStoreOptions, 'secret'>> {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('@access-guard/redis: redisStore(client, { secret }) needs options with a secret.');
  }
  const { prefix = 'access-guard:', timeoutMs = 200, maxPending = 1000 } = options;
  if (typeof prefix !== 'string') throw new TypeError('@access-guard/redis: `prefix` must be a string.');
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 60_000) {
    throw new TypeError(
      `@access-guard/redis: \`timeoutMs\` must be a whole number of ms from 1 to 60000; got ${String(timeoutMs)}.`,
    );
  }
  if (!Number.isInteger(maxPending) || maxPending < 1) {
    throw new TypeError(`@access-guard/redis: \`maxPending\` must be a whole number >= 1; got ${String(maxPending)}.`);
  }
  return { prefix, timeoutMs, maxPending };
}

/**
 * A shared store on Redis for `requireAuth({ …, store })`: the instances of an API then share
 * introspection and userinfo answers, DPoP proof claims (`SET NX PX`, atomic) and revocations. It
 * takes a client the app created and connected (TLS, ACL user, Sentinel or Cluster configured as
 * usual) and never queues: while the client is not ready, or `maxPending` commands are in flight,
 * a command fails at once; one that takes longer than `timeoutMs` fails then. Every entry is
 * authenticated with `secret` by access-guard, and keys hold only SHA-256 hashes of tokens.
 *
 * @example
 * ```ts
 * import { createClient } from 'redis';
 * import { redisStore } from '@access-guard/redis';
 * import { requireAuth } from '@access-guard/express';
 *
 * const client = await createClient({ url: process.env.REDIS_URL }).connect();
 * const store = redisStore(client, { secret: process.env.ACCESS_GUARD_SECRET!, prefix: 'orders-api:' });
 * app.use(requireAuth({ issuer, audience, opaqueTokens: { via: 'introspection', clientId, clientSecret }, store }));
 * ```
 */
export function redisStore(client: RedisClientLike, options: RedisStoreOptions): RedisStore {
  const { prefix, timeoutMs, maxPending } = checkOptions(options);
  if (client === null || typeof client !== 'object' || typeof client.get !== 'function') {
    throw new TypeError(
      '@access-guard/redis: redisStore needs a node-redis client, e.g. await createClient().connect().',
    );
  }
  // node-redis 6 drops a command that times out before it is written; the bound below covers the rest.
  const commands =
    typeof client.withCommandOptions === 'function' ? client.withCommandOptions({ timeout: timeoutMs }) : client;
  const run = boundedCommands(() => client.isReady, timeoutMs, maxPending);
  const store = {
    prefix,
    async get(key: string) {
      const value = await run(() => commands.get(prefix + key));
      return typeof value === 'string' ? value : undefined;
    },
    async set(key: string, value: string, ttlMs: number) {
      await run(() => commands.set(prefix + key, value, { expiration: { type: 'PX', value: ttlMs } }));
    },
    async claim(key: string, ttlMs: number) {
      const reply = await run(() =>
        commands.set(prefix + key, '1', { expiration: { type: 'PX', value: ttlMs }, condition: 'NX' }),
      );
      return reply === 'OK';
    },
    revoke: (target: RevocationTarget, until: Date | number) => revoke(store as RedisStore, target, until),
    stats: () => run.stats(),
  };
  // Not enumerable: a store that is logged or serialized does not show the secret.
  Object.defineProperty(store, 'secret', { value: options.secret, enumerable: false });
  return Object.freeze(store) as RedisStore;
}
