import request from 'supertest';
import { startLocalIssuer, type LocalIssuer } from '@access-guard/testing';
import { ADAPTERS, ROUTES } from './apps.js';
import { AUDIENCE } from './cases/index.js';

// Request-level behaviour over several requests, on every adapter: key rotation, kid floods,
// outages and recovery (SPEC §2, §6).

// The issuer and the apps share one clock the tests move, so minted tokens stay current.
const clock = { ms: Date.now() };
let issuer: LocalIssuer;
beforeAll(async () => {
  issuer = await startLocalIssuer({ algorithms: ['RS256'], now: () => clock.ms });
});
afterAll(() => issuer.close());
afterEach(() => issuer.setFault('all', null));

const bearer = (token: string): [string, string] => ['authorization', `Bearer ${token}`];

describe.each(ADAPTERS)('$name', (adapter) => {
  const createApp = () =>
    // Outages are the point here: onEvent keeps them out of the test output.
    adapter.createApp({
      issuer: issuer.issuer,
      audience: AUDIENCE,
      timeoutMs: 500,
      now: () => clock.ms,
      onEvent: () => undefined,
    });

  it('accepts a token signed with a rotated key after exactly one JWKS refetch', async () => {
    const app = createApp();
    await request(app)
      .get(ROUTES.protected)
      .set(...bearer(await issuer.mint({ aud: AUDIENCE })))
      .expect(200);
    await issuer.rotateKeys();
    clock.ms += 31_000; // past the unknown-kid cooldown
    issuer.resetCounts();
    await request(app)
      .get(ROUTES.protected)
      .set(...bearer(await issuer.mint({ aud: AUDIENCE })))
      .expect(200);
    expect(issuer.counts.jwks).toBe(1);
  });

  it('fetches the JWKS at most once per cooldown for 40 concurrent random kids', async () => {
    const app = createApp();
    await request(app)
      .get(ROUTES.protected)
      .set(...bearer(await issuer.mint({ aud: AUDIENCE })))
      .expect(200);
    clock.ms += 31_000;
    issuer.resetCounts();
    const tokens = await Promise.all(
      Array.from({ length: 40 }, (_, i) => issuer.mint({ aud: AUDIENCE }, { kid: `flood-${i}` })),
    );
    const statuses = await Promise.all(
      tokens.map(
        async (token) =>
          (
            await request(app)
              .get(ROUTES.protected)
              .set(...bearer(token))
          ).status,
      ),
    );
    expect(new Set(statuses)).toEqual(new Set([401]));
    expect(issuer.counts.jwks).toBe(1);
  });

  it('answers 503 during an outage with one call per cooldown, and recovers with the first request after it', async () => {
    const app = createApp();
    const token = await issuer.mint({ aud: AUDIENCE });
    issuer.setFault('discovery', 'refuse');
    issuer.resetCounts();
    for (let i = 0; i < 5; i += 1) {
      const during = await request(app)
        .get(ROUTES.protected)
        .set(...bearer(token))
        .expect(503);
      expect(Number(during.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(issuer.counts.discovery).toBe(1);
    issuer.setFault('discovery', null);
    clock.ms += 30_000; // the cooldown after a failed call
    await request(app)
      .get(ROUTES.protected)
      .set(...bearer(token))
      .expect(200);
  });

  it('leaves the issuer alone as long as its Retry-After asks, and tells the clients so', async () => {
    const app = createApp();
    const token = await issuer.mint({ aud: AUDIENCE });
    issuer.setFault('jwks', { status: 429, headers: { 'retry-after': '120' } });
    issuer.resetCounts();
    await request(app)
      .get(ROUTES.protected)
      .set(...bearer(token))
      .expect(503);
    clock.ms += 60_000;
    const later = await request(app)
      .get(ROUTES.protected)
      .set(...bearer(token))
      .expect(503);
    expect(Number(later.headers['retry-after'])).toBe(60);
    expect(issuer.counts.jwks).toBe(1);
    issuer.setFault('jwks', null);
    clock.ms += 60_000;
    await request(app)
      .get(ROUTES.protected)
      .set(...bearer(token))
      .expect(200);
  });

  it('answers 503 within the configured timeout when the JWKS hangs', async () => {
    const app = createApp();
    issuer.setFault('jwks', 'hang');
    const started = Date.now();
    await request(app)
      .get(ROUTES.protected)
      .set(...bearer(await issuer.mint({ aud: AUDIENCE })))
      .expect(503);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('keeps serving a warm JWKS during an outage (stale-if-error)', async () => {
    const app = adapter.createApp({
      issuer: issuer.issuer,
      audience: AUDIENCE,
      now: () => clock.ms,
      jwks: { maxAgeSeconds: 60, staleIfErrorSeconds: 600 },
      onEvent: () => undefined,
    });
    await request(app)
      .get(ROUTES.protected)
      .set(...bearer(await issuer.mint({ aud: AUDIENCE })))
      .expect(200);
    issuer.setFault('all', { status: 500 });
    clock.ms += 120_000;
    await request(app)
      .get(ROUTES.protected)
      .set(...bearer(await issuer.mint({ aud: AUDIENCE })))
      .expect(200);
    clock.ms += 600_000;
    await request(app)
      .get(ROUTES.protected)
      .set(...bearer(await issuer.mint({ aud: AUDIENCE })))
      .expect(503);
  });
});
