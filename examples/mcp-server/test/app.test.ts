import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  buildDiscoveryUrls,
  discoverAuthorizationServerMetadata,
  discoverOAuthProtectedResourceMetadata,
  extractWWWAuthenticateParams,
} from '@modelcontextprotocol/sdk/client/auth.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startLocalIssuer, type LocalIssuer } from '@access-guard/testing';
import { createMcpApp } from '../src/app.js';

let issuer: LocalIssuer;
let server: Server;
let resource: string;

beforeAll(async () => {
  issuer = await startLocalIssuer({ algorithms: ['ES256'] });
  // The resource is this server's own URL, so the port must be known before the app is built.
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  resource = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
  server.on('request', createMcpApp({ issuer: issuer.issuer, resource }).app);
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await issuer.close();
});

/** A real MCP client over HTTP, its token in the Authorization header; `responses` records what it got. */
async function connect(token?: string): Promise<{ client: Client; responses: Response[] }> {
  const responses: Response[] = [];
  const transport = new StreamableHTTPClientTransport(new URL(resource), {
    requestInit: token === undefined ? {} : { headers: { Authorization: `Bearer ${token}` } },
    fetch: async (url, init) => {
      const response = await fetch(url, init);
      responses.push(response);
      return response;
    },
  });
  const client = new Client({ name: 'access-guard-test', version: '1.0.0' });
  try {
    await client.connect(transport);
  } catch (error) {
    Object.assign(error as object, { responses });
    throw error;
  }
  return { client, responses };
}

/** The status and challenge of the refusal that made the client throw. */
async function refusal(
  attempt: Promise<unknown>,
  responses?: Response[],
): Promise<{ status: number; challenge: string }> {
  const error = await attempt.then(
    () => {
      throw new Error('expected the call to be refused');
    },
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(StreamableHTTPError);
  const seen = responses ?? (error as { responses: Response[] }).responses;
  const last = seen.at(-1);
  return { status: (error as StreamableHTTPError).code ?? 0, challenge: last?.headers.get('www-authenticate') ?? '' };
}

const READER = { scope: 'notes:read' };
const WRITER = { scope: 'notes:read notes:write' };

describe('the MCP example, through the SDK client', () => {
  it('answers 401 without a token, pointing to its metadata, from which the SDK finds the authorization server', async () => {
    const { status, challenge } = await refusal(connect());
    expect(status).toBe(401);
    expect(challenge).toMatch(/^Bearer /);
    const metadataUrl = resource.replace('/mcp', '/.well-known/oauth-protected-resource/mcp');
    expect(challenge).toContain(`resource_metadata="${metadataUrl}"`);
    expect(challenge).toContain('scope="notes:read"');

    // The SDK's own client-side discovery, given the server URL and that 401.
    const unauthorized = await fetch(resource, { method: 'POST' });
    const { resourceMetadataUrl, scope } = extractWWWAuthenticateParams(unauthorized);
    expect(resourceMetadataUrl?.href).toBe(metadataUrl);
    expect(scope).toBe('notes:read');
    const metadata = await discoverOAuthProtectedResourceMetadata(resource, { resourceMetadataUrl });
    expect(metadata.resource).toBe(resource);
    expect(metadata.authorization_servers).toEqual([issuer.issuer]);
    expect(metadata.scopes_supported).toEqual(['notes:read', 'notes:write']);

    // The authorization server's metadata, at the first URL the SDK tries (RFC 8414), names that issuer.
    const [first] = buildDiscoveryUrls(issuer.issuer);
    const serverMetadata = (await (await fetch(first!.url)).json()) as { issuer: string; token_endpoint: string };
    expect(serverMetadata.issuer).toBe(issuer.issuer);
    expect(serverMetadata.token_endpoint).toBe(issuer.tokenEndpoint);
  });

  it("shows the SDK's discoverAuthorizationServerMetadata refusing the local issuer's document (no authorization_endpoint)", async () => {
    // The local issuer serves no authorization endpoint (client credentials only); the SDK's schema
    // requires one, as a real authorization server for MCP clients has. Should this ever pass, the
    // test above can use discoverAuthorizationServerMetadata directly.
    await expect(discoverAuthorizationServerMetadata(issuer.issuer)).rejects.toThrow(/authorization_endpoint/);
  });

  it('refuses a token issued for another resource with 401 invalid_token', async () => {
    const token = await issuer.mint({ aud: 'http://127.0.0.1:1/mcp', ...READER });
    const { status, challenge } = await refusal(connect(token));
    expect(status).toBe(401);
    expect(challenge).toMatch(/^Bearer realm="api", error="invalid_token"/);
    expect(challenge).not.toContain(token);
  });

  it('calls a tool with a token for this resource (200), the tool seeing the verified subject', async () => {
    const { client, responses } = await connect(await issuer.mint({ aud: resource, ...READER }));
    const result = await client.callTool({ name: 'list-notes', arguments: {} });
    expect(responses.at(-1)?.status).toBe(200);
    expect(result.content).toEqual([{ type: 'text', text: '[{"id":1,"text":"Buy milk"}]' }]);
    await client.close();
  });

  it('accepts an aud that differs only in a trailing slash (RFC 8707)', async () => {
    const { client } = await connect(await issuer.mint({ aud: `${resource}/`, ...READER }));
    await expect(client.listTools()).resolves.toMatchObject({ tools: [{ name: 'list-notes' }, { name: 'add-note' }] });
    await client.close();
  });

  it("answers 403 insufficient_scope naming the tool's scope to a token that lacks it", async () => {
    const { client, responses } = await connect(await issuer.mint({ aud: resource, ...READER }));
    const { status, challenge } = await refusal(
      client.callTool({ name: 'add-note', arguments: { text: 'Call mum' } }),
      responses,
    );
    expect(status).toBe(403);
    expect(challenge).toContain('error="insufficient_scope"');
    // The scopes to ask for: those the token has and the tool's (MCP's scope step-up).
    expect(challenge).toContain('scope="notes:read notes:write"');
    expect(challenge).toContain('resource_metadata="');
    await client.close();
  });

  it('answers 401 insufficient_user_authentication with acr_values to a weak login', async () => {
    const now = Math.floor(Date.now() / 1000);
    const { client, responses } = await connect(
      await issuer.mint({ aud: resource, ...WRITER, acr: 'pwd', auth_time: now }),
    );
    const { status, challenge } = await refusal(
      client.callTool({ name: 'add-note', arguments: { text: 'x' } }),
      responses,
    );
    expect(status).toBe(401);
    expect(challenge).toContain('error="insufficient_user_authentication"');
    expect(challenge).toContain('acr_values="phr phrh"');
    await client.close();
  });

  it('answers 401 insufficient_user_authentication with max_age to an old login', async () => {
    const now = Math.floor(Date.now() / 1000);
    const { client, responses } = await connect(
      await issuer.mint({ aud: resource, ...WRITER, acr: 'phr', auth_time: now - 600 }),
    );
    const { status, challenge } = await refusal(
      client.callTool({ name: 'add-note', arguments: { text: 'x' } }),
      responses,
    );
    expect(status).toBe(401);
    expect(challenge).toContain('error="insufficient_user_authentication"');
    expect(challenge).toContain('max_age="300"');
    await client.close();
  });

  it('adds a note for a strong, recent login with the scope', async () => {
    const now = Math.floor(Date.now() / 1000);
    const { client } = await connect(await issuer.mint({ aud: resource, ...WRITER, acr: 'phrh', auth_time: now - 10 }));
    const result = await client.callTool({ name: 'add-note', arguments: { text: 'Call mum' } });
    expect(result.content).toEqual([{ type: 'text', text: expect.stringContaining('"text":"Call mum"') }]);
    await client.close();
  });
});
