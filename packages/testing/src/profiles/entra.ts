import { servedMetadata } from '../metadata.js';
import { atHash, randomId, uuid } from './claim-values.js';
import type { ClaimInput, Profile, ProfileRoute, ProfileSettings } from './profile.js';

// Made-up ids in Entra's forms: the client app, the API app, a user's and a service principal's objects.
const CLIENT_ID = '0f3c7a52-6d1e-4b89-a2c4-8e5f1d7b9c30';
const API_APP_ID = 'b7e1c3d5-2a4f-4e6b-9c8d-1f0a2b3c4d5e';
const USER_OID = '5d2e8f14-7a3b-4c6d-9e0f-1a2b3c4d5e6f';
const SERVICE_PRINCIPAL_OID = '8c9d0e1f-2a3b-4c5d-8e7f-6a5b4c3d2e1f';
const USER_SUB = 'AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ';
const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const TENANT = `(?<tenant>${GUID}|common|organizations)`;

function claims(input: ClaimInput, homeTenant: string, origin: string): Record<string, unknown> {
  const tid = input.tenant ?? homeTenant;
  const v1 = input.version === '1.0';
  const clientId = input.clientId ?? CLIENT_ID;
  const common = {
    jti: undefined,
    nbf: input.iat,
    aio: randomId(48),
    rh: `0.${randomId(45)}.`,
    tid,
    uti: randomId(16),
    ver: input.version,
  };
  const client = v1 ? { appid: clientId, appidacr: '1' } : { azp: clientId, azpacr: '1' };
  const aud = input.audience ?? (v1 ? `api://${API_APP_ID}` : API_APP_ID);
  const user = v1
    ? {
        name: 'Alice Example',
        given_name: 'Alice',
        family_name: 'Example',
        upn: 'alice@contoso.example',
        unique_name: 'alice@contoso.example',
        ipaddr: '127.0.0.1',
        amr: ['pwd'],
      }
    : { name: 'Alice Example', preferred_username: 'alice@contoso.example' };
  switch (input.kind) {
    case 'access':
      return {
        ...common,
        aud,
        ...client,
        ...user,
        oid: USER_OID,
        sub: USER_SUB,
        scp: input.scopes?.join(' ') ?? 'access_as_user',
        ...(v1 ? { acr: '1' } : { sid: uuid() }),
      };
    case 'm2m':
      // App-only tokens carry the app roles granted to the client, never scp.
      return {
        ...common,
        aud,
        ...client,
        ...(v1 ? { idp: `${origin}/${tid}/` } : {}),
        idtyp: 'app',
        oid: SERVICE_PRINCIPAL_OID,
        sub: SERVICE_PRINCIPAL_OID,
        roles: input.scopes === undefined || input.scopes.length === 0 ? undefined : [...input.scopes],
      };
    case 'id':
      return {
        ...common,
        aud: clientId,
        ...user,
        oid: USER_OID,
        sub: USER_SUB,
        nonce: input.nonce,
        at_hash: input.accessToken === undefined ? undefined : atHash(input.accessToken),
        ...(v1 ? {} : { sid: uuid() }),
      };
  }
}

function documents(settings: ProfileSettings) {
  const { origin, tenantId, algorithms } = settings;
  // common and organizations answer for every tenant: their issuer holds the literal {tenantid}.
  const named = (tenant: string | undefined) =>
    tenant === 'common' || tenant === 'organizations' ? '{tenantid}' : (tenant ?? tenantId);
  const vocabulary = {
    subject_types_supported: ['pairwise'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nonce', 'name', 'tid', 'ver', 'oid', 'preferred_username'],
    cloud_instance_name: 'microsoftonline.com',
    msgraph_host: 'graph.microsoft.com',
  };
  const v2 = (tenant: string | undefined) => {
    const path = tenant ?? tenantId;
    return {
      ...servedMetadata(
        {
          issuer: `${origin}/${named(tenant)}/v2.0`,
          jwksUri: `${origin}/${path}/discovery/v2.0/keys`,
          tokenEndpoint: `${origin}/${path}/oauth2/v2.0/token`,
          userinfoEndpoint: `${origin}/oidc/userinfo`,
        },
        algorithms,
      ),
      ...vocabulary,
    };
  };
  // v1.0 metadata: issuer in the sts.windows.net form (here: this origin) and the v1 key set; no
  // token endpoint, since the local one issues from the v2.0 path.
  const v1 = (tenant: string | undefined) => {
    const served = servedMetadata(
      {
        issuer: `${origin}/${named(tenant)}/`,
        jwksUri: `${origin}/common/discovery/keys`,
        tokenEndpoint: '',
        userinfoEndpoint: `${origin}/oidc/userinfo`,
      },
      algorithms,
    );
    for (const field of [
      'token_endpoint',
      'grant_types_supported',
      'token_endpoint_auth_methods_supported',
      'dpop_signing_alg_values_supported',
    ]) {
      delete served[field];
    }
    return { ...served, ...vocabulary };
  };
  return { v1, v2 };
}

/**
 * Microsoft Entra ID: v2.0 issuer `/<tenant>/v2.0` (metadata there for any tenant GUID, and at
 * `/common/v2.0` and `/organizations/v2.0` with `issuer` holding the literal `{tenantid}`), keys
 * at `/<tenant>/discovery/v2.0/keys` with an `issuer` member, token endpoint
 * `/<tenant>/oauth2/v2.0/token`; v1.0 issuer `/<tenant>/` (the `https://sts.windows.net/<tid>/`
 * form). Tokens: `typ: JWT`, `ver`, `tid`, `oid`, `uti`, no `jti`; delegated `scp` (a string),
 * app-only `roles` with `idtyp: app`; v1.0 `appid`, v2.0 `azp`.
 */
export function entraProfile(settings: ProfileSettings): Profile {
  const { origin, tenantId } = settings;
  const { v1, v2 } = documents(settings);
  const template = `${origin}/{tenantid}/v2.0`;
  const issuers = new RegExp(`^${origin.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/${GUID}/(v2\\.0)?$`);
  const routes: ProfileRoute[] = [
    { path: new RegExp(`^/${TENANT}/v2\\.0/\\.well-known/openid-configuration$`), kind: 'discovery', document: v2 },
    { path: new RegExp(`^/${TENANT}/\\.well-known/openid-configuration$`), kind: 'discovery', document: v1 },
    { path: new RegExp(`^/${TENANT}/discovery/v2\\.0/keys$`), kind: 'jwks', jwkMembers: { issuer: template } },
    { path: new RegExp(`^/${TENANT}/discovery/keys$`), kind: 'jwks' },
    { path: new RegExp(`^/${TENANT}/oauth2/v2\\.0/token$`), kind: 'token' },
    { path: '/oidc/userinfo', kind: 'userinfo' },
    { path: '/introspect', kind: 'introspection' },
  ];
  return {
    name: 'entra',
    issuer: `${origin}/${tenantId}/v2.0`,
    issuerTemplate: template,
    defaultClientId: CLIENT_ID,
    endpoints: {
      jwksUri: `${origin}/${tenantId}/discovery/v2.0/keys`,
      tokenEndpoint: `${origin}/${tenantId}/oauth2/v2.0/token`,
      userinfoEndpoint: `${origin}/oidc/userinfo`,
      introspectionEndpoint: `${origin}/introspect`,
    },
    routes,
    headerTyp: { access: 'JWT', m2m: 'JWT', id: 'JWT' },
    tokenAudience: 'optional',
    issuerFor: (tenant, version) => {
      const tid = tenant ?? tenantId;
      if (!new RegExp(`^${GUID}$`).test(tid)) throw new TypeError('mint() options.tenant must be a lower-case GUID');
      return version === '1.0' ? `${origin}/${tid}/` : `${origin}/${tid}/v2.0`;
    },
    isIssuer: (iss) => typeof iss === 'string' && issuers.test(iss),
    claims: (input) => {
      // The token endpoint of common or organizations issues for the home tenant.
      const tenant = input.tenant === 'common' || input.tenant === 'organizations' ? undefined : input.tenant;
      return claims({ ...input, tenant }, tenantId, origin);
    },
  };
}
