import express, { type Express, type RequestHandler } from 'express';
import request from 'supertest';
import {
  InvalidTokenError as SdkInvalidTokenError,
  ServerError as SdkServerError,
} from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { OAuthTokenVerifier } from '@modelcontextprotocol/sdk/server/auth/provider.js';
import { generateDpopKey, startLocalIssuer, type LocalIssuer } from '@access-guard/testing';
import { InvalidTokenError } from '@access-guard/core';
import { authResultOf, createTokenVerifier, type McpAuthInfo } from '../src/index.js';

// The SDK's bearerAuth.d.ts re-declares every Express request's `auth` as its AuthInfo. This
// repository type-checks @access-guard/express from source in the same program, whose declaration
// says AuthResult, so the module is loaded by a specifier TypeScript does not follow and typed here.
// (A user's program sees only one of the two: @access-guard/mcp's types do not include express's.)
interface BearerAuthOptions {
  verifier: OAuthTokenVerifier;
  requiredScopes?: string[];
  resourceMetadataUrl?: string;
  expectedResource?: URL;
}
const BEARER_AUTH = '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
const { requireBearerAuth } = (await import(BEARER_AUTH)) as {
  requireBearerAuth: (options: BearerAuthOptions) => RequestHandler;
};

const RESOURCE = 'https://mcp.test/mcp';
let issuer: LocalIssuer;
beforeAll(async () => {
  issuer = await startLocalIssuer({ algorithms: ['ES256'] });
});
afterAll(() => issuer.close());

function sdkApp(verifier: OAuthTokenVerifier, options: Omit<BearerAuthOptions, 'verifier'> = {}): Express {
  const app = express();
  app.post('/mcp', requireBearerAuth({ verifier, ...options }), (req, res) => {
    const auth = (req as unknown as { auth: McpAuthInfo }).auth;
    res.json({
      clientId: auth.clientId,
      scopes: auth.scopes,
      expiresAt: auth.expiresAt,
      resource: auth.resource?.href,
      sub: authResultOf(auth).payload.sub,
    });
  });
  return app;
}

const bearer = (app: Express, token: string) => request(app).post('/mcp').set('authorization', `Bearer ${token}`);

describe('createTokenVerifier', () => {
  it("gives the SDK's requireBearerAuth the AuthInfo of a good token", async () => {
    const verifier = createTokenVerifier({ issuer: issuer.issuer, resource: RESOURCE });
    const token = await issuer.mint({ aud: RESOURCE, scope: 'notes:read', client_id: 'notes-app' });
    const { payload } = await verifier.verifyAccessToken(token);
    const response = await bearer(sdkApp(verifier, { expectedResource: new URL(RESOURCE) }), token).expect(200);
    expect(response.body).toEqual({
      clientId: 'notes-app',
      scopes: ['notes:read'],
      expiresAt: payload.exp,
      resource: RESOURCE,
      sub: 'user-123',
    });
  });

  it("gives each AuthInfo a resource URL of its own, so no tool can change another request's", async () => {
    const verifier = createTokenVerifier({ issuer: issuer.issuer, resource: RESOURCE });
    const token = await issuer.mint({ aud: RESOURCE });
    const first = await verifier.verifyAccessToken(token);
    first.resource!.pathname = '/elsewhere';
    expect((await verifier.verifyAccessToken(token)).resource?.href).toBe(RESOURCE);
  });

  it('reports a single URL audience as the resource when no resource is configured', async () => {
    const verifier = createTokenVerifier({ issuer: issuer.issuer, audience: 'https://api.test/' });
    const info = await verifier.verifyAccessToken(await issuer.mint({ aud: 'https://api.test/' }));
    expect(info.resource?.href).toBe('https://api.test/');
    const named = createTokenVerifier({ issuer: issuer.issuer, audience: 'notes-api' });
    expect((await named.verifyAccessToken(await issuer.mint({ aud: 'notes-api' }))).resource).toBeUndefined();
  });

  it("makes the SDK answer 401 invalid_token to a token for another resource, with the SDK's challenge", async () => {
    const verifier = createTokenVerifier({ issuer: issuer.issuer, resource: RESOURCE });
    const metadataUrl = 'https://mcp.test/.well-known/oauth-protected-resource/mcp';
    const token = await issuer.mint({ aud: 'https://other.test/mcp' });
    const response = await bearer(sdkApp(verifier, { resourceMetadataUrl: metadataUrl }), token).expect(401);
    expect(response.headers['www-authenticate']).toMatch(
      new RegExp(`^Bearer error="invalid_token", error_description="[^"]+", resource_metadata="${metadataUrl}"$`),
    );
    expect(response.body.error).toBe('invalid_token');
  });

  it("throws the SDK's own classes (of the copy the app imports), the access-guard error in cause", async () => {
    const verifier = createTokenVerifier({ issuer: issuer.issuer, resource: RESOURCE });
    const failure = await verifier
      .verifyAccessToken(await issuer.mint({ aud: 'https://other.test/mcp' }))
      .catch((e) => e);
    expect(failure).toBeInstanceOf(SdkInvalidTokenError);
    expect(failure.cause).toBeInstanceOf(InvalidTokenError);
    expect(failure.cause.reason).toBe('wrong_audience');
  });

  it('lets the SDK answer 403 to a token without its required scopes', async () => {
    const verifier = createTokenVerifier({ issuer: issuer.issuer, resource: RESOURCE });
    const token = await issuer.mint({ aud: RESOURCE, scope: 'notes:read' });
    const response = await bearer(sdkApp(verifier, { requiredScopes: ['notes:write'] }), token).expect(403);
    expect(response.body.error).toBe('insufficient_scope');
  });

  it('refuses a DPoP-bound token: the SDK hands over no proof', async () => {
    const verifier = createTokenVerifier({ issuer: issuer.issuer, resource: RESOURCE });
    const token = await issuer.mint({ aud: RESOURCE }, { dpop: await generateDpopKey('ES256') });
    await bearer(sdkApp(verifier), token).expect(401);
  });

  it('turns an unreachable issuer into the SDK ServerError (500, no token in the answer)', async () => {
    const down = await startLocalIssuer({ algorithms: ['ES256'] });
    try {
      const verifier = createTokenVerifier({ issuer: down.issuer, resource: RESOURCE, onEvent: () => undefined });
      const token = await down.mint({ aud: RESOURCE });
      down.setFault('all', { status: 503 });
      await expect(verifier.verifyAccessToken(token)).rejects.toBeInstanceOf(SdkServerError);
      const response = await bearer(sdkApp(verifier), token).expect(500);
      expect(response.body.error).toBe('server_error');
      expect(response.text).not.toContain(token);
    } finally {
      await down.close();
    }
  });

  it('publishes the metadata when asked, and fails ready() on a wrong issuer', async () => {
    const verifier = createTokenVerifier({ issuer: issuer.issuer, resource: RESOURCE, resourceMetadata: true });
    expect(verifier.resourceMetadata?.url).toBe('https://mcp.test/.well-known/oauth-protected-resource/mcp');
    await expect(verifier.ready()).resolves.toBeUndefined();
    expect(() => createTokenVerifier({ issuer: issuer.issuer } as never)).toThrow(TypeError);
  });
});

describe('authResultOf', () => {
  it("reads the result from a tool's extra, its authInfo, or a copy of the SDK's fields alone", async () => {
    const verifier = createTokenVerifier({ issuer: issuer.issuer, resource: RESOURCE });
    const info = await verifier.verifyAccessToken(await issuer.mint({ aud: RESOURCE }));
    const { token, clientId, scopes, expiresAt, resource, extra } = info;
    const copy = { token, clientId, scopes, expiresAt, resource, extra };
    expect(authResultOf({ authInfo: info }).payload.sub).toBe('user-123');
    expect(authResultOf(info).format).toBe('jwt');
    expect(authResultOf(copy).format).toBe('jwt');
  });

  it('throws GuardOrderError (500) when access-guard did not authenticate the request', () => {
    expect(() => authResultOf(undefined)).toThrow(/authResultOf needs requireAuth/);
    expect(() => authResultOf({ authInfo: undefined })).toThrow(/authResultOf/);
    expect(() => authResultOf({ token: 't', clientId: 'c', scopes: [], extra: { accessGuard: {} } })).toThrow(
      /authResultOf/,
    );
  });
});
