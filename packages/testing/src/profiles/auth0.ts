import { servedMetadata } from '../metadata.js';
import { scopeString, withScopes } from './claim-values.js';
import type { ClaimInput, Profile, ProfileSettings } from './profile.js';

// Auth0 client ids are 32 letters and digits; user ids are `<connection>|<id>`.
const CLIENT_ID = 'kT3vQ8xWb2NzR5mYc7LpD9sFh4JgA6eU';
const USER_ID = 'auth0|64f1c2a9e0b7d35a1c8e4f21';
const USER_SCOPES = ['openid', 'profile', 'email'];

function claims(input: ClaimInput, issuer: string): Record<string, unknown> {
  const clientId = input.clientId ?? CLIENT_ID;
  const { audience, scopes } = input;
  switch (input.kind) {
    case 'access': {
      const scope = withScopes(USER_SCOPES, scopes);
      // With openid in scope Auth0 adds its userinfo URL, and aud becomes an array.
      const audiences = [audience ?? [], `${issuer}userinfo`].flat();
      return {
        sub: USER_ID,
        aud: scope.includes('openid') ? audiences : audience,
        azp: clientId,
        scope: scope.join(' '),
        permissions: scopes === undefined ? undefined : [...scopes],
      };
    }
    case 'm2m':
      return {
        sub: `${clientId}@clients`,
        aud: audience,
        azp: clientId,
        scope: scopeString(scopes),
        gty: 'client-credentials',
        permissions: scopes === undefined ? undefined : [...scopes],
      };
    case 'id':
      return {
        sub: USER_ID,
        aud: clientId,
        nickname: 'alice',
        name: 'alice@example.com',
        email: 'alice@example.com',
        email_verified: true,
        sid: 'Kp4nRz8sVt1wXy3bCd5eFg7hJk9mLq2a',
        nonce: input.nonce,
        jti: undefined,
      };
  }
}

/**
 * Auth0: the issuer is the tenant's origin with a trailing slash; JWKS at
 * `/.well-known/jwks.json`, token endpoint `/oauth/token`, userinfo `/userinfo`, no
 * introspection. Access tokens carry `typ: JWT`, `azp`, `scope`, RBAC `permissions`, an `aud`
 * array with the userinfo URL for user tokens, `gty: client-credentials` and `sub: <client>@clients`
 * for machine tokens.
 */
export function auth0Profile(settings: ProfileSettings): Profile {
  const { origin } = settings;
  const issuer = `${origin}/`;
  const endpoints = {
    jwksUri: `${origin}/.well-known/jwks.json`,
    tokenEndpoint: `${origin}/oauth/token`,
    userinfoEndpoint: `${origin}/userinfo`,
    introspectionEndpoint: `${origin}/introspect`,
  };
  const document = {
    ...servedMetadata({ issuer, ...endpoints, introspectionEndpoint: undefined }, settings.algorithms),
    scopes_supported: ['openid', 'profile', 'offline_access', 'name', 'nickname', 'email', 'email_verified', 'picture'],
    subject_types_supported: ['public'],
    claims_supported: ['aud', 'auth_time', 'email', 'email_verified', 'exp', 'iat', 'iss', 'name', 'nickname', 'sub'],
    request_uri_parameter_supported: false,
    request_parameter_supported: false,
  };
  return {
    name: 'auth0',
    issuer,
    defaultClientId: CLIENT_ID,
    endpoints,
    routes: [
      { path: '/.well-known/openid-configuration', kind: 'discovery', document: () => document },
      { path: '/.well-known/jwks.json', kind: 'jwks' },
      { path: '/oauth/token', kind: 'token' },
      { path: '/userinfo', kind: 'userinfo' },
      { path: '/introspect', kind: 'introspection' },
    ],
    headerTyp: { access: 'JWT', m2m: 'JWT', id: 'JWT' },
    tokenAudience: 'required',
    issuerFor: () => issuer,
    isIssuer: (iss) => iss === issuer,
    claims: (input) => claims(input, issuer),
  };
}
