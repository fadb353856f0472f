import {
  auth0Issuer,
  cognitoIssuer,
  entraIssuer,
  googleIssuer,
  keycloakIssuer,
  oktaIssuer,
} from '../../src/providers/index.js';
import { resolveOptions } from '../../src/options.js';

const TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';
const APP = 'b7e1c3d5-2a4f-4e6b-9c8d-1f0a2b3c4d5e';

describe('provider presets', () => {
  it.each([
    [
      'Auth0, from the tenant domain: trailing slash, RBAC permissions',
      auth0Issuer({ domain: 'tenant.eu.auth0.com', audience: 'https://api.example' }),
      {
        issuer: 'https://tenant.eu.auth0.com/',
        audience: ['https://api.example'],
        scopeClaims: ['scope', 'permissions'],
      },
    ],
    [
      'Okta, the default custom authorization server',
      oktaIssuer({ domain: 'https://dev-123456.okta.com' }),
      { issuer: 'https://dev-123456.okta.com/oauth2/default', audience: ['api://default'] },
    ],
    [
      'Okta, a named authorization server',
      oktaIssuer({ domain: 'dev-123456.okta.com', authorizationServer: 'aus1abc', audience: 'api://orders' }),
      { issuer: 'https://dev-123456.okta.com/oauth2/aus1abc', audience: ['api://orders'] },
    ],
    [
      'Keycloak, bound by client, with realm and client roles',
      keycloakIssuer({
        url: 'https://sso.example.com/',
        realm: 'shop',
        clientIds: ['orders'],
        realmRoles: true,
        clientRoles: 'orders',
      }),
      {
        issuer: 'https://sso.example.com/realms/shop',
        clientIds: ['orders'],
        scopeClaims: ['scope', ['realm_access', 'roles'], ['resource_access', 'orders', 'roles']],
      },
    ],
    [
      'Keycloak before 17, under /auth, with an audience mapper',
      keycloakIssuer({ url: 'https://sso.example.com/auth', realm: 'shop', audience: 'orders' }),
      { issuer: 'https://sso.example.com/auth/realms/shop', audience: ['orders'], scopeClaims: ['scope'] },
    ],
    [
      'Entra ID v2.0, one tenant',
      entraIssuer({ tenant: TENANT, clientId: APP }),
      {
        issuer: `https://login.microsoftonline.com/${TENANT}/v2.0`,
        audience: [APP, `api://${APP}`],
        jwksUri: `https://login.microsoftonline.com/${TENANT}/discovery/v2.0/keys`,
        scopeClaims: ['scp', 'roles'],
      },
    ],
    [
      'Entra ID v1.0, one tenant: the sts.windows.net issuer',
      entraIssuer({ tenant: TENANT, clientId: APP, version: '1.0' }),
      {
        issuer: `https://sts.windows.net/${TENANT}/`,
        jwksUri: 'https://login.microsoftonline.com/common/discovery/keys',
      },
    ],
    [
      'Entra ID, multi-tenant with an allowlist',
      entraIssuer({ tenant: 'organizations', clientId: APP, tenants: [TENANT] }),
      {
        issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0',
        jwksUri: 'https://login.microsoftonline.com/common/discovery/v2.0/keys',
        tenants: [TENANT],
      },
    ],
    [
      'Cognito: the region from the pool id, bound by client',
      cognitoIssuer({ userPoolId: 'eu-west-1_AbCdEf123', clientIds: 'client1' }),
      { issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123', clientIds: ['client1'] },
    ],
    [
      'Google: opaque tokens at tokeninfo, JWTs refused',
      googleIssuer({ clientIds: ['1-a.apps.googleusercontent.com'] }),
      {
        issuer: 'https://accounts.google.com',
        audience: ['1-a.apps.googleusercontent.com'],
        jwtAccessTokens: false,
        opaqueTokens: { via: 'tokeninfo', endpoint: 'https://oauth2.googleapis.com/tokeninfo' },
      },
    ],
    [
      'Google, pointed at a local issuer',
      googleIssuer({ clientIds: 'c', issuer: 'http://127.0.0.1:4444' }),
      {
        issuer: 'http://127.0.0.1:4444',
        opaqueTokens: { via: 'tokeninfo', endpoint: 'http://127.0.0.1:4444/tokeninfo' },
      },
    ],
  ])('%s', (_label, options, expected) => {
    expect(options).toMatchObject(expected);
    // Presets give ordinary options: the same start-up checks accept them.
    expect(() => resolveOptions(options)).not.toThrow();
  });

  it.each<[string, () => unknown, string]>([
    ['Auth0 without a domain', () => auth0Issuer({ domain: '', audience: 'a' }), '`domain` is required'],
    ['Auth0 with a path', () => auth0Issuer({ domain: 'https://t.auth0.com/x', audience: 'a' }), 'without a path'],
    ['Auth0 with no URL at all', () => auth0Issuer({ domain: 'https://', audience: 'a' }), 'must be a domain'],
    ['Auth0 without an audience', () => auth0Issuer({ domain: 't.auth0.com', audience: [] }), '`audience` is required'],
    ['Keycloak without a binding', () => keycloakIssuer({ url: 'https://s.example', realm: 'r' }), 'needs `audience`'],
    [
      'Keycloak without a realm',
      () => keycloakIssuer({ url: 'https://s.example', realm: '', audience: 'a' }),
      'needs `realm`',
    ],
    ['Keycloak without a url', () => keycloakIssuer({ url: '', realm: 'r', audience: 'a' }), '`url` is required'],
    ['Entra with a bad tenant', () => entraIssuer({ tenant: 'a/b', clientId: APP }), 'needs `tenant`'],
    [
      'Entra with a bad version',
      () => entraIssuer({ tenant: TENANT, clientId: APP, version: '3.0' as '2.0' }),
      '`version`',
    ],
    [
      'Entra tenants for one tenant',
      () => entraIssuer({ tenant: TENANT, clientId: APP, tenants: [TENANT] }),
      'needs tenant',
    ],
    ['Cognito with a bad pool id', () => cognitoIssuer({ userPoolId: 'pool', clientIds: ['c'] }), '`userPoolId`'],
  ])('refuses %s with a message that says what to give', (_label, build, message) => {
    expect(build).toThrow(message);
  });
});
