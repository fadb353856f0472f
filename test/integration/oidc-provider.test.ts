import type { RequestListener } from 'node:http';
import request from 'supertest';
import type { AuthOptions } from '@access-guard/core';
import { ADAPTERS, REQUIRED_ALL, ROUTES } from '../behaviour/apps.js';
import { parseChallenge } from '../behaviour/challenge.js';
import { startOidcProvider, testAccount, type OidcProviderHarness } from '../support/oidc-provider.js';

// Tokens from a real authorization server (oidc-provider 9, in-process on loopback), checked by
// every adapter exactly as SPEC §2–§4 say.

let op: OidcProviderHarness;
beforeAll(async () => {
  op = await startOidcProvider();
});
afterAll(async () => {
  await op.close();
});

const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];
const errorOf = (response: request.Response): string | undefined =>
  parseChallenge(response.headers['www-authenticate'] ?? '')['error'];

/** A clock the test moves: cache TTLs pass without sleeping. */
function manualClock(): { now: () => number; advanceSeconds(seconds: number): void } {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advanceSeconds: (seconds) => {
      offset += seconds * 1000;
    },
  };
}

describe.each(ADAPTERS)('$name against oidc-provider', (adapter) => {
  const app = (options: Partial<AuthOptions> & Pick<AuthOptions, 'audience'>): RequestListener =>
    adapter.createApp({ issuer: op.issuer, ...options });

  describe('JWT access tokens (client credentials)', () => {
    let rs256App: RequestListener;
    let es256App: RequestListener;
    beforeAll(() => {
      rs256App = app({ audience: op.resources.rs256, typ: 'strict' });
      es256App = app({ audience: op.resources.es256, typ: 'strict' });
    });

    it('accepts an RS256 token found through discovery and exposes its scopes', async () => {
      const token = await op.clientCredentialsToken({ resource: op.resources.rs256, scope: 'read:accounts' });
      const response = await request(rs256App)
        .get(ROUTES.protected)
        .set(...bearer(token))
        .expect(200);
      expect(response.body).toMatchObject({ format: 'jwt', scopes: ['read:accounts'], frozen: true });
    });

    it('accepts an ES256 token', async () => {
      const token = await op.clientCredentialsToken({ resource: op.resources.es256, scope: 'read:todos' });
      const response = await request(es256App)
        .get(ROUTES.protected)
        .set(...bearer(token))
        .expect(200);
      expect(response.body.scopes).toEqual(['read:todos']);
    });

    it('refuses a token issued for another API with 401 invalid_token', async () => {
      const token = await op.clientCredentialsToken({ resource: op.resources.rs256, scope: 'read:accounts' });
      const response = await request(es256App)
        .get(ROUTES.protected)
        .set(...bearer(token))
        .expect(401);
      expect(errorOf(response)).toBe('invalid_token');
    });

    it('answers 403 insufficient_scope naming the required scopes', async () => {
      const token = await op.clientCredentialsToken({ resource: op.resources.rs256, scope: 'read:accounts' });
      const response = await request(rs256App)
        .get(ROUTES.scopedAll)
        .set(...bearer(token))
        .expect(403);
      expect(parseChallenge(response.headers['www-authenticate'] ?? '')).toMatchObject({
        error: 'insufficient_scope',
        scope: REQUIRED_ALL.join(' '),
      });
    });

    it('passes the scope guard when every scope is granted', async () => {
      const token = await op.clientCredentialsToken({
        resource: op.resources.rs256,
        scope: 'read:accounts transfer:funds',
      });
      await request(rs256App)
        .get(ROUTES.scopedAll)
        .set(...bearer(token))
        .expect(200);
    });

    it('answers 401 without error to a request without a token', async () => {
      const response = await request(rs256App).get(ROUTES.protected).expect(401);
      expect(errorOf(response)).toBeUndefined();
    });

    it('answers 400 to a token in the header and the query', async () => {
      const token = await op.clientCredentialsToken({ resource: op.resources.rs256 });
      const response = await request(rs256App)
        .get(`${ROUTES.protected}?access_token=${token}`)
        .set(...bearer(token))
        .expect(400);
      expect(errorOf(response)).toBe('invalid_request');
    });

    it('answers 503 with Retry-After, not 401, when the issuer cannot be reached', async () => {
      const token = await op.clientCredentialsToken({ resource: op.resources.rs256 });
      // The token's own issuer, whose keys cannot be fetched (a token naming an issuer the API does not
      // trust is 401 without any outbound request).
      const unreachable = adapter.createApp({
        issuer: op.issuer,
        jwksUri: 'http://127.0.0.1:9/jwks',
        audience: op.resources.rs256,
        timeoutMs: 500,
      });
      const response = await request(unreachable)
        .get(ROUTES.protected)
        .set(...bearer(token))
        .expect(503);
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    });
  });

  describe('opaque tokens via introspection', () => {
    const clock = manualClock();
    let introspectionApp: RequestListener;
    beforeAll(() => {
      introspectionApp = app({
        audience: op.resources.opaque,
        now: clock.now,
        opaqueTokens: { via: 'introspection', ...op.introspectionClient, cacheTtlSeconds: 30 },
      });
    });

    it('accepts an opaque token with the scopes from the introspection answer', async () => {
      const token = await op.clientCredentialsToken({
        resource: op.resources.opaque,
        scope: 'read:accounts transfer:funds',
      });
      const response = await request(introspectionApp)
        .get(ROUTES.scopedAll)
        .set(...bearer(token))
        .expect(200);
      expect(response.body).toMatchObject({ format: 'opaque', scopes: ['read:accounts', 'transfer:funds'] });
    });

    it('enforces requireScope on an opaque token', async () => {
      const token = await op.clientCredentialsToken({ resource: op.resources.opaque, scope: 'read:accounts' });
      const response = await request(introspectionApp)
        .get(ROUTES.scopedAll)
        .set(...bearer(token))
        .expect(403);
      expect(errorOf(response)).toBe('insufficient_scope');
    });

    it("refuses another API's token (its audience is checked)", async () => {
      const token = await op.clientCredentialsToken({ resource: op.resources.rs256, scope: 'read:accounts' });
      const other = app({
        audience: op.resources.opaque,
        opaqueTokens: { via: 'introspection', ...op.introspectionClient },
      });
      // A JWT for another resource fails the audience check before introspection is asked.
      expect(
        errorOf(
          await request(other)
            .get(ROUTES.protected)
            .set(...bearer(token))
            .expect(401),
        ),
      ).toBe('invalid_token');
    });

    it('refuses a revoked token once the cache TTL has passed, and not before', async () => {
      const token = await op.clientCredentialsToken({ resource: op.resources.opaque, scope: 'read:accounts' });
      await request(introspectionApp)
        .get(ROUTES.protected)
        .set(...bearer(token))
        .expect(200);
      await op.revoke(token);
      await request(introspectionApp)
        .get(ROUTES.protected)
        .set(...bearer(token))
        .expect(200);
      clock.advanceSeconds(31);
      const response = await request(introspectionApp)
        .get(ROUTES.protected)
        .set(...bearer(token))
        .expect(401);
      expect(errorOf(response)).toBe('invalid_token');
    });
  });

  describe('opaque tokens via userinfo (authorization code)', () => {
    const clock = manualClock();
    let userinfoApp: RequestListener;
    beforeAll(() => {
      userinfoApp = app({
        audience: 'https://todo.api.test',
        now: clock.now,
        opaqueTokens: { via: 'userinfo', acceptAnyAudience: true, cacheTtlSeconds: 60 },
      });
    });

    it('accepts the token with the subject from the profile and grants no API scope', async () => {
      const token = await op.authorizationCodeToken();
      const response = await request(userinfoApp)
        .get(ROUTES.protected)
        .set(...bearer(token))
        .expect(200);
      expect(response.body).toMatchObject({ format: 'opaque', sub: testAccount.sub, scopes: [] });
      expect(
        errorOf(
          await request(userinfoApp)
            .get(ROUTES.scopedAny)
            .set(...bearer(token))
            .expect(403),
        ),
      ).toBe('insufficient_scope');
    });

    it('answers /me with the profile', async () => {
      const token = await op.authorizationCodeToken();
      const response = await request(userinfoApp)
        .get(ROUTES.me)
        .set(...bearer(token))
        .expect(200);
      expect(response.body.userinfo).toEqual(testAccount);
    });

    it('makes one userinfo call for 30 concurrent first requests plus attachUserinfo', async () => {
      const token = await op.authorizationCodeToken();
      const before = op.requestCount('/me');
      const fresh = app({
        audience: 'https://todo.api.test',
        opaqueTokens: { via: 'userinfo', acceptAnyAudience: true },
      });
      const responses = await Promise.all(
        Array.from({ length: 30 }, () =>
          request(fresh)
            .get(ROUTES.me)
            .set(...bearer(token)),
        ),
      );
      expect(responses.map((response) => response.status)).toEqual(Array(30).fill(200));
      expect(op.requestCount('/me') - before).toBe(1);
    });

    it('refuses a revoked token once the cache TTL has passed', async () => {
      const token = await op.authorizationCodeToken();
      await request(userinfoApp)
        .get(ROUTES.protected)
        .set(...bearer(token))
        .expect(200);
      await op.revoke(token);
      await request(userinfoApp)
        .get(ROUTES.protected)
        .set(...bearer(token))
        .expect(200);
      clock.advanceSeconds(61);
      expect(
        errorOf(
          await request(userinfoApp)
            .get(ROUTES.protected)
            .set(...bearer(token))
            .expect(401),
        ),
      ).toBe('invalid_token');
    });
  });
});
