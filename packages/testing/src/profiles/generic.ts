import { discoveryDocument, discoveryPaths } from '../metadata.js';
import { atHash, scopeString } from './claim-values.js';
import type { ClaimInput, Profile, ProfileSettings } from './profile.js';

/** The client of tokens minted without a `clientId` (as `issueOpaqueToken()`'s default). */
const DEFAULT_CLIENT_ID = 'demo-client';

function claims(input: ClaimInput): Record<string, unknown> {
  const { kind, clientId, audience, scopes } = input;
  const scope = scopeString(scopes);
  switch (kind) {
    case 'access':
      // Nothing beyond mint()'s defaults unless asked: the shape existing callers rely on.
      return { aud: audience, scope, client_id: clientId };
    case 'm2m': {
      const client = clientId ?? DEFAULT_CLIENT_ID;
      return { sub: client, aud: audience, scope, client_id: client };
    }
    case 'id':
      return {
        aud: clientId ?? DEFAULT_CLIENT_ID,
        auth_time: input.iat,
        nonce: input.nonce,
        at_hash: input.accessToken === undefined ? undefined : atHash(input.accessToken),
      };
  }
}

/** This package's own shapes: the issuer is the bare origin, endpoints sit right under it. */
export function genericProfile(settings: ProfileSettings): Profile {
  const issuer = settings.origin;
  const document = discoveryDocument(issuer, settings.algorithms);
  return {
    name: 'generic',
    issuer,
    defaultClientId: DEFAULT_CLIENT_ID,
    endpoints: {
      jwksUri: `${issuer}/jwks`,
      tokenEndpoint: `${issuer}/token`,
      userinfoEndpoint: `${issuer}/userinfo`,
      introspectionEndpoint: `${issuer}/introspect`,
    },
    routes: [
      ...discoveryPaths(settings.discovery).map((path) => ({
        path,
        kind: 'discovery' as const,
        document: () => document,
      })),
      { path: '/jwks', kind: 'jwks' },
      { path: '/userinfo', kind: 'userinfo' },
      { path: '/introspect', kind: 'introspection' },
      { path: '/token', kind: 'token' },
    ],
    headerTyp: { access: 'at+jwt', m2m: 'at+jwt', id: 'JWT' },
    tokenAudience: 'required',
    issuerFor: () => issuer,
    isIssuer: (iss) => iss === issuer,
    claims,
  };
}
