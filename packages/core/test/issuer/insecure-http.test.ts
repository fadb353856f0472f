import { networkInterfaces } from 'node:os';
import { startLocalIssuer, type LocalIssuer } from '@access-guard/testing';
import { createAuthenticator } from '../../src/authenticator.js';
import type { AuthOptions } from '../../src/options.js';

const AUDIENCE = 'https://api.insecure-http.test';

/** An address of this machine that is not loopback: an http issuer there is "off loopback". */
function offLoopbackAddress(): string {
  const address = Object.values(networkInterfaces())
    .flat()
    .find((entry) => entry !== undefined && entry.family === 'IPv4' && !entry.internal);
  if (address === undefined) throw new Error('this test needs a network interface besides loopback');
  return address.address;
}

let issuer: LocalIssuer;
beforeAll(async () => {
  issuer = await startLocalIssuer({ host: offLoopbackAddress() });
});
afterAll(() => issuer.close());

const quiet = { onEvent: () => undefined };

/** Runs `body` with NODE_ENV set to `value`, restoring it afterwards. */
function withNodeEnv<T>(value: string | undefined, body: () => T): T {
  const saved = process.env['NODE_ENV'];
  if (value === undefined) delete process.env['NODE_ENV'];
  else process.env['NODE_ENV'] = value;
  try {
    return body();
  } finally {
    if (saved === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = saved;
  }
}

describe('allowInsecureHttpIssuer', () => {
  it('is off by default: an http issuer off loopback is refused, and the message names the opt-in', () => {
    expect(issuer.issuer.startsWith('http://')).toBe(true);
    expect(() => createAuthenticator({ issuer: issuer.issuer, audience: AUDIENCE, ...quiet })).toThrow(
      /`issuer` cannot be used: it must use https:.*set allowInsecureHttpIssuer: true/,
    );
  });

  it('lets a development issuer on plain http off loopback verify tokens (discovery and JWKS over http)', async () => {
    const authenticator = withNodeEnv('development', () =>
      createAuthenticator({ issuer: issuer.issuer, audience: AUDIENCE, allowInsecureHttpIssuer: true, ...quiet }),
    );
    await authenticator.ready();
    const token = await issuer.mint({ aud: AUDIENCE, scope: 'read' });
    await expect(authenticator.verifyToken(token)).resolves.toMatchObject({ scopes: ['read'] });
  });

  it('also admits a plain-http jwksUri and introspection endpoint off loopback', async () => {
    const options: AuthOptions = {
      issuer: issuer.issuer,
      audience: AUDIENCE,
      jwksUri: issuer.jwksUri,
      allowInsecureHttpIssuer: true,
      opaqueTokens: {
        via: 'introspection',
        endpoint: issuer.introspectionEndpoint,
        clientId: 'resource-server',
        clientSecret: 'resource-server-secret',
      },
      ...quiet,
    };
    const authenticator = withNodeEnv(undefined, () => createAuthenticator(options));
    const opaque = issuer.issueOpaqueToken({ aud: AUDIENCE, scope: 'read' });
    await expect(authenticator.verifyToken(opaque)).resolves.toMatchObject({ format: 'opaque' });
    // With an https issuer and no opt-in, each plain-http URL is refused by name.
    const https = { ...options, issuer: 'https://issuer.example/', allowInsecureHttpIssuer: false };
    expect(() => createAuthenticator(https)).toThrow(/`jwksUri` cannot be used: it must use https:/);
    expect(() => createAuthenticator({ ...https, jwksUri: undefined })).toThrow(
      /`opaqueTokens.endpoint` cannot be used: .*set allowInsecureHttpIssuer: true/,
    );
  });

  it('refuses to start when NODE_ENV is production', () => {
    expect(() =>
      withNodeEnv('production', () =>
        createAuthenticator({ issuer: issuer.issuer, audience: AUDIENCE, allowInsecureHttpIssuer: true, ...quiet }),
      ),
    ).toThrow('`allowInsecureHttpIssuer` is for development and NODE_ENV is production');
  });

  it('refuses a value that is not a boolean', () => {
    expect(() =>
      createAuthenticator({
        issuer: issuer.issuer,
        audience: AUDIENCE,
        allowInsecureHttpIssuer: 'yes' as unknown as boolean,
        ...quiet,
      }),
    ).toThrow('`allowInsecureHttpIssuer` must be true or false');
  });

  it('keeps refusing credentials in the URL and non-http schemes', () => {
    const base = { audience: AUDIENCE, allowInsecureHttpIssuer: true, ...quiet };
    expect(() => createAuthenticator({ ...base, issuer: 'http://user:pw@keycloak:8080/realms/dev' })).toThrow(
      'it must not carry credentials',
    );
    expect(() => createAuthenticator({ ...base, issuer: 'ftp://keycloak/realms/dev' })).toThrow('it must use https:');
  });
});
