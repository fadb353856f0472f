import { InsufficientScopeError } from '../../src/errors.js';
import { grantsScopes, insufficientScope, normalizeRequiredScopes } from '../../src/guards/required-scopes.js';

describe('normalizeRequiredScopes', () => {
  it('turns one scope into a frozen list', () => {
    const scopes = normalizeRequiredScopes('read:accounts');
    expect(scopes).toEqual(['read:accounts']);
    expect(Object.isFrozen(scopes)).toBe(true);
  });

  it('de-duplicates a list', () => {
    expect(normalizeRequiredScopes(['a', 'b', 'a'])).toEqual(['a', 'b']);
  });

  it('accepts every printable ASCII character except space, " and \\', () => {
    expect(normalizeRequiredScopes(["!#$%&'()*+,-./:;<=>?@[]^_`{|}~"])).toEqual(["!#$%&'()*+,-./:;<=>?@[]^_`{|}~"]);
  });

  it.each<[string, unknown]>([
    ['an empty list', []],
    ['undefined', undefined],
    ['a number', 42],
  ])('rejects %s with a TypeError', (_name, scopes) => {
    expect(() => normalizeRequiredScopes(scopes as string[])).toThrow(
      new TypeError("access-guard: requireScope needs at least one scope, e.g. requireScope('read:accounts')."),
    );
  });

  it.each<[string, unknown, string]>([
    ['two scopes in one string', 'read write', '"read write"'],
    ['an empty scope', '', '""'],
    ['a double quote', 'a"b', '"a\\"b"'],
    ['a backslash', 'a\\b', '"a\\\\b"'],
    ['a non-ASCII letter', 'lecturé', '"lecturé"'],
    ['a line feed', 'read\n', '"read\\n"'],
    ['a non-string in a list', ['read', 42], '42'],
  ])('rejects %s with a TypeError naming the scope', (_name, scopes, shown) => {
    expect(() => normalizeRequiredScopes(scopes as string[])).toThrow(
      new TypeError(
        `access-guard: ${shown} is not a valid scope (RFC 6749 §3.3: printable ASCII, no spaces, quotes or backslashes); pass several scopes as an array.`,
      ),
    );
  });
});

describe('grantsScopes', () => {
  it.each<[string, string[], string[], 'all' | 'any']>([
    ['all of one scope', ['read'], ['read'], 'all'],
    ['all of several scopes in any order', ['write', 'admin', 'read'], ['read', 'write'], 'all'],
    ['any, with the first one granted', ['read'], ['read', 'write'], 'any'],
    ['any, with only the last one granted', ['write'], ['read', 'write'], 'any'],
  ])('passes for %s', (_name, granted, required, match) => {
    expect(grantsScopes(granted, required, match)).toBe(true);
  });

  it.each<[string, string[], string[], 'all' | 'any']>([
    ['one of all the required scopes missing', ['read'], ['read', 'write'], 'all'],
    ['none of the accepted scopes granted', ['admin'], ['read', 'write'], 'any'],
    ['no scopes at all', [], ['read'], 'any'],
    ['a scope in another case', ['READ'], ['read'], 'all'],
    ['a scope matched only by prefix', ['read:accounts:all'], ['read:accounts'], 'all'],
  ])('refuses for %s', (_name, granted, required, match) => {
    expect(grantsScopes(granted, required, match)).toBe(false);
  });
});

describe('insufficientScope', () => {
  it('says a required scope is lacking when all are required', () => {
    const error = insufficientScope(['read', 'write'], 'all');
    expect(error.message).toBe('The access token lacks a required scope');
    expect(error.requiredScope).toBe('read write');
  });

  it('says none of the accepted scopes is granted for any-of several', () => {
    const error = insufficientScope(['read', 'write'], 'any');
    expect(error.message).toBe('The access token has none of the accepted scopes');
    expect(error.requiredScope).toBe('read write');
  });

  it("says 'lacks a required scope' for any-of a single scope", () => {
    expect(insufficientScope(['read'], 'any').message).toBe('The access token lacks a required scope');
  });

  it('answers 403 insufficient_scope with the required scopes in the challenge', () => {
    const error = insufficientScope(['read', 'transfer:funds'], 'all').present({ realm: 'bank' });
    expect(error).toBeInstanceOf(InsufficientScopeError);
    expect(error.status).toBe(403);
    expect(error.error).toBe('insufficient_scope');
    expect(error.headers).toEqual({
      'WWW-Authenticate':
        'Bearer realm="bank", error="insufficient_scope", error_description="The access token lacks a required scope", scope="read transfer:funds"',
    });
  });
});
