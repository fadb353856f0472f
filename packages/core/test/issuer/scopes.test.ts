import { scopesOf } from '../../src/issuer/scopes.js';

describe('scopesOf', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['a scope string', { scope: 'read write' }, ['read', 'write']],
    ['a scope string with several spaces', { scope: '  read   write  ' }, ['read', 'write']],
    ['an scp string', { scp: 'read write' }, ['read', 'write']],
    ['an scp array', { scp: ['read', 'write'] }, ['read', 'write']],
    ['a scope array', { scope: ['read', 'write'] }, ['read', 'write']],
    [
      'scope and scp together, de-duplicated',
      { scope: 'read write', scp: ['write', 'admin'] },
      ['read', 'write', 'admin'],
    ],
    ['a scope string that repeats a scope', { scope: 'read read' }, ['read']],
    ['an empty scope string', { scope: '' }, []],
    ['no scope claim', { sub: 'alice' }, []],
    [
      'arrays with non-strings and empty strings',
      { scope: ['read', 1, null, '', { x: 1 }], scp: [true, 'write'] },
      ['read', 'write'],
    ],
    ['a number scope', { scope: 42 }, []],
    ['an object scp', { scp: { read: true } }, []],
  ])('reads %s', (_name, claims, expected) => {
    expect(scopesOf(claims)).toEqual(expected);
  });

  it('splits on spaces only (RFC 6749 §3.3)', () => {
    expect(scopesOf({ scope: 'read,write\tadmin' })).toEqual(['read,write\tadmin']);
  });

  it('keeps the case of each scope', () => {
    expect(scopesOf({ scope: 'Read read' })).toEqual(['Read', 'read']);
  });

  it('returns a frozen list', () => {
    expect(Object.isFrozen(scopesOf({ scope: 'read' }))).toBe(true);
  });
});

describe('scopesOf, from other claims', () => {
  const claims = {
    scope: 'openid',
    permissions: ['read:orders'],
    roles: ['Orders.Write'],
    realm_access: { roles: ['teller'] },
    resource_access: { 'my.api': { roles: ['auditor'] } },
  };

  it('reads names and nested paths, in order, without repeats', () => {
    const paths = [
      ['scope'],
      ['permissions'],
      ['roles'],
      ['realm_access', 'roles'],
      ['resource_access', 'my.api', 'roles'],
      ['scope'],
    ];
    expect(scopesOf(claims, paths)).toEqual(['openid', 'read:orders', 'Orders.Write', 'teller', 'auditor']);
  });

  it.each([
    ['a path through a missing object', [['resource_access', 'other', 'roles']]],
    ['a path through an array', [['permissions', '0']]],
    ['a path through null', [['nothing', 'roles']]],
    ['a path to the prototype', [['__proto__'], ['constructor'], ['realm_access', 'hasOwnProperty']]],
  ])('grants nothing for %s', (_label, paths) => {
    expect(scopesOf({ ...claims, nothing: null }, paths)).toEqual([]);
  });
});
