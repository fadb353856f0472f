import { servedMetadata } from '../metadata.js';
import { atHash, scopeString, withScopes } from './claim-values.js';
import type { ClaimInput, Profile, ProfileSettings } from './profile.js';

const CLIENT_ID = '123456789012-8c1jq0a4hv3s7b5m2k9r6t0e1d4f7g2h.apps.googleusercontent.com';
// Google account ids are 21 digits.
const USER_ID = '110248495921238986420';

function claims(input: ClaimInput): Record<string, unknown> {
  const clientId = input.clientId ?? CLIENT_ID;
  switch (input.kind) {
    case 'access':
      return {
        jti: undefined,
        azp: clientId,
        aud: input.audience ?? clientId,
        sub: USER_ID,
        scope: withScopes(['openid', 'https://www.googleapis.com/auth/userinfo.email'], input.scopes).join(' '),
        email: 'alice@example.com',
        email_verified: true,
        access_type: 'online',
      };
    case 'm2m':
      // A service account's token names no user.
      return {
        jti: undefined,
        sub: undefined,
        azp: clientId,
        aud: input.audience ?? clientId,
        scope: scopeString(input.scopes) ?? 'https://www.googleapis.com/auth/cloud-platform',
        access_type: 'online',
      };
    case 'id':
      return {
        jti: undefined,
        azp: clientId,
        aud: clientId,
        sub: USER_ID,
        email: 'alice@example.com',
        email_verified: true,
        at_hash: atHash(input.accessToken),
        nonce: input.nonce,
        name: 'Alice Example',
        given_name: 'Alice',
        family_name: 'Example',
        picture: 'https://example.com/alice.png',
      };
  }
}

/**
 * Google: issuer the bare origin (as `https://accounts.google.com`), keys at `/oauth2/v3/certs`,
 * token endpoint `/token`, userinfo `/v1/userinfo` and the `/tokeninfo` endpoint. Access tokens
 * are opaque (`ya29.…`) and checked at tokeninfo, which answers every value as a string and has
 * no `active`; ID tokens are RS256 JWTs with `azp`, `email`, `at_hash`.
 */
export function googleProfile(settings: ProfileSettings): Profile {
  const { origin } = settings;
  const issuer = origin;
  const endpoints = {
    jwksUri: `${origin}/oauth2/v3/certs`,
    tokenEndpoint: `${origin}/token`,
    userinfoEndpoint: `${origin}/v1/userinfo`,
    introspectionEndpoint: `${origin}/introspect`,
    tokeninfoEndpoint: `${origin}/tokeninfo`,
  };
  const document = {
    ...servedMetadata({ issuer, ...endpoints, introspectionEndpoint: undefined }, settings.algorithms),
    scopes_supported: ['openid', 'email', 'profile'],
    subject_types_supported: ['public'],
    claims_supported: [
      'aud',
      'email',
      'email_verified',
      'exp',
      'family_name',
      'given_name',
      'iat',
      'iss',
      'name',
      'picture',
      'sub',
    ],
  };
  return {
    name: 'google',
    issuer,
    defaultClientId: CLIENT_ID,
    endpoints,
    routes: [
      { path: '/.well-known/openid-configuration', kind: 'discovery', document: () => document },
      { path: '/oauth2/v3/certs', kind: 'jwks' },
      { path: '/token', kind: 'token' },
      { path: '/v1/userinfo', kind: 'userinfo' },
      { path: '/tokeninfo', kind: 'tokeninfo' },
      { path: '/introspect', kind: 'introspection' },
    ],
    headerTyp: { access: null, m2m: null, id: 'JWT' },
    opaquePrefix: 'ya29.',
    tokenAudience: 'optional',
    issuerFor: () => issuer,
    isIssuer: (iss) => iss === issuer,
    claims,
  };
}
