// oidc-provider 9 ships no type declarations. These cover only what test/support uses, checked
// against node_modules/oidc-provider/lib (provider.js, helpers/defaults.js, helpers/errors.js).
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  import type { JWK } from 'jose';

  /** The parts of a registered client that configuration hooks read. */
  export interface ProviderClient {
    readonly clientId: string;
    readonly clientAuthMethod: string;
  }

  /** The parts of an AccessToken / ClientCredentials / RefreshToken model that hooks read. */
  export interface ProviderToken {
    readonly clientId: string;
    readonly kind: string;
    readonly resourceServer?: ResourceServerInfo;
  }

  export interface ResourceServerInfo {
    scope: string;
    audience?: string;
    accessTokenTTL?: number;
    accessTokenFormat?: 'opaque' | 'jwt';
    jwt?: { sign?: { alg: string; kid?: string } };
  }

  export interface Account {
    accountId: string;
    claims(use: string, scope: string): Promise<Record<string, unknown>> | Record<string, unknown>;
  }

  export interface ClientMetadata {
    client_id: string;
    client_secret?: string;
    grant_types?: string[];
    response_types?: string[];
    redirect_uris?: string[];
    token_endpoint_auth_method?: string;
    scope?: string;
  }

  /** Hooks receive Koa's context; test/support never reads it. */
  export type KoaContextWithOIDC = unknown;

  type Ttl = number | ((ctx: KoaContextWithOIDC, token: ProviderToken, client: ProviderClient) => number);

  export interface Configuration {
    clients?: ClientMetadata[];
    jwks?: { keys: JWK[] };
    claims?: Record<string, string[] | null>;
    findAccount?: (ctx: KoaContextWithOIDC, sub: string) => Promise<Account | undefined>;
    /** `out` is the OAuth error object; set `ctx.type` and `ctx.body` to render it. */
    renderError?: (ctx: { type: string; body: unknown }, out: Record<string, string>, error: Error) => Promise<void>;
    ttl?: Partial<
      Record<
        'AccessToken' | 'AuthorizationCode' | 'ClientCredentials' | 'Grant' | 'IdToken' | 'Interaction' | 'Session',
        Ttl
      >
    >;
    features?: {
      clientCredentials?: { enabled: boolean };
      dPoP?: { enabled: boolean };
      devInteractions?: { enabled: boolean };
      introspection?: {
        enabled: boolean;
        allowedPolicy?: (ctx: KoaContextWithOIDC, client: ProviderClient, token: ProviderToken) => Promise<boolean>;
      };
      revocation?: {
        enabled: boolean;
        allowedPolicy?: (ctx: KoaContextWithOIDC, client: ProviderClient, token: ProviderToken) => Promise<boolean>;
      };
      resourceIndicators?: {
        enabled: boolean;
        defaultResource?: (
          ctx: KoaContextWithOIDC,
          client: ProviderClient,
          oneOf?: string[],
        ) => Promise<string | string[] | undefined>;
        useGrantedResource?: (ctx: KoaContextWithOIDC, model: unknown) => Promise<boolean>;
        getResourceServerInfo?: (
          ctx: KoaContextWithOIDC,
          resourceIndicator: string,
          client: ProviderClient,
        ) => Promise<ResourceServerInfo>;
      };
    };
  }

  export class Provider {
    constructor(issuer: string, configuration?: Configuration);
    readonly issuer: string;
    /** Koa's request listener (Provider extends Koa). */
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  }

  export namespace errors {
    class OIDCProviderError extends Error {
      readonly status: number;
      readonly error: string;
      readonly error_description?: string;
    }
    class InvalidTarget extends OIDCProviderError {
      constructor(description?: string);
    }
    class InvalidRequest extends OIDCProviderError {
      constructor(description?: string, status?: number);
    }
  }

  export default Provider;
}
