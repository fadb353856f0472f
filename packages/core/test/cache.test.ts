import { createHash } from 'node:crypto';
import { ExpiringCache, tokenHash } from '../src/cache.js';

describe('tokenHash', () => {
  const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl';

  it('is the SHA-256 of the token in base64url', () => {
    expect(tokenHash(token)).toBe(createHash('sha256').update(token).digest('base64url'));
  });

  it('matches a known SHA-256 vector', () => {
    // SHA-256("abc") = ba7816bf 8f01cfea 414140de 5dae2223 b00361a3 96177a9c b410ff61 f20015ad
    expect(tokenHash('abc')).toBe(
      Buffer.from('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 'hex').toString('base64url'),
    );
  });

  it('is 43 base64url characters without padding', () => {
    expect(tokenHash(token)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('does not contain the token or any of its segments', () => {
    const hash = tokenHash(token);
    expect(hash).not.toContain(token);
    for (const segment of token.split('.')) expect(hash).not.toContain(segment);
  });

  it('differs for tokens that differ in one character', () => {
    expect(tokenHash('abc')).not.toBe(tokenHash('abd'));
  });
});

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
    for (let i = 0; i < 10_000; i += 1) cache.set(tokenHash(`token-${i}`), i, T0 + 1000, T0);
    expect(cache.size).toBe(100);
  });
});
