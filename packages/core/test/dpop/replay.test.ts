import { IssuerUnavailableError } from '../../src/errors.js';
import { MemoryReplayStore } from '../../src/dpop/replay.js';

describe('MemoryReplayStore', () => {
  it('grants a claim once until it expires', async () => {
    const clock = { ms: 0 };
    const store = new MemoryReplayStore(10, () => clock.ms);
    await expect(store.claim('a', 1000)).resolves.toBe(true);
    await expect(store.claim('a', 1000)).resolves.toBe(false);
    clock.ms = 1000;
    await expect(store.claim('a', 1000)).resolves.toBe(true);
  });

  it('makes room by dropping expired claims, and refuses (503) rather than forget a live one', async () => {
    const clock = { ms: 0 };
    const store = new MemoryReplayStore(2, () => clock.ms);
    await store.claim('a', 100);
    await store.claim('b', 10_000);
    clock.ms = 200;
    await expect(store.claim('c', 10_000)).resolves.toBe(true); // 'a' expired and was dropped
    await expect(store.claim('d', 10_000)).rejects.toBeInstanceOf(IssuerUnavailableError);
    await expect(store.claim('b', 10_000)).resolves.toBe(false); // still remembered
  });
});
