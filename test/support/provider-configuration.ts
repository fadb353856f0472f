import './quiet-oidc-provider.js';
import { randomBytes } from 'node:crypto';

import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { errors, type ClientMetadata, type Configuration, type ResourceServerInfo } from 'oidc-provider';

/** Credentials of a confidential client (client_secret_basic). */
export interface ConfidentialClient {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** A public client (token_endpoint_auth_method 'none', so PKCE is mandatory). */
export interface PublicClient {
  readonly clientId: string;
  readonly redirectUri: string;
}

export interface ProviderClients {
  /** Gets tokens for the resource servers with client_credentials. */
  readonly service: ConfidentialClient;
  /** A resource server: introspects tokens issued to any client. */
  readonly resourceServer: ConfidentialClient;
  /** Runs the authorization-code flow for a user. */
  readonly webApp: PublicClient;
}

/** Resource indicators (RFC 8707), each also the `aud` of the tokens issued for it. */
export const resources = {
  rs256: 'https://rs256.api.test',
  es256: 'https://es256.api.test',
  opaque: 'https://opaque.api.test',
} as const;

/** The profile `findAccount` returns for every login id (with `sub` set to that id). */
export const testAccount = {
  sub: 'test-user',
  name: 'Test User',
  email: 'test-user@example.test',
  email_verified: true,
} as const;

const resourceScope = 'read:accounts transfer:funds admin read:todos write:todos';
const accessTokenTtlSeconds = 300;

const resourceServers: ReadonlyMap<string, ResourceServerInfo> = new Map<string, ResourceServerInfo>([
  [resources.rs256, jwtResourceServer(resources.rs256, 'RS256')],
  [resources.es256, jwtResourceServer(resources.es256, 'ES256')],
  [
    resources.opaque,
    {
      scope: resourceScope,
      audience: resources.opaque,
      accessTokenFormat: 'opaque',
      accessTokenTTL: accessTokenTtlSeconds,
    },
  ],
]);

function jwtResourceServer(audience: string, alg: 'RS256' | 'ES256'): ResourceServerInfo {
  return {
    scope: resourceScope,
    audience,
    accessTokenFormat: 'jwt',
    accessTokenTTL: accessTokenTtlSeconds,
    jwt: { sign: { alg } },
  };
}

/** One RSA and one P-256 private signing key, fresh per provider. */
export async function generateSigningKeys(): Promise<{ keys: JWK[] }> {
  const keys = await Promise.all(
    (['RS256', 'ES256'] as const).map(async (alg) => {
      const { privateKey } = await generateKeyPair(alg, { extractable: true });
      return {
        ...(await exportJWK(privateKey)),
        alg,
        use: 'sig',
        kid: `${alg.toLowerCase()}-${randomBytes(4).toString('hex')}`,
      };
    }),
  );
  return { keys };
}

export function createClients(): ProviderClients {
  const secret = (): string => randomBytes(32).toString('base64url');
  return {
    service: { clientId: 'service-client', clientSecret: secret() },
    resourceServer: { clientId: 'resource-server', clientSecret: secret() },
    webApp: { clientId: 'web-app', redirectUri: 'http://127.0.0.1/cb' },
  };
}

function clientMetadata({ service, resourceServer, webApp }: ProviderClients): ClientMetadata[] {
  const noBrowser = { response_types: [], redirect_uris: [], token_endpoint_auth_method: 'client_secret_basic' };
  return [
    {
      ...noBrowser,
      client_id: service.clientId,
      client_secret: service.clientSecret,
      grant_types: ['client_credentials'],
    },
    { ...noBrowser, client_id: resourceServer.clientId, client_secret: resourceServer.clientSecret, grant_types: [] },
    {
      client_id: webApp.clientId,
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      redirect_uris: [webApp.redirectUri],
    },
  ];
}

/** The oidc-provider configuration. Every hook whose default logs a notice is set explicitly. */
export function buildConfiguration(clients: ProviderClients, jwks: { keys: JWK[] }): Configuration {
  const ttlFromResourceServer = (_ctx: unknown, token: { resourceServer?: ResourceServerInfo }): number =>
    token.resourceServer?.accessTokenTTL ?? accessTokenTtlSeconds;

  return {
    clients: clientMetadata(clients),
    jwks,
    claims: { openid: ['sub'], profile: ['name'], email: ['email', 'email_verified'] },
    async findAccount(_ctx, sub) {
      return { accountId: sub, claims: () => ({ ...testAccount, sub }) };
    },
    // JSON instead of the default HTML page, so a failed flow step shows the OAuth error.
    async renderError(ctx, out) {
      ctx.type = 'json';
      ctx.body = out;
    },
    ttl: {
      AccessToken: ttlFromResourceServer,
      ClientCredentials: ttlFromResourceServer,
      AuthorizationCode: 60,
      IdToken: accessTokenTtlSeconds,
      Grant: 600,
      Interaction: 600,
      Session: 600,
    },
    features: {
      clientCredentials: { enabled: true },
      // RFC 9449: a token request with a DPoP proof gets a DPoP-bound token (cnf.jkt).
      dPoP: { enabled: true },
      devInteractions: { enabled: true },
      introspection: {
        enabled: true,
        // The resource server may introspect every client's tokens; any other client only its own.
        async allowedPolicy(_ctx, client, token) {
          return client.clientId === clients.resourceServer.clientId || client.clientId === token.clientId;
        },
      },
      revocation: {
        enabled: true,
        // RFC 7009 §2.1: a client may revoke only tokens issued to it, and is told when it may not.
        async allowedPolicy(_ctx, client, token) {
          if (client.clientId !== token.clientId) {
            throw new errors.InvalidRequest('client is not authorized to revoke the presented token');
          }
          return true;
        },
      },
      resourceIndicators: {
        enabled: true,
        // No implicit audience: a token requested without `resource` is a userinfo token.
        async defaultResource() {
          return undefined;
        },
        // At the code exchange, an `openid` grant without `resource` keeps the userinfo audience
        // (lib/helpers/resolve_resource.js); userinfo rejects any token that has an `aud`.
        async useGrantedResource() {
          return false;
        },
        async getResourceServerInfo(_ctx, resourceIndicator) {
          const info = resourceServers.get(resourceIndicator);
          if (info === undefined) {
            throw new errors.InvalidTarget(`unknown resource ${resourceIndicator}`);
          }
          return { ...info };
        },
      },
    },
  };
}
