import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { dpopProof, type DpopKey } from '@access-guard/testing';
import './quiet-oidc-provider.js';
import { Provider } from 'oidc-provider';

import { postForm, readJson, type ClientAuthentication } from './http-form.js';
import { runAuthorizationCodeFlow } from './interaction.js';
import {
  buildConfiguration,
  createClients,
  generateSigningKeys,
  resources,
  testAccount,
} from './provider-configuration.js';

export { testAccount };

/** A running oidc-provider on 127.0.0.1, driven only over HTTP. */
export interface OidcProviderHarness {
  /** `http://127.0.0.1:PORT`: the discovery document's `issuer` and the `iss` of every token. */
  readonly issuer: string;
  /** Resource indicators (RFC 8707), used as token audiences: JWT RS256, JWT ES256, opaque. */
  readonly resources: { readonly rs256: string; readonly es256: string; readonly opaque: string };
  /** A resource server's confidential client (client_secret_basic) for RFC 7662 introspection. */
  readonly introspectionClient: { readonly clientId: string; readonly clientSecret: string };
  /**
   * A client_credentials grant with `resource` (RFC 8707): a JWT access token (at+jwt) for the rs256
   * and es256 resources, an opaque one for the opaque resource. Scopes the resource does not know
   * are dropped.
   */
  clientCredentialsToken(input: { resource: string; scope?: string; dpop?: DpopKey }): Promise<string>;
  /**
   * An authorization-code flow with PKCE, signing in as `testAccount.sub`: an opaque access token
   * with no audience, usable at the userinfo endpoint.
   * @param input.scope Default `'openid profile email'`.
   */
  authorizationCodeToken(input?: { scope?: string }): Promise<string>;
  /** RFC 7009 revocation, authenticated as the client the token was issued to. Opaque tokens only. */
  revoke(token: string): Promise<void>;
  /** How many requests each path received (e.g. `/me` for userinfo, `/token/introspection`), for single-flight tests. */
  requestCount(path: string): number;
  /** Stops the server and ends its open connections. */
  close(): Promise<void>;
}

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  revocation_endpoint: string;
}

/**
 * Starts a real OpenID provider (oidc-provider 9) on an ephemeral loopback port.
 * @example
 * const op = await startOidcProvider();
 * const token = await op.clientCredentialsToken({ resource: op.resources.rs256, scope: 'read:todos' });
 * await op.close();
 */
export async function startOidcProvider(): Promise<OidcProviderHarness> {
  // The issuer must contain the port, so listen first and attach the provider afterwards.
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const close = (): Promise<void> => stop(server);

  try {
    const { port } = server.address() as AddressInfo;
    const issuer = `http://127.0.0.1:${port}`;
    const clients = createClients();
    const configuration = buildConfiguration(clients, await generateSigningKeys());
    const provider = withoutDevelopmentNotices(() => new Provider(issuer, configuration));
    const counts = new Map<string, number>();
    const handle = provider.callback();
    server.on('request', (req, res) => {
      const path = new URL(req.url ?? '/', issuer).pathname;
      counts.set(path, (counts.get(path) ?? 0) + 1);
      void handle(req, res); // oidc-provider answers its own errors
    });

    const discovery = await readJson<Discovery>(await fetch(`${issuer}/.well-known/openid-configuration`), 'discovery');
    // Which client got each token: RFC 7009 lets only that client revoke it.
    const issuedTo = new Map<string, ClientAuthentication>();

    return {
      issuer,
      resources: { ...resources },
      introspectionClient: clients.resourceServer,

      async clientCredentialsToken({ resource, scope, dpop }) {
        const fields: Record<string, string> = { grant_type: 'client_credentials', resource };
        if (scope !== undefined) fields.scope = scope;
        // A DPoP proof for the token endpoint binds the token to the key (RFC 9449 §5).
        const proof: Record<string, string> =
          dpop === undefined
            ? {}
            : { dpop: await dpopProof({ key: dpop, htm: 'POST', htu: discovery.token_endpoint }) };
        const response = await postForm(discovery.token_endpoint, fields, clients.service, proof);
        const { access_token: token } = await readJson<{ access_token: string }>(response, 'client_credentials grant');
        issuedTo.set(token, clients.service);
        return token;
      },

      async authorizationCodeToken({ scope = 'openid profile email' } = {}) {
        const token = await runAuthorizationCodeFlow({
          authorizationEndpoint: discovery.authorization_endpoint,
          tokenEndpoint: discovery.token_endpoint,
          clientId: clients.webApp.clientId,
          redirectUri: clients.webApp.redirectUri,
          scope,
          login: testAccount.sub,
        });
        issuedTo.set(token, { clientId: clients.webApp.clientId });
        return token;
      },

      async revoke(token) {
        const client = issuedTo.get(token);
        if (client === undefined) {
          throw new TypeError('revoke() takes a token issued by this harness');
        }
        const response = await postForm(discovery.revocation_endpoint, { token }, client);
        if (response.status !== 200) {
          throw new Error(`revocation failed: HTTP ${response.status} ${await response.text()}`);
        }
      },

      requestCount: (path) => counts.get(path) ?? 0,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function stop(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // fetch keeps connections alive; without this, close() waits for them to time out.
    server.closeAllConnections();
  });
}

/**
 * Constructs the provider without its two construction-time warnings about development-only
 * features (the in-memory adapter and devInteractions), which are exactly what a test wants.
 * Every other message, including the unsupported-runtime warning, still goes through.
 */
function withoutDevelopmentNotices<T>(construct: () => T): T {
  const { warn } = console;
  console.warn = (...data: unknown[]) => {
    if (typeof data[0] === 'string' && data[0].includes('development-only')) return;
    warn.apply(console, data);
  };
  try {
    return construct();
  } finally {
    console.warn = warn;
  }
}
