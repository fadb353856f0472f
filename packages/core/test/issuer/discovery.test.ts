import { startLocalIssuer, type LocalIssuer } from '@access-guard/testing';
import { CallGate } from '../../src/issuer/call-gate.js';
import { discoveredEndpoint, IssuerDiscovery, metadataUrls } from '../../src/issuer/discovery.js';

const clock = { ms: 1_000_000 };
const gate = (): CallGate =>
  new CallGate({ what: 'discovery', cooldownMs: 30_000, maxConcurrent: 4, maxWaiting: 4, now: () => clock.ms });
import { ConfigurationError, IssuerUnavailableError } from '../../src/errors.js';

describe('metadataUrls', () => {
  it('lists the OpenID location, then the RFC 8414 location with the path after the well-known part', () => {
    expect(metadataUrls('https://as.example/tenant/')).toEqual([
      'https://as.example/tenant/.well-known/openid-configuration',
      'https://as.example/.well-known/oauth-authorization-server/tenant/',
    ]);
    expect(metadataUrls('https://as.example')).toEqual([
      'https://as.example/.well-known/openid-configuration',
      'https://as.example/.well-known/oauth-authorization-server',
    ]);
  });
});

describe('IssuerDiscovery', () => {
  let issuer: LocalIssuer;
  let oauthOnly: LocalIssuer;
  beforeAll(async () => {
    [issuer, oauthOnly] = await Promise.all([startLocalIssuer(), startLocalIssuer({ discovery: 'oauth' })]);
  });
  afterAll(() => Promise.all([issuer.close(), oauthOnly.close()]));
  afterEach(() => issuer.setFault('all', null));

  it('reads the OpenID configuration and caches it', async () => {
    const discovery = new IssuerDiscovery(issuer.issuer, 1000, gate());
    issuer.resetCounts();
    const [first, second] = await Promise.all([discovery.get(), discovery.get()]);
    expect(first.jwks_uri).toBe(issuer.jwksUri);
    expect(second).toBe(first);
    await discovery.get();
    expect(issuer.counts.discovery).toBe(1);
  });

  it('falls back to RFC 8414 metadata when the OpenID document is absent', async () => {
    const metadata = await new IssuerDiscovery(oauthOnly.issuer, 1000, gate()).get();
    expect(metadata.issuer).toBe(oauthOnly.issuer);
  });

  it('refuses metadata whose issuer differs from the configured one (trailing slash)', async () => {
    const error = await new IssuerDiscovery(`${issuer.issuer}/`, 1000, gate()).get().catch((caught: unknown) => caught);
    // The API's configuration fault (500), named with both values and the fix.
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).detail).toEqual({
      expected: JSON.stringify(`${issuer.issuer}/`),
      actual: JSON.stringify(issuer.issuer),
      fix: `The two differ by a trailing slash; issuers are compared byte for byte. Set issuer to ${JSON.stringify(issuer.issuer)}.`,
    });
  });

  it('answers a document without an issuer as an unusable answer (503), not a configuration fault', async () => {
    issuer.setFault('discovery', { status: 200, body: '{}' });
    const error = await new IssuerDiscovery(issuer.issuer, 1000, gate()).get().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IssuerUnavailableError);
    expect(String((error as Error).cause)).toContain('the metadata has no issuer');
  });

  it('remembers a failure for the cooldown (one call), then succeeds once the issuer is back', async () => {
    const discovery = new IssuerDiscovery(issuer.issuer, 1000, gate());
    issuer.setFault('discovery', { status: 500 });
    issuer.resetCounts();
    for (let i = 0; i < 20; i += 1) await expect(discovery.get()).rejects.toBeInstanceOf(IssuerUnavailableError);
    expect(issuer.counts.discovery).toBe(1);
    issuer.setFault('discovery', null);
    clock.ms += 30_000;
    await expect(discovery.get()).resolves.toMatchObject({ issuer: issuer.issuer });
  });
});

describe('IssuerDiscovery without metadata', () => {
  it('reports an issuer that publishes neither document as unavailable, naming both', async () => {
    const bare = await startLocalIssuer();
    try {
      bare.setFault('discovery', { status: 404 });
      const error = await new IssuerDiscovery(bare.issuer, 1000, gate()).get().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as ConfigurationError).detail?.fix).toContain('Check the issuer URL');
    } finally {
      await bare.close();
    }
  });
});

describe('discoveredEndpoint', () => {
  const metadata = (jwks_uri: unknown) => ({ issuer: 'x', jwks_uri }) as never;
  const reason = (issuer: string, value: unknown): string => {
    try {
      discoveredEndpoint(issuer, metadata(value), 'jwks_uri');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigurationError);
      return `${String((error as Error).cause)} ${String((error as ConfigurationError).detail?.fix)}`;
    }
    return 'accepted';
  };

  it('accepts an https endpoint, and an http one on loopback for a loopback issuer', () => {
    expect(discoveredEndpoint('https://issuer.example/', metadata('https://keys.example/jwks'), 'jwks_uri')).toBe(
      'https://keys.example/jwks',
    );
    expect(reason('http://127.0.0.1:4000', 'http://127.0.0.1:4000/jwks')).toBe('accepted');
  });

  it('refuses an http loopback endpoint in the metadata of an https issuer (no cleartext secrets)', () => {
    expect(reason('https://issuer.example/', 'http://127.0.0.1:8080/introspect')).toContain('not on loopback');
  });

  it('refuses a missing or plain-http endpoint, naming the fix when given one', () => {
    expect(reason('https://issuer.example/', undefined)).toContain("the issuer's metadata has no jwks_uri");
    expect(reason('https://issuer.example/', 'http://keys.example/jwks')).toContain('must use https:');
    const error = (() => {
      try {
        discoveredEndpoint('https://issuer.example/', metadata(undefined), 'jwks_uri', 'Set jwksUri.');
      } catch (caught) {
        return caught as ConfigurationError;
      }
      return undefined;
    })();
    expect(error?.detail?.fix).toBe('Set jwksUri.');
  });
});
