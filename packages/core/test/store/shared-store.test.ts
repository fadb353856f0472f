import { checkSharedStore } from '../../src/store/shared-store.js';
import { revoke } from '../../src/store/revocation.js';

const operations = {
  get: async () => undefined,
  set: async () => undefined,
  claim: async () => true,
};

describe('checkSharedStore', () => {
  it('accepts a store with the three operations and a secret of 32 bytes or more', () => {
    const store = { ...operations, secret: 'x'.repeat(32) };
    expect(checkSharedStore(store)).toBe(store);
    expect(checkSharedStore({ ...operations, secret: new Uint8Array(32) })).toBeDefined();
    expect(checkSharedStore(undefined)).toBeUndefined();
  });

  it.each([
    ['null', null],
    ['a string', 'redis://localhost'],
    ['a store without claim', { get: operations.get, set: operations.set, secret: 'x'.repeat(32) }],
  ])('refuses %s', (_label, value) => {
    expect(() => checkSharedStore(value)).toThrow('`store` must be a shared store');
  });

  it.each([
    ['no secret', undefined],
    ['a short secret', 'x'.repeat(31)],
    ['short bytes', new Uint8Array(16)],
    ['a number', 12345],
  ])('refuses a store with %s', (_label, secret) => {
    expect(() => checkSharedStore({ ...operations, secret })).toThrow('at least 32 bytes');
  });
});

describe('revoke', () => {
  const written: Array<[string, string, number]> = [];
  const store = {
    ...operations,
    secret: 'x'.repeat(32),
    set: async (key: string, value: string, ttlMs: number) => {
      written.push([key, value, ttlMs]);
    },
  };

  it('writes nothing for a time already past', async () => {
    await revoke(store, { jti: 'a' }, 1000, () => 2000);
    expect(written).toHaveLength(0);
  });

  it('writes a sealed entry by hash, never the token', async () => {
    await revoke(store, { token: 'the-token' }, new Date(5000), () => 2000);
    expect(written).toHaveLength(1);
    const [key, value, ttl] = written[0]!;
    expect(key).toMatch(/^revoked:token:[\w-]{43}$/);
    expect(value).not.toContain('the-token');
    expect(ttl).toBe(3000);
  });

  it.each([
    [{ token: '' }, 10],
    [{ jti: 5 }, 10],
    [{}, 10],
    [{ jti: 'a' }, Number.NaN],
    [{ jti: 'a' }, '2030-01-01'],
  ])('refuses %j until %s', async (target, until) => {
    await expect(revoke(store, target as never, until as never)).rejects.toThrow(TypeError);
  });
});
