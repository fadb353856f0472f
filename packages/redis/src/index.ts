export { redisStore } from './redis-store.js';
export type {
  RedisClientLike,
  RedisSetOptions,
  RedisStore,
  RedisStoreOptions,
  RedisStoreStats,
} from './redis-store.js';
export { revoke } from '@access-guard/core';
export type { RevocationTarget, SharedStore, StoreEvent } from '@access-guard/core';
