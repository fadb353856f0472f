import { normalizeHtu } from '../../src/dpop/htu.js';

describe('normalizeHtu', () => {
  it.each([
    ['https://api.example/a', 'https://api.example/a'],
    ['HTTPS://API.EXAMPLE/a', 'https://api.example/a'],
    ['https://api.example:443/a', 'https://api.example/a'],
    ['http://api.example:80/a', 'http://api.example/a'],
    ['https://api.example:8443/a', 'https://api.example:8443/a'],
    ['https://api.example/a/./b/../c', 'https://api.example/a/c'],
    ['https://api.example/%7euser', 'https://api.example/~user'],
    ['https://api.example/a%2fb', 'https://api.example/a%2Fb'],
    ['https://api.example/a?x=1#frag', 'https://api.example/a'],
    ['https://api.example', 'https://api.example/'],
  ])('normalizes %s to %s', (value, normalized) => {
    expect(normalizeHtu(value)).toBe(normalized);
  });

  it('keeps path case, which is significant', () => {
    expect(normalizeHtu('https://api.example/A')).not.toBe(normalizeHtu('https://api.example/a'));
  });

  it.each([['not a url'], ['ftp://api.example/a'], ['/relative']])('refuses %s', (value) => {
    expect(normalizeHtu(value)).toBeUndefined();
  });
});
