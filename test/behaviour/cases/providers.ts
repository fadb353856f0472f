import type { AuthOptions } from '@access-guard/core';
import { auth0Issuer, cognitoIssuer, entraIssuer, googleIssuer, keycloakIssuer, oktaIssuer } from '@access-guard/core';
import type { LocalIssuer, LocalIssuerOptions, ProviderProfile } from '@access-guard/testing';
import { REQUIRED_ALL, ROUTES } from '../apps.js';
import { AUDIENCE, bearer, now, type BehaviourCase, type CaseRequest, type Expectation } from './shared.js';

/** The providers imitated by the local issuer, each with the settings its console would show. */
export type Provider = Exclude<ProviderProfile, 'generic'>;
export const PROVIDERS: readonly Provider[] = ['auth0', 'okta', 'keycloak', 'entra', 'cognito', 'google'];

const ENTRA_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';
const ENTRA_PARTNER = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const ENTRA_STRANGER = '00000000-0000-4000-8000-000000000001';
/** The API's app registration (Application (client) ID), which Entra tokens name as `aud`. */
const ENTRA_API = 'b7e1c3d5-2a4f-4e6b-9c8d-1f0a2b3c4d5e';
const COGNITO_CLIENT = '1h57kf5cpq17m0eml12ep0ab2c';
const GOOGLE_CLIENT = '123456789012-8c1jq0a4hv3s7b5m2k9r6t0e1d4f7g2h.apps.googleusercontent.com';
const KEYCLOAK_CLIENT = 'orders-api';

/** How each provider's local issuer starts. */
export const PROVIDER_SETTINGS: Record<Provider, LocalIssuerOptions> = {
  auth0: { profile: 'auth0' },
  okta: { profile: 'okta' },
  keycloak: { profile: 'keycloak', realm: 'shop' },
  entra: { profile: 'entra', tenantId: ENTRA_TENANT },
  cognito: { profile: 'cognito', userPoolId: 'eu-west-1_AbCdEf123' },
  google: { profile: 'google' },
};

/** The provider configurations, as the README documents them, each pointed at its local issuer. */
export type ProviderConfig = Provider | 'entra-multi';

const originOf = (issuer: LocalIssuer): string => new URL(issuer.issuer).origin;

/** The issuer options of a provider configuration. */
export function providerOptions(config: ProviderConfig, issuers: Record<Provider, LocalIssuer>): AuthOptions {
  const origin = (provider: Provider) => originOf(issuers[provider]);
  switch (config) {
    case 'auth0':
      return auth0Issuer({ domain: origin('auth0'), audience: AUDIENCE });
    case 'okta':
      return oktaIssuer({ domain: origin('okta') });
    case 'keycloak':
      return keycloakIssuer({ url: origin('keycloak'), realm: 'shop', clientIds: [KEYCLOAK_CLIENT], realmRoles: true });
    case 'entra':
      return entraIssuer({ tenant: ENTRA_TENANT, clientId: ENTRA_API, authority: origin('entra') });
    case 'entra-multi':
      return entraIssuer({
        tenant: 'organizations',
        clientId: ENTRA_API,
        tenants: [ENTRA_TENANT, ENTRA_PARTNER],
        authority: origin('entra'),
      });
    case 'cognito':
      return cognitoIssuer({
        userPoolId: 'eu-west-1_AbCdEf123',
        clientIds: [COGNITO_CLIENT],
        origin: origin('cognito'),
      });
    case 'google':
      return googleIssuer({ clientIds: [GOOGLE_CLIENT], issuer: origin('google') });
  }
}

type Mint = Parameters<LocalIssuer['mint']>;

/** A request with a token the provider's issuer mints. */
const minted =
  (options: Mint[1] = {}, claims: Mint[0] = {}, path: string = ROUTES.protected) =>
  async (issuer: LocalIssuer): Promise<CaseRequest> => ({ path, headers: bearer(await issuer.mint(claims, options)) });

// OpenID Connect clients send a nonce, which the ID token repeats (OIDC Core §3.1.2.1).
const NONCE = 'n-0S6_WzA2Mj';
const expired = { iat: now() - 7200, exp: now() - 3600 };
const untrusted = { iss: 'https://evil.example/' };
const refused: Expectation = { status: 401, error: 'invalid_token' };

interface ProviderRows {
  readonly config: ProviderConfig;
  readonly provider: Provider;
  /** The token the API should accept: what it mints and the subject and scopes the result shows. */
  readonly valid: { options?: Mint[1]; sub: string; scopes: readonly string[] };
  /** Mint options of a token for another API (or client). */
  readonly otherAudience: Mint[1];
  /** Mint options of the provider's ID token made out to the API's own client id, or none. */
  readonly idToken?: Mint[1];
}

/** The rows every provider gets: valid, expired, another audience, another issuer, an ID token. */
function providerRows({ config, provider, valid, otherAudience, idToken }: ProviderRows): BehaviourCase[] {
  const spec = `providers: ${config}`;
  const row = (name: string, request: BehaviourCase['request'], expectation: Expectation): BehaviourCase => ({
    name: `${config}: ${name}`,
    spec,
    config,
    provider,
    request,
    expect: expectation,
  });
  const opaque = provider === 'google';
  return [
    row("a valid access token passes, with the provider's subject and scopes", minted(valid.options), {
      status: 200,
      sub: valid.sub,
      scopes: valid.scopes,
      format: opaque ? 'opaque' : 'jwt',
    }),
    opaque
      ? row(
          'a token the provider no longer knows is 401',
          async (issuer) => {
            const token = await issuer.mint({}, valid.options);
            issuer.revoke(token);
            return { headers: bearer(token) };
          },
          refused,
        )
      : row('an expired token is 401', minted(valid.options, expired), refused),
    row('a token for another audience is 401', minted(otherAudience), refused),
    opaque
      ? row(
          'an opaque token of another issuer is 401',
          async () => ({ headers: bearer('ya29.not-from-this-issuer') }),
          refused,
        )
      : row('a token naming another issuer is 401', minted(valid.options, untrusted), refused),
    ...(idToken === undefined ? [] : [row('an ID token made out to the API is 401', minted(idToken), refused)]),
  ];
}

const scoped = (
  config: ProviderConfig,
  provider: Provider,
  name: string,
  options: Mint[1],
  claims: Mint[0],
  status: number,
): BehaviourCase => ({
  name: `${config}: ${name}`,
  spec: `providers: ${config}`,
  config,
  provider,
  request: minted(options, claims, ROUTES.scopedAll),
  expect:
    status === 200 ? { status, format: 'jwt' } : { status, error: 'insufficient_scope', scope: REQUIRED_ALL.join(' ') },
});

/** One table of rows per provider, with the configuration its README section documents. */
export const PROVIDER_CASES: readonly BehaviourCase[] = [
  ...providerRows({
    config: 'auth0',
    provider: 'auth0',
    valid: {
      options: { audience: AUDIENCE, scopes: ['read:accounts'] },
      sub: 'auth0|64f1c2a9e0b7d35a1c8e4f21',
      scopes: ['openid', 'profile', 'email', 'read:accounts'],
    },
    otherAudience: { audience: 'https://other.api.example' },
    idToken: { kind: 'id', clientId: AUDIENCE, nonce: NONCE },
  }),
  scoped(
    'auth0',
    'auth0',
    'RBAC permissions grant the scopes a route needs',
    { kind: 'm2m', audience: AUDIENCE },
    { permissions: REQUIRED_ALL },
    200,
  ),
  scoped(
    'auth0',
    'auth0',
    'missing permissions are 403 naming the scopes',
    { kind: 'm2m', audience: AUDIENCE },
    { permissions: ['read:accounts'] },
    403,
  ),
  ...providerRows({
    config: 'okta',
    provider: 'okta',
    valid: {
      options: { scopes: ['read:accounts'] },
      sub: 'alice@example.com',
      scopes: ['openid', 'profile', 'email', 'read:accounts'],
    },
    otherAudience: { audience: 'api://other' },
    idToken: { kind: 'id', clientId: 'api://default', nonce: NONCE },
  }),
  ...providerRows({
    config: 'keycloak',
    provider: 'keycloak',
    valid: {
      options: { clientId: KEYCLOAK_CLIENT },
      sub: '3f8e2b71-5c4d-4a9e-b1f6-7d2c8e9a0b14',
      scopes: ['openid', 'profile', 'email', 'default-roles-shop', 'offline_access', 'uma_authorization'],
    },
    otherAudience: { clientId: 'another-client' },
    idToken: { kind: 'id', clientId: KEYCLOAK_CLIENT },
  }),
  scoped(
    'keycloak',
    'keycloak',
    'a service account without aud, its realm roles as scopes',
    { kind: 'm2m', clientId: KEYCLOAK_CLIENT },
    { realm_access: { roles: REQUIRED_ALL } },
    200,
  ),
  scoped(
    'keycloak',
    'keycloak',
    'a missing realm role is 403 naming the scopes',
    { kind: 'm2m', clientId: KEYCLOAK_CLIENT },
    { realm_access: { roles: ['read:accounts'] } },
    403,
  ),
  ...providerRows({
    config: 'entra',
    provider: 'entra',
    valid: {
      options: { scopes: ['read:accounts'] },
      sub: 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ',
      scopes: ['read:accounts'],
    },
    otherAudience: { audience: 'f0000000-0000-4000-8000-00000000000f' },
    idToken: { kind: 'id', clientId: ENTRA_API, nonce: NONCE },
  }),
  scoped(
    'entra',
    'entra',
    'app-only roles grant the scopes a route needs',
    { kind: 'm2m', scopes: REQUIRED_ALL },
    {},
    200,
  ),
  {
    name: 'entra-multi: a token of an allowed partner tenant passes',
    spec: 'providers: entra-multi',
    config: 'entra-multi',
    provider: 'entra',
    request: minted({ tenant: ENTRA_PARTNER, scopes: ['read:accounts'] }),
    expect: { status: 200, sub: 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ', scopes: ['read:accounts'] },
  },
  {
    name: 'entra-multi: a token of a tenant outside the allowlist is 401',
    spec: 'providers: entra-multi',
    config: 'entra-multi',
    provider: 'entra',
    request: minted({ tenant: ENTRA_STRANGER }),
    expect: refused,
  },
  {
    name: "entra-multi: a token whose tid disagrees with its iss's tenant is 401",
    spec: 'providers: entra-multi',
    config: 'entra-multi',
    provider: 'entra',
    request: minted({ tenant: ENTRA_PARTNER }, { tid: ENTRA_TENANT }),
    expect: refused,
  },
  ...providerRows({
    config: 'cognito',
    provider: 'cognito',
    valid: {
      options: { clientId: COGNITO_CLIENT, scopes: ['read:accounts'] },
      sub: 'd4b8c2a6-9e1f-4c3d-8a7b-5e6f0a1b2c3d',
      scopes: ['aws.cognito.signin.user.admin', 'openid', 'profile', 'email', 'read:accounts'],
    },
    otherAudience: { clientId: 'anotherappclient0000000000' },
    idToken: { kind: 'id', clientId: COGNITO_CLIENT },
  }),
  ...providerRows({
    config: 'google',
    provider: 'google',
    valid: {
      options: { clientId: GOOGLE_CLIENT, scopes: ['read:accounts'] },
      sub: '110248495921238986420',
      scopes: ['openid', 'https://www.googleapis.com/auth/userinfo.email', 'read:accounts'],
    },
    otherAudience: { clientId: '999999999999-other.apps.googleusercontent.com' },
    idToken: { kind: 'id', clientId: GOOGLE_CLIENT },
  }),
];
