import { resolveOptions, type AuthOptions } from '../../src/options.js';

const A = { issuer: 'https://a.example/', audience: 'https://api.example' };
const B = { issuer: 'https://b.example/', audience: 'https://api.example' };
const introspection = { via: 'introspection', clientId: 'api', clientSecret: 's' } as const;

const resolveWith = (options: Record<string, unknown>) => () => resolveOptions(options as AuthOptions);

describe('several trusted issuers', () => {
  it('resolves each entry on its own, with its own policy', () => {
    const { issuers } = resolveOptions({ issuers: [A, { ...B, algorithms: ['ES256'], clockTolerance: 0 }] });
    expect(issuers.map((issuer) => [issuer.issuer, issuer.algorithms, issuer.clockTolerance])).toEqual([
      ['https://a.example/', ['RS256', 'PS256', 'ES256', 'EdDSA'], 5],
      ['https://b.example/', ['ES256'], 0],
    ]);
  });

  it('gives each entry the resource as its audience when it names none', () => {
    const { issuers } = resolveOptions({
      resource: 'https://api.example/mcp',
      issuers: [{ issuer: A.issuer }, B],
    });
    expect(issuers.map((issuer) => issuer.audience)).toEqual([['https://api.example/mcp'], ['https://api.example']]);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an empty list', { issuers: [] }, '`issuers` must be a non-empty array of issuer options'],
    ['a list of strings', { issuers: ['https://a.example/'] }, '`issuers[0]` must be an object of issuer options.'],
    ['an issuer option beside the list', { issuers: [A], audience: 'x' }, '`audience` belongs to one issuer'],
    ['an issuer beside the list', { issuers: [A], issuer: B.issuer }, '`issuer` belongs to one issuer'],
    ['the same issuer twice', { issuers: [A, { ...A }] }, 'names https://a.example/ twice'],
    [
      'two entries with opaque tokens',
      {
        issuers: [
          { ...A, opaqueTokens: introspection },
          { ...B, opaqueTokens: introspection },
        ],
      },
      'Only one entry of `issuers` may have `opaqueTokens`',
    ],
    ['an entry without audience', { issuers: [A, { issuer: B.issuer }] }, '`audience` is required'],
    ['a misspelt option in an entry', { issuers: [{ ...A, audiences: 'x' }] }, 'unknown option `audiences`'],
  ])('refuses %s at start-up', (_label, options, message) => {
    expect(resolveWith(options)).toThrow(message);
  });
});

describe('tokens bound by client', () => {
  it('makes audience optional when clientIds binds the tokens', () => {
    const [issuer] = resolveOptions({ issuer: A.issuer, clientIds: ['app-1'] }).issuers;
    expect([issuer?.audience, issuer?.clientIds]).toEqual([[], ['app-1']]);
  });

  it.each([[[]], [['']], ['app-1'], [[1]]])('refuses clientIds %p', (clientIds) => {
    expect(resolveWith({ issuer: A.issuer, clientIds })).toThrow(
      '`clientIds` must be a non-empty array of non-empty strings.',
    );
  });
});

describe('scopeClaims', () => {
  it('reads names, dotted paths and array paths', () => {
    const [issuer] = resolveOptions({
      ...A,
      scopeClaims: ['permissions', 'realm_access.roles', ['resource_access', 'my.api', 'roles']],
    }).issuers;
    expect(issuer?.scopeClaims).toEqual([
      ['permissions'],
      ['realm_access', 'roles'],
      ['resource_access', 'my.api', 'roles'],
    ]);
  });

  it('defaults to scope and scp', () => {
    expect(resolveOptions(A).issuers[0]?.scopeClaims).toEqual([['scope'], ['scp']]);
  });

  it.each([[[]], ['scope'], [['']], [['a..b']], [[['a', '']]], [[42]]])('refuses %p', (scopeClaims) => {
    expect(resolveWith({ ...A, scopeClaims })).toThrow('`scopeClaims` must be a non-empty array of claim names');
  });
});

describe('multi-tenant issuers', () => {
  const template = 'https://login.example/{tenantid}/v2.0';

  it('accepts a template issuer with or without an allowlist', () => {
    expect(resolveOptions({ ...A, issuer: template }).issuers[0]?.tenants).toBeUndefined();
    expect(resolveOptions({ ...A, issuer: template, tenants: ['t1'] }).issuers[0]?.tenants).toEqual(['t1']);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['tenants without a placeholder', { ...A, tenants: ['t1'] }, '`tenants` needs a multi-tenant issuer'],
    ['two placeholders', { ...A, issuer: 'https://l.example/{tenantid}/{tenantid}' }, 'may hold {tenantid} once'],
    [
      'a placeholder inside a segment',
      { ...A, issuer: 'https://l.example/t{tenantid}/v2.0' },
      'as a whole path segment',
    ],
    ['a placeholder in the host', { ...A, issuer: 'https://{tenantid}.l.example/' }, 'as a whole path segment'],
    ['an empty allowlist', { ...A, issuer: template, tenants: [] }, '`tenants` must be a non-empty array'],
    ['a tenant with a slash', { ...A, issuer: template, tenants: ['a/b'] }, '`tenants` must be a non-empty array'],
  ])('refuses %s', (_label, options, message) => {
    expect(resolveWith(options)).toThrow(message);
  });
});

describe('jwtAccessTokens', () => {
  it('defaults to true and may be false beside opaque tokens', () => {
    expect(resolveOptions(A).issuers[0]?.jwtAccessTokens).toBe(true);
    const opaqueOnly = { ...A, jwtAccessTokens: false, opaqueTokens: introspection };
    expect(resolveOptions(opaqueOnly).issuers[0]?.jwtAccessTokens).toBe(false);
  });

  it('refuses false without opaque tokens', () => {
    expect(resolveWith({ ...A, jwtAccessTokens: false })).toThrow('`jwtAccessTokens: false` needs `opaqueTokens`');
  });
});
