import { jest } from '@jest/globals';
import express, { type Express } from 'express';
import request from 'supertest';
import { dpopProof, generateDpopKey, startLocalIssuer, type LocalIssuer } from '@access-guard/testing';
import { requireClaims } from '@access-guard/express';
import { authResultOf, protectMcpEndpoint, type McpRequest, type ProtectMcpEndpointOptions } from '../src/index.js';

const RESOURCE = 'https://mcp.test/mcp';
const HOST = 'mcp.test';
const METADATA_URL = 'https://mcp.test/.well-known/oauth-protected-resource/mcp';
let issuer: LocalIssuer;
beforeAll(async () => {
  issuer = await startLocalIssuer({ algorithms: ['ES256'] });
});
afterAll(() => issuer.close());

/** What the handler saw on `req.auth`: the SDK's fields, the access-guard ones, never the token. */
function seen(req: McpRequest): Record<string, unknown> {
  const { auth } = req;
  return {
    clientId: auth.clientId,
    scopes: auth.scopes,
    expiresAt: auth.expiresAt,
    resource: auth.resource?.href,
    sameToken: auth.token === req.get('authorization')?.split(' ')[1],
    format: auth.format,
    sub: auth.payload.sub,
    scheme: auth.scheme,
    frozen: Object.isFrozen(auth),
    result: authResultOf(auth).format,
    body: req.body as unknown,
  };
}

function mcpApp(options: Partial<ProtectMcpEndpointOptions> = {}, parseJson = true): Express {
  const app = express();
  if (parseJson) app.use(express.json());
  protectMcpEndpoint(app, {
    issuer: issuer.issuer,
    resource: RESOURCE,
    handler: (req, res) => res.json(seen(req)),
    ...options,
  });
  return app;
}

const call = (name: string, id = 1) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: {} } });
const post = (app: Express, token: string | undefined, body: unknown = call('list-notes')) => {
  const pending = request(app).post('/mcp').set('host', HOST);
  return token === undefined
    ? pending.send(body as object)
    : pending.set('authorization', `Bearer ${token}`).send(body as object);
};
const mint = (claims: Record<string, unknown> = {}) => issuer.mint({ aud: RESOURCE, scope: 'notes:read', ...claims });

describe('protectMcpEndpoint', () => {
  it('serves the RFC 9728 metadata at the well-known path of the resource, readable from any origin', async () => {
    const response = await request(mcpApp({ scopes: 'notes:read' }))
      .get('/.well-known/oauth-protected-resource/mcp')
      .expect(200);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.body).toEqual({
      resource: RESOURCE,
      authorization_servers: [issuer.issuer],
      bearer_methods_supported: ['header'],
    });
  });

  it('answers 401 without a token: a Bearer challenge first, with resource_metadata and the scope to ask for', async () => {
    const response = await post(mcpApp({ scopes: 'notes:read' }), undefined).expect(401);
    const challenge = response.headers['www-authenticate'];
    expect(challenge).toBe(
      `Bearer realm="api", scope="notes:read", resource_metadata="${METADATA_URL}", DPoP realm="api", resource_metadata="${METADATA_URL}", algs="RS256 PS256 ES256 EdDSA"`,
    );
  });

  it("gives the handler req.auth as the SDK's AuthInfo that is also the access-guard result", async () => {
    const token = await mint({ client_id: 'notes-app' });
    const response = await post(mcpApp(), token).expect(200);
    expect(response.body).toEqual({
      clientId: 'notes-app',
      scopes: ['notes:read'],
      expiresAt: expect.any(Number),
      resource: RESOURCE,
      sameToken: true,
      format: 'jwt',
      sub: 'user-123',
      scheme: 'Bearer',
      frozen: true,
      result: 'jwt',
      body: call('list-notes'),
    });
  });

  it('takes the client from azp when the token has no client_id, and leaves it empty when it has neither', async () => {
    const app = mcpApp();
    expect((await post(app, await mint({ azp: 'web' })).expect(200)).body.clientId).toBe('web');
    expect((await post(app, await mint()).expect(200)).body.clientId).toBe('');
  });

  it('refuses a token for another resource with 401 invalid_token', async () => {
    const response = await post(mcpApp(), await mint({ aud: 'https://other.test/mcp' })).expect(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="api", error="invalid_token"/);
  });

  it('requires the endpoint scopes of every request: 403 naming them', async () => {
    const response = await post(mcpApp({ scopes: 'notes:admin' }), await mint()).expect(403);
    expect(response.headers['www-authenticate']).toContain('error="insufficient_scope"');
    expect(response.headers['www-authenticate']).toContain('scope="notes:read notes:admin"');
  });

  it("answers 403 naming a tool's scopes when the token lacks them, and lets other tools through", async () => {
    const app = mcpApp({ toolScopes: { 'add-note': ['notes:write'] } });
    const token = await mint();
    const refused = await post(app, token, call('add-note')).expect(403);
    expect(refused.headers['www-authenticate']).toContain('scope="notes:read notes:write"');
    expect(refused.body).toEqual({ error: 'insufficient_scope', error_description: expect.any(String) });
    await post(app, token, call('list-notes')).expect(200);
    await post(app, await mint({ scope: 'notes:read notes:write' }), call('add-note')).expect(200);
  });

  it('checks every tool a batch calls', async () => {
    const app = mcpApp({ toolScopes: { 'add-note': 'notes:write' } });
    await post(app, await mint(), [call('list-notes', 1), call('add-note', 2)]).expect(403);
  });

  it('finds no inherited rule for a tool named like an Object property', async () => {
    const app = mcpApp({ toolScopes: { 'add-note': 'notes:write' } });
    await post(app, await mint(), call('__proto__')).expect(200);
    await post(app, await mint(), call('constructor')).expect(200);
  });

  it("applies a tool's step-up: 401 insufficient_user_authentication with acr_values and max_age", async () => {
    const app = mcpApp({ toolAuthLevels: { 'add-note': { acr: ['phr'], maxAgeSeconds: 60 } } });
    const now = Math.floor(Date.now() / 1000);
    const weak = await post(app, await mint({ acr: 'pwd', auth_time: now }), call('add-note')).expect(401);
    expect(weak.headers['www-authenticate']).toContain(
      'error="insufficient_user_authentication", error_description="A stronger authentication is required", acr_values="phr", max_age="60"',
    );
    const old = await post(app, await mint({ acr: 'phr', auth_time: now - 120 }), call('add-note')).expect(401);
    expect(old.headers['www-authenticate']).toContain('error_description="A more recent authentication is required"');
    await post(app, await mint({ acr: 'phr', auth_time: now }), call('add-note')).expect(200);
  });

  it('refuses (500, logged once) a tool rule on a POST whose body no parser read', async () => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const app = mcpApp({ toolScopes: { 'add-note': 'notes:write' } }, false);
      app.use((_error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
        res.status(500).end();
      });
      const token = await mint();
      await post(app, token).expect(500);
      await post(app, token).expect(500);
      expect(logged).toHaveBeenCalledTimes(1);
      expect(String(logged.mock.calls[0]?.[0])).toContain('express.json()');
    } finally {
      logged.mockRestore();
    }
  });

  it('accepts a DPoP-bound token with its proof (the SDK middleware could not: it sees only the token)', async () => {
    const key = await generateDpopKey('ES256');
    const token = await issuer.mint({ aud: RESOURCE, scope: 'notes:read' }, { dpop: key });
    const proof = await dpopProof({ key, htm: 'POST', htu: `http://${HOST}/mcp`, accessToken: token });
    const response = await request(mcpApp())
      .post('/mcp')
      .set('host', HOST)
      .set('authorization', `DPoP ${token}`)
      .set('dpop', proof)
      .send(call('list-notes'))
      .expect(200);
    expect(response.body.scheme).toBe('DPoP');
  });

  it("keeps access-guard's Express guards working after it on req.auth", async () => {
    const app = express();
    app.use(express.json());
    protectMcpEndpoint(app, { issuer: issuer.issuer, resource: RESOURCE });
    app.post('/mcp', requireClaims({ sub: 'user-123' }), (req, res) => {
      res.json({ clientId: (req as unknown as McpRequest).auth.clientId });
    });
    await post(app, await mint({ client_id: 'c' })).expect(200, { clientId: 'c' });
    await post(app, await mint({ sub: 'someone-else' })).expect(403);
  });

  it('types a request for the SDK transport with requestOf, and refuses one it did not authenticate', async () => {
    const app = express();
    app.use(express.json());
    const endpoint = protectMcpEndpoint(app, { issuer: issuer.issuer, resource: RESOURCE });
    app.post('/mcp', (req, res) => res.json({ clientId: endpoint.requestOf(req).auth.clientId }));
    app.post('/open', (req, res) => res.json({ clientId: endpoint.requestOf(req).auth.clientId }));
    app.use((error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(500).json({ name: error.name });
    });
    await post(app, await mint({ client_id: 'c' })).expect(200, { clientId: 'c' });
    await request(app).post('/open').expect(500, { name: 'GuardOrderError' });
  });

  it('mounts on another path when told, and answers for the resource without a path at the root document', async () => {
    const app = express();
    app.use(express.json());
    const endpoint = protectMcpEndpoint(app, { issuer: issuer.issuer, resource: 'https://mcp.test', path: '/rpc' });
    expect(endpoint.path).toBe('/rpc');
    expect(endpoint.resourceMetadata.url).toBe('https://mcp.test/.well-known/oauth-protected-resource');
    await request(app).get('/.well-known/oauth-protected-resource').expect(200);
    await request(app).post('/rpc').send({}).expect(401);
    await expect(endpoint.ready()).resolves.toBeUndefined();
  });

  it('throws at start-up on wrong options', () => {
    const app = express();
    expect(() => protectMcpEndpoint(app, { issuer: issuer.issuer } as ProtectMcpEndpointOptions)).toThrow(
      /needs \{ issuer, resource \}/,
    );
    expect(() => protectMcpEndpoint(app, { issuer: issuer.issuer, resource: RESOURCE, path: 'mcp' })).toThrow(
      /`path` must start with '\/'/,
    );
    expect(() =>
      protectMcpEndpoint(app, { issuer: issuer.issuer, resource: RESOURCE, handler: 'no' as never }),
    ).toThrow(/`handler` must be a function/);
    expect(() =>
      protectMcpEndpoint(app, { issuer: issuer.issuer, resource: RESOURCE, toolScopes: { 'add-note': [] } }),
    ).toThrow(TypeError);
    expect(() =>
      protectMcpEndpoint(app, { issuer: issuer.issuer, resource: RESOURCE, toolScopes: null as never }),
    ).toThrow(/objects by tool name/);
    expect(() => protectMcpEndpoint(app, { issuer: issuer.issuer, resource: 'http://mcp.test/mcp' })).toThrow(
      TypeError,
    );
    expect(() => protectMcpEndpoint(app, { issuer: issuer.issuer, resource: RESOURCE, optional: true })).toThrow(
      /`optional` cannot be used/,
    );
  });
});
