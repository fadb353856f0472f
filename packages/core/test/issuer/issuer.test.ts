import { startLocalIssuer, type LocalIssuer } from '@access-guard/testing';
import { IssuerUnavailableError } from '../../src/errors.js';
import { Issuer } from '../../src/issuer/issuer.js';
import { resolveIssuerOptions, type IssuerOptions } from '../../src/issuer/options.js';

const AUDIENCE = 'https://api.example';
const CLIENT = { clientId: 'resource-server', clientSecret: 'resource-server-secret' };
let local: LocalIssuer;
beforeAll(async () => {
  local = await startLocalIssuer({ algorithms: ['ES256'] });
});
afterAll(() => local.close());
afterEach(() => local.setFault('all', null));

const issuerOf = (options: Partial<IssuerOptions> = {}): Issuer =>
  new Issuer(resolveIssuerOptions({ issuer: local.issuer, audience: AUDIENCE, ...options }), {
    timeoutMs: 1000,
    now: Date.now,
    report: () => undefined,
  });

describe('Issuer', () => {
  it('holds its policy, frozen, from its own options', () => {
    const issuer = issuerOf({ typ: 'strict', maxTokenAge: 300, clockTolerance: 2 });
    expect(issuer.identifier).toBe(local.issuer);
    expect(issuer.policy).toEqual({
      issuer: local.issuer,
      issuerName: issuer.name,
      audiences: [AUDIENCE],
      clientIds: undefined,
      algorithms: ['RS256', 'PS256', 'ES256', 'EdDSA'],
      typ: 'strict',
      clockToleranceSeconds: 2,
      maxTokenAgeSeconds: 300,
      maxTokenLifetimeSeconds: undefined,
    });
    expect(Object.isFrozen(issuer.policy)).toBe(true);
  });

  it('shows how opaque tokens are checked, but never the client secret', () => {
    const issuer = issuerOf({ opaqueTokens: { via: 'introspection', ...CLIENT } });
    expect(issuer.opaque).toEqual({
      via: 'introspection',
      cacheTtlSeconds: 60,
      negativeCacheTtlSeconds: 10,
      cacheMaxEntries: 10_000,
      requireAudience: true,
    });
    expect(JSON.stringify(issuer)).not.toContain(CLIENT.clientSecret);
    expect(issuerOf().opaque).toBeUndefined();
  });

  it('finds its keys through discovery, once', async () => {
    const issuer = issuerOf();
    local.resetCounts();
    const kid = local.currentKid('ES256');
    await expect(issuer.keys({ alg: 'ES256', kid })).resolves.toHaveLength(1);
    await expect(issuer.keys({ alg: 'ES256', kid })).resolves.toHaveLength(1);
    expect(local.counts).toMatchObject({ discovery: 1, jwks: 1 });
  });

  it('uses a configured jwksUri without any discovery', async () => {
    const issuer = issuerOf({ jwksUri: local.jwksUri });
    local.resetCounts();
    await issuer.keys({ alg: 'ES256', kid: local.currentKid('ES256') });
    expect(local.counts).toMatchObject({ discovery: 0, jwks: 1 });
  });

  it('introspects and fetches userinfo at the endpoints it discovered', async () => {
    const issuer = issuerOf({ opaqueTokens: { via: 'introspection', ...CLIENT } });
    const token = local.issueOpaqueToken({ aud: AUDIENCE, sub: 'dave' });
    await expect(issuer.introspect(token)).resolves.toMatchObject({ kind: 'active', claims: { sub: 'dave' } });
    await expect(issuer.userinfo(token)).resolves.toMatchObject({ kind: 'profile', profile: { sub: 'dave' } });
  });

  it('uses a configured opaqueTokens.endpoint without any discovery', async () => {
    const issuer = issuerOf({
      opaqueTokens: { via: 'userinfo', acceptAnyAudience: true, endpoint: local.userinfoEndpoint },
    });
    local.resetCounts();
    await issuer.userinfo(local.issueOpaqueToken());
    expect(local.counts).toMatchObject({ discovery: 0, userinfo: 1 });
  });

  it('turns any failure of an issuer call that is not an answer of ours into a 503', async () => {
    // An issuer without introspection has no introspection call: the failure is contained.
    const error = await issuerOf()
      .introspect('x')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IssuerUnavailableError);
    expect((error as Error).message).toBe("The issuer's introspection answer could not be used");
  });
});
