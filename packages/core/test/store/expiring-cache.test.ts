import { ExpiringCache } from '../../src/store/expiring-cache.js';

describe('ExpiringCache', () => {
  const T0 = 1_700_000_000_000; // ms on an injected clock

  it('returns a stored value before validUntil', () => {
    const cache = new ExpiringCache<string>(10);
    cache.set('k', 'v', T0 + 1000, T0);
    expect(cache.get('k', T0 + 999)).toBe('v');
  });

  it('returns undefined for an unknown key', () => {
    expect(new ExpiringCache<string>(10).get('k', T0)).toBeUndefined();
  });

  it('drops an entry at exactly validUntil', () => {
    const cache = new ExpiringCache<string>(10);
    cache.set('k', 'v', T0 + 1000, T0);
    expect(cache.get('k', T0 + 1000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps the expired entry dropped when the clock goes back', () => {
    const cache = new ExpiringCache<string>(10);
    cache.set('k', 'v', T0 + 1000, T0);
    cache.get('k', T0 + 2000);
    expect(cache.get('k', T0)).toBeUndefined();
  });

  it('does not store a value that is already expired', () => {
    const cache = new ExpiringCache<string>(10);
    cache.set('past', 'v', T0 - 1, T0);
    cache.set('now', 'v', T0, T0);
    expect(cache.size).toBe(0);
    expect(cache.get('now', T0 - 10)).toBeUndefined();
  });

  it('replaces the value and the expiry of a key set twice', () => {
    const cache = new ExpiringCache<string>(10);
    cache.set('k', 'old', T0 + 1000, T0);
    cache.set('k', 'new', T0 + 5000, T0);
    expect(cache.get('k', T0 + 2000)).toBe('new');
    expect(cache.size).toBe(1);
  });

  it('holds at most maxEntries entries, evicting the least recently set', () => {
    const cache = new ExpiringCache<number>(2);
    cache.set('a', 1, T0 + 1000, T0);
    cache.set('b', 2, T0 + 1000, T0);
    cache.set('c', 3, T0 + 1000, T0);
    expect(cache.size).toBe(2);
    expect(cache.get('a', T0)).toBeUndefined();
    expect(cache.get('b', T0)).toBe(2);
    expect(cache.get('c', T0)).toBe(3);
  });

  it('evicts the least recently read entry, not the oldest one', () => {
    const cache = new ExpiringCache<number>(2);
    cache.set('a', 1, T0 + 1000, T0);
    cache.set('b', 2, T0 + 1000, T0);
    expect(cache.get('a', T0)).toBe(1);
    cache.set('c', 3, T0 + 1000, T0);
    expect(cache.get('a', T0)).toBe(1);
    expect(cache.get('b', T0)).toBeUndefined();
  });

  it('stays bounded under many distinct keys', () => {
    const cache = new ExpiringCache<number>(100);
    for (let i = 0; i < 10_000; i += 1) cache.set(`key-${i}`, i, T0 + 1000, T0);
    expect(cache.size).toBe(100);
  });
});
