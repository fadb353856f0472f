import { servedMetadata } from '../metadata.js';
import { atHash, randomId, withScopes } from './claim-values.js';
import type { ClaimInput, Profile, ProfileSettings } from './profile.js';

// Okta ids: clients `0oa…`, users `00u…`, identity providers `00o…`, 20 characters.
const CLIENT_ID = '0oa8f5j3ecb5w8Fm25d7';
const USER_ID = '00u1a2b3c4D5e6F7g8h9';
const USER_SCOPES = ['openid', 'profile', 'email'];

function claims(input: ClaimInput, authorizationServer: string): Record<string, unknown> {
  const clientId = input.clientId ?? CLIENT_ID;
  const aud = input.audience ?? `api://${authorizationServer}`;
  switch (input.kind) {
    case 'access':
      return {
        ver: 1,
        jti: `AT.${randomId(32)}`,
        aud,
        cid: clientId,
        uid: USER_ID,
        scp: withScopes(USER_SCOPES, input.scopes),
        auth_time: input.iat,
        sub: 'alice@example.com',
      };
    case 'm2m':
      return { ver: 1, jti: `AT.${randomId(32)}`, aud, cid: clientId, scp: [...(input.scopes ?? [])], sub: clientId };
    case 'id':
      return {
        ver: 1,
        jti: `ID.${randomId(32)}`,
        sub: USER_ID,
        aud: clientId,
        amr: ['pwd'],
        idp: '00o1a2b3c4D5e6F7g8h9',
        nonce: input.nonce,
        auth_time: input.iat,
        at_hash: atHash(input.accessToken),
        name: 'Alice Example',
        email: 'alice@example.com',
        preferred_username: 'alice@example.com',
      };
  }
}

/** Okta's introspection answer names the scopes as a string, the client and the user. */
function introspection(claims: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  if (Array.isArray(claims.scp)) extra.scope = claims.scp.join(' ');
  if (typeof claims.cid === 'string') extra.client_id = claims.cid;
  if (claims.uid !== undefined) extra.username = claims.sub;
  return extra;
}

/**
 * Okta custom authorization server: issuer `/oauth2/<id>`, both metadata documents under it,
 * endpoints `/v1/keys`, `/v1/token`, `/v1/introspect`, `/v1/userinfo`. Tokens have no `typ`
 * header; access tokens carry `ver: 1`, `jti: AT.…`, `cid`, `uid`, `scp` (an array) and
 * `aud: api://<id>` by default; ID tokens `jti: ID.…`, `amr`, `idp`, `at_hash`.
 */
export function oktaProfile(settings: ProfileSettings): Profile {
  const { origin, authorizationServer } = settings;
  const issuer = `${origin}/oauth2/${authorizationServer}`;
  const base = `/oauth2/${authorizationServer}`;
  const endpoints = {
    jwksUri: `${issuer}/v1/keys`,
    tokenEndpoint: `${issuer}/v1/token`,
    userinfoEndpoint: `${issuer}/v1/userinfo`,
    introspectionEndpoint: `${issuer}/v1/introspect`,
  };
  const document = {
    ...servedMetadata({ issuer, ...endpoints }, settings.algorithms),
    scopes_supported: ['openid', 'profile', 'email', 'address', 'phone', 'offline_access'],
    subject_types_supported: ['public'],
    claims_supported: ['iss', 'ver', 'sub', 'aud', 'iat', 'exp', 'jti', 'auth_time', 'amr', 'idp', 'nonce', 'name'],
  };
  return {
    name: 'okta',
    issuer,
    defaultClientId: CLIENT_ID,
    endpoints,
    routes: [
      { path: `${base}/.well-known/openid-configuration`, kind: 'discovery', document: () => document },
      { path: `${base}/.well-known/oauth-authorization-server`, kind: 'discovery', document: () => document },
      { path: `${base}/v1/keys`, kind: 'jwks' },
      { path: `${base}/v1/token`, kind: 'token' },
      { path: `${base}/v1/userinfo`, kind: 'userinfo' },
      { path: `${base}/v1/introspect`, kind: 'introspection' },
    ],
    headerTyp: { access: null, m2m: null, id: null },
    tokenAudience: 'optional',
    issuerFor: () => issuer,
    isIssuer: (iss) => iss === issuer,
    claims: (input) => claims(input, authorizationServer),
    introspection,
  };
}
