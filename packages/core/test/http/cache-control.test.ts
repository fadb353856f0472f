import { privateCacheControl } from '../../src/http/cache-control.js';

describe('privateCacheControl', () => {
  it.each([
    [undefined, 'private'],
    ['', 'private'],
    ['public, max-age=60', 'private, max-age=60'],
    ['max-age=60, PUBLIC', 'max-age=60, private'],
    ['no-store', 'no-store'],
    ['private, max-age=5', 'private, max-age=5'],
    ['max-age=60', 'private, max-age=60'],
    ['s-maxage=60', 'private, s-maxage=60'],
  ])('turns %p into %p', (existing, expected) => {
    expect(privateCacheControl(existing)).toBe(expected);
  });
});
