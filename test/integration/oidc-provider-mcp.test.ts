import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { discoverOAuthServerInfo, extractWWWAuthenticateParams } from '@modelcontextprotocol/sdk/client/auth.js';
import { protectMcpEndpoint } from '@access-guard/mcp';
import { startOidcProvider, type OidcProviderHarness } from '../support/oidc-provider.js';

// The MCP SDK's whole client-side discovery against a real authorization server (oidc-provider 9,
// whose metadata has the authorization endpoint the local issuer of @access-guard/testing lacks):
// given only the server URL and its 401, it finds the protected resource metadata and the server.

let op: OidcProviderHarness;
let server: Server;
let resource: string;
beforeAll(async () => {
  op = await startOidcProvider();
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  resource = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
  const app = express();
  app.use(express.json());
  protectMcpEndpoint(app, { issuer: op.issuer, resource, scopes: 'mcp:tools', handler: (_req, res) => res.end() });
  server.on('request', app);
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await op.close();
});

describe('protectMcpEndpoint, discovered by the MCP SDK against oidc-provider', () => {
  it('leads discoverOAuthServerInfo from the 401 to the metadata and the authorization server', async () => {
    const unauthorized = await fetch(resource, { method: 'POST' });
    expect(unauthorized.status).toBe(401);
    const { resourceMetadataUrl, scope } = extractWWWAuthenticateParams(unauthorized);
    expect(scope).toBe('mcp:tools');
    const info = await discoverOAuthServerInfo(resource, { resourceMetadataUrl });
    expect(info.resourceMetadata?.resource).toBe(resource);
    expect(info.authorizationServerUrl).toBe(op.issuer);
    expect(info.authorizationServerMetadata?.issuer).toBe(op.issuer);
    expect(info.authorizationServerMetadata?.authorization_endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  });
});
