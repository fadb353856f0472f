import { createHmac } from 'node:crypto';
import { openEntry, sealEntry } from '../../src/store/sealed-entry.js';

const SECRET = 'a-secret-of-at-least-thirty-two-bytes';

describe('sealEntry', () => {
  it('opens with the same secret and key, with its expiry', () => {
    const sealed = sealEntry(SECRET, 'introspection:p:h', { kind: 'inactive' }, 1_800_000_000_000);
    expect(openEntry(SECRET, 'introspection:p:h', sealed)).toEqual({
      value: { kind: 'inactive' },
      validUntil: 1_800_000_000_000,
    });
  });

  it('keeps a value whose JSON holds dots', () => {
    const sealed = sealEntry(SECRET, 'k', { url: 'https://issuer.example/a.b' }, 1);
    expect(openEntry(SECRET, 'k', sealed)).toEqual({ value: { url: 'https://issuer.example/a.b' }, validUntil: 1 });
  });
});

describe('openEntry', () => {
  const sealed = sealEntry(SECRET, 'k', { sub: 'alice' }, 2_000_000_000_000);

  it.each([
    ['another secret', 'another-secret-of-at-least-32-bytes!', 'k', sealed],
    ['another key', SECRET, 'k2', sealed],
    ['a changed value', SECRET, 'k', sealed.replace('alice', 'mallory')],
    ['a later expiry', SECRET, 'k', sealed.replace('2000000000000', '2000000000001')],
    ['no version', SECRET, 'k', 'garbage'],
    ['another version', SECRET, 'k', sealed.replace(/^v1/, 'v2')],
    ['an expiry that is no number', SECRET, 'k', sealed.replace('2000000000000', 'soon')],
    ['a truncated tag', SECRET, 'k', sealed.replace(/^v1\.../, 'v1.')],
  ])('refuses an entry with %s', (_label, secret, key, value) => {
    expect(openEntry(secret, key, value)).toBe('rejected');
  });

  it('refuses an entry whose authenticated JSON does not parse', () => {
    const tag = createHmac('sha256', SECRET).update('k\n5\n{').digest('base64url');
    expect(openEntry(SECRET, 'k', `v1.${tag}.5.{`)).toBe('rejected');
  });
});
