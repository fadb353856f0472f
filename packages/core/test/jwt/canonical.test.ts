import { isCanonicalCompactJws, isCanonicalSegment } from '../../src/jwt/canonical.js';

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const roundTrips = (segment: string) => Buffer.from(segment, 'base64url').toString('base64url') === segment;

describe('isCanonicalSegment', () => {
  it('agrees with a decode/encode round trip for every last character and every length class', () => {
    for (const prefix of ['', 'A', 'AB', 'ABC', 'ABCD', 'ABCDE', 'ABCDEF']) {
      for (const last of BASE64URL) {
        expect([prefix + last, isCanonicalSegment(prefix + last)]).toEqual([prefix + last, roundTrips(prefix + last)]);
      }
    }
  });
});

describe('isCanonicalCompactJws', () => {
  it('accepts three canonical segments and refuses padding, spare bits and other shapes', () => {
    expect(isCanonicalCompactJws('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln')).toBe(true);
    expect(isCanonicalCompactJws('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln==')).toBe(false);
    expect(isCanonicalCompactJws('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn1.c2ln')).toBe(false);
    expect(isCanonicalCompactJws('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0')).toBe(false);
    expect(isCanonicalCompactJws('a.b+c.d')).toBe(false);
  });
});
