import { InvalidTokenError } from '../../src/errors.js';
import { checkHeader, type HeaderPolicy } from '../../src/jwt/header.js';

const compatible: HeaderPolicy = { algorithms: ['RS256', 'ES256'], typ: 'compatible' };
const strict: HeaderPolicy = { ...compatible, typ: 'strict' };

function refusal(header: Record<string, unknown>, policy = compatible): string {
  try {
    checkHeader(header, policy);
  } catch (error) {
    if (error instanceof InvalidTokenError) return error.message;
    throw error;
  }
  throw new Error('checkHeader accepted the header');
}

describe('checkHeader', () => {
  it('returns only the algorithm and the kid', () => {
    expect(checkHeader({ alg: 'RS256', kid: 'k', typ: 'at+jwt', x5t: 'ignored' }, compatible)).toEqual({
      alg: 'RS256',
      kid: 'k',
    });
    expect(checkHeader({ alg: 'ES256' }, compatible)).toEqual({ alg: 'ES256', kid: undefined });
  });

  it.each([['none'], ['None'], ['HS256'], ['PS256'], [1], [undefined]])('refuses alg %p', (alg) => {
    expect(refusal({ alg })).toBe('The access token algorithm is not allowed');
  });

  it.each([['jku'], ['x5u'], ['jwk'], ['x5c']])('refuses a %s header (keys only from the issuer)', (name) => {
    expect(refusal({ alg: 'RS256', [name]: 'https://attacker.example/keys' })).toBe(
      'The access token header points to keys outside the issuer',
    );
  });

  it.each([[{ crit: ['exp'] }], [{ b64: false }]])('refuses %p', (extra) => {
    expect(refusal({ alg: 'RS256', ...extra })).toBe('The access token uses an unsupported critical header');
  });

  it.each([['JWT'], ['jwt'], ['application/JWT']])('refuses a nested JWT (cty %s)', (cty) => {
    expect(refusal({ alg: 'RS256', cty })).toBe('Nested JWTs are not accepted');
  });

  it.each([[undefined], ['JWT'], ['at+jwt'], ['application/at+jwt']])('accepts typ %p in compatible mode', (typ) => {
    expect(checkHeader({ alg: 'RS256', typ }, compatible).alg).toBe('RS256');
  });

  it.each([['id_token+jwt'], ['logout+jwt'], [42]])('refuses typ %p in compatible mode', (typ) => {
    expect(refusal({ alg: 'RS256', typ })).toBe('The token is not an access token (unexpected typ)');
  });

  it.each([[undefined], ['JWT']])('refuses typ %p in strict mode', (typ) => {
    expect(refusal({ alg: 'RS256', typ }, strict)).toBe(
      'The token is not an access token (typ must be at+jwt, RFC 9068)',
    );
  });

  it('refuses a kid that is not a string', () => {
    expect(refusal({ alg: 'RS256', kid: 7 })).toBe('The access token kid is malformed');
  });
});
