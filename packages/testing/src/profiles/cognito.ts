import { servedMetadata } from '../metadata.js';
import { atHash, scopeString, uuid, withScopes } from './claim-values.js';
import type { ClaimInput, Profile, ProfileSettings } from './profile.js';

// Cognito app client ids are 26 lower-case letters and digits; users are UUIDs.
const CLIENT_ID = '1h57kf5cpq17m0eml12ep0ab2c';
const USER_ID = 'd4b8c2a6-9e1f-4c3d-8a7b-5e6f0a1b2c3d';

function claims(input: ClaimInput): Record<string, unknown> {
  const clientId = input.clientId ?? CLIENT_ID;
  if (input.kind !== 'id' && input.audience !== undefined) {
    throw new TypeError('Cognito access tokens carry no aud: bind them with client_id (set claims.aud to force one)');
  }
  switch (input.kind) {
    case 'access':
      return {
        sub: USER_ID,
        'cognito:groups': ['users'],
        version: 2,
        client_id: clientId,
        origin_jti: uuid(),
        event_id: uuid(),
        token_use: 'access',
        scope: withScopes(['aws.cognito.signin.user.admin', 'openid', 'profile', 'email'], input.scopes).join(' '),
        auth_time: input.iat,
        username: 'alice',
      };
    case 'm2m':
      // Scopes of a client-credentials token are `<resource server>/<scope>` names.
      return {
        sub: clientId,
        token_use: 'access',
        scope: scopeString(input.scopes),
        auth_time: input.iat,
        version: 2,
        client_id: clientId,
      };
    case 'id':
      return {
        at_hash: atHash(input.accessToken),
        sub: USER_ID,
        'cognito:groups': ['users'],
        email_verified: true,
        'cognito:username': 'alice',
        origin_jti: uuid(),
        aud: clientId,
        event_id: uuid(),
        token_use: 'id',
        auth_time: input.iat,
        nonce: input.nonce,
        email: 'alice@example.com',
      };
  }
}

/**
 * Amazon Cognito user pools: issuer `/<userPoolId>` with its metadata and
 * `/.well-known/jwks.json` under it; the token and userinfo endpoints sit on the pool's domain
 * (`/oauth2/token`, `/oauth2/userInfo`). Tokens have no `typ` header. Access tokens have no `aud`:
 * `token_use: access`, `client_id`, `scope`, `username`, `version: 2`; ID tokens
 * `token_use: id`, `aud` = the app client, `cognito:username`, `at_hash`.
 */
export function cognitoProfile(settings: ProfileSettings): Profile {
  const { origin, userPoolId } = settings;
  const issuer = `${origin}/${userPoolId}`;
  const endpoints = {
    jwksUri: `${issuer}/.well-known/jwks.json`,
    tokenEndpoint: `${origin}/oauth2/token`,
    userinfoEndpoint: `${origin}/oauth2/userInfo`,
    introspectionEndpoint: `${origin}/introspect`,
  };
  const document = {
    ...servedMetadata({ issuer, ...endpoints, introspectionEndpoint: undefined }, settings.algorithms),
    scopes_supported: ['openid', 'email', 'phone', 'profile'],
    subject_types_supported: ['public'],
  };
  return {
    name: 'cognito',
    issuer,
    defaultClientId: CLIENT_ID,
    endpoints,
    routes: [
      { path: `/${userPoolId}/.well-known/openid-configuration`, kind: 'discovery', document: () => document },
      { path: `/${userPoolId}/.well-known/jwks.json`, kind: 'jwks' },
      { path: '/oauth2/token', kind: 'token' },
      { path: '/oauth2/userInfo', kind: 'userinfo' },
      { path: '/introspect', kind: 'introspection' },
    ],
    headerTyp: { access: null, m2m: null, id: null },
    tokenAudience: 'ignored',
    issuerFor: () => issuer,
    isIssuer: (iss) => iss === issuer,
    claims,
  };
}
