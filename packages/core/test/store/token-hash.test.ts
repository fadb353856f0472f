import { createHash } from 'node:crypto';
import { tokenHash } from '../../src/store/token-hash.js';

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
