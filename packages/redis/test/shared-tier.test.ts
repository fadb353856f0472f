import { createClient } from 'redis';
import type { AccessGuardEvent } from '@access-guard/core';
import { SharedTier } from '../../core/src/store/shared-tier.js';
import { sealEntry } from '../../core/src/store/sealed-entry.js';
import { redisStore } from '../src/index.js';
import { SECRET } from './support.js';

/** A tier over a store whose client was never connected: every command fails at once. */
function failingTier() {
  const events: AccessGuardEvent[] = [];
  const clock = { ms: Date.now() };
  const store = redisStore(createClient(), { secret: SECRET });
  const tier = new SharedTier(
    store,
    (event) => events.push(event),
    () => clock.ms,
  );
  return { tier, events, clock };
}

describe('SharedTier with a store that fails', () => {
  it('answers a claim with 503 and reports the fault', async () => {
    const { tier, events } = failingTier();
    await expect(tier.claim('dpop-jti', 'dpop-jti:x', 1000)).rejects.toMatchObject({ status: 503 });
    expect(events).toEqual([
      { type: 'store', entry: 'dpop-jti', outcome: 'error', cause: 'Error: Redis client is not ready' },
    ]);
  });

  it('drops a write and reports the fault, then leaves the store alone for a second', async () => {
    const { tier, events, clock } = failingTier();
    tier.write('introspection', 'k', { kind: 'inactive' }, clock.ms + 10_000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(events.map((event) => event.type === 'store' && event.outcome)).toEqual(['error']);
    tier.write('introspection', 'k', { kind: 'inactive' }, clock.ms + 10_000);
    await expect(tier.read('introspection', 'k')).resolves.toBeUndefined();
    await expect(tier.claim('dpop-jti', 'j', 1000)).rejects.toMatchObject({ status: 503 });
    expect(events).toHaveLength(1);
    clock.ms += 1000;
    await expect(tier.read('introspection', 'k')).resolves.toBeUndefined();
    expect(events).toHaveLength(2);
  });

  it('says what failed when a store rejects with something that is not an Error', async () => {
    const events: AccessGuardEvent[] = [];
    const store = {
      secret: SECRET,
      get: () => Promise.reject('down'),
      set: async () => undefined,
      claim: async () => true,
    };
    await expect(
      new SharedTier(store, (event) => events.push(event), Date.now).read('jwks', 'k'),
    ).resolves.toBeUndefined();
    expect(events).toEqual([{ type: 'store', entry: 'jwks', outcome: 'error', cause: 'the store failed' }]);
  });

  it('never uses an entry past the expiry sealed in it, whatever the store kept', async () => {
    const sealed = sealEntry(SECRET, 'k', { kind: 'inactive' }, 1_000_000);
    const store = { secret: SECRET, get: async () => sealed, set: async () => undefined, claim: async () => true };
    const read = (now: number) =>
      new SharedTier(
        store,
        () => undefined,
        () => now,
      ).read('introspection', 'k');
    await expect(read(999_999)).resolves.toEqual({ value: { kind: 'inactive' }, validUntil: 1_000_000 });
    await expect(read(1_000_000)).resolves.toBeUndefined();
  });

  it('writes nothing that is already expired', async () => {
    const { tier, events, clock } = failingTier();
    tier.write('userinfo', 'k', {}, clock.ms);
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toHaveLength(0);
  });
});
