import { servedMetadata } from '../metadata.js';
import { atHash, uuid, withScopes } from './claim-values.js';
import type { ClaimInput, Profile, ProfileSettings } from './profile.js';

const CLIENT_ID = 'test-app';
// Keycloak users, service-account users included, are UUIDs.
const USER_ID = '3f8e2b71-5c4d-4a9e-b1f6-7d2c8e9a0b14';
const SERVICE_ACCOUNT_ID = 'a0c5d9e2-7b1f-4e38-9d6a-2f4b8c1e3d57';

function realmRoles(realm: string): { roles: string[] } {
  return { roles: [`default-roles-${realm}`, 'offline_access', 'uma_authorization'] };
}

function claims(input: ClaimInput, realm: string): Record<string, unknown> {
  const clientId = input.clientId ?? CLIENT_ID;
  const { audience } = input;
  switch (input.kind) {
    case 'access':
      return {
        auth_time: input.iat,
        // The built-in account client's roles put 'account' in aud; an audience mapper adds the API.
        aud: audience === undefined ? 'account' : [audience, 'account'].flat(),
        sub: USER_ID,
        typ: 'Bearer',
        azp: clientId,
        sid: uuid(),
        acr: '1',
        'allowed-origins': ['http://localhost:3000'],
        realm_access: realmRoles(realm),
        resource_access: { account: { roles: ['manage-account', 'manage-account-links', 'view-profile'] } },
        scope: withScopes(['openid', 'profile', 'email'], input.scopes).join(' '),
        email_verified: true,
        name: 'Alice Example',
        preferred_username: 'alice',
        given_name: 'Alice',
        family_name: 'Example',
        email: 'alice@example.com',
      };
    case 'm2m':
      // A service account's token has no aud unless a mapper or client roles put one in.
      return {
        aud: audience,
        sub: SERVICE_ACCOUNT_ID,
        typ: 'Bearer',
        azp: clientId,
        acr: '1',
        realm_access: realmRoles(realm),
        scope: withScopes(['profile', 'email'], input.scopes).join(' '),
        email_verified: false,
        clientHost: '127.0.0.1',
        preferred_username: `service-account-${clientId.toLowerCase()}`,
        clientAddress: '127.0.0.1',
        client_id: clientId,
      };
    case 'id':
      return {
        auth_time: input.iat,
        aud: clientId,
        sub: USER_ID,
        typ: 'ID',
        azp: clientId,
        nonce: input.nonce,
        sid: uuid(),
        at_hash: atHash(input.accessToken),
        acr: '1',
        email_verified: true,
        name: 'Alice Example',
        preferred_username: 'alice',
        given_name: 'Alice',
        family_name: 'Example',
        email: 'alice@example.com',
      };
  }
}

/** Keycloak's introspection answer adds the client and the user name to the claims. */
function introspection(claims: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return { client_id: claims.azp, username: claims.preferred_username };
}

/**
 * Keycloak: issuer `/realms/<realm>`, endpoints under `/protocol/openid-connect/` (`certs`,
 * `token`, `token/introspect`, `userinfo`). Tokens carry `typ: JWT` in the header and a `typ`
 * claim (`Bearer`, or `ID` for ID tokens), `azp`, `realm_access.roles`, `resource_access`,
 * `aud: account` for users and no `aud` for service accounts.
 */
export function keycloakProfile(settings: ProfileSettings): Profile {
  const { origin, realm } = settings;
  const base = `/realms/${realm}`;
  const issuer = `${origin}${base}`;
  const oidc = `${base}/protocol/openid-connect`;
  const endpoints = {
    jwksUri: `${origin}${oidc}/certs`,
    tokenEndpoint: `${origin}${oidc}/token`,
    userinfoEndpoint: `${origin}${oidc}/userinfo`,
    introspectionEndpoint: `${origin}${oidc}/token/introspect`,
  };
  const document = {
    ...servedMetadata({ issuer, ...endpoints }, settings.algorithms),
    subject_types_supported: ['public', 'pairwise'],
    scopes_supported: ['openid', 'profile', 'email', 'roles', 'web-origins', 'acr', 'offline_access'],
    claims_supported: [
      'aud',
      'sub',
      'iss',
      'auth_time',
      'name',
      'given_name',
      'family_name',
      'preferred_username',
      'email',
      'acr',
    ],
    introspection_endpoint_auth_methods_supported: ['client_secret_basic'],
  };
  return {
    name: 'keycloak',
    issuer,
    defaultClientId: CLIENT_ID,
    endpoints,
    routes: [
      { path: `${base}/.well-known/openid-configuration`, kind: 'discovery', document: () => document },
      { path: `${oidc}/certs`, kind: 'jwks' },
      { path: `${oidc}/token`, kind: 'token' },
      { path: `${oidc}/userinfo`, kind: 'userinfo' },
      { path: `${oidc}/token/introspect`, kind: 'introspection' },
    ],
    headerTyp: { access: 'JWT', m2m: 'JWT', id: 'JWT' },
    tokenAudience: 'optional',
    issuerFor: () => issuer,
    isIssuer: (iss) => iss === issuer,
    claims: (input) => claims(input, realm),
    introspection,
  };
}
