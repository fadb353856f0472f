import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { InvalidTokenError } from '../../src/errors.js';
import { tokenShape, type CompactJws } from '../../src/jwt/compact.js';
import type { KeyHint } from '../../src/jwt/header.js';
import { namesAudience, verifyJwt, type JwtPolicy } from '../../src/jwt/verify.js';
import { IssuerName } from '../../src/issuer/issuer-name.js';

const ISSUER = 'https://issuer.example/';
const AUDIENCE = 'https://api.example';
const NOW = 1_700_000_000;
const policy: JwtPolicy = {
  issuer: ISSUER,
  issuerName: new IssuerName(ISSUER, undefined),
  audiences: [AUDIENCE],
  clientIds: undefined,
  algorithms: ['RS256', 'ES256'],
  typ: 'compatible',
  clockToleranceSeconds: 5,
  maxTokenAgeSeconds: undefined,
  maxTokenLifetimeSeconds: undefined,
  resource: undefined,
};
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

function signed(claims: Record<string, unknown>, header: Record<string, unknown> = {}, key = rsa.privateKey): string {
  const input = `${b64({ alg: 'RS256', kid: 'k1', typ: 'at+jwt', ...header })}.${b64(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

const valid = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  iss: ISSUER,
  aud: AUDIENCE,
  sub: 'alice',
  iat: NOW - 10,
  exp: NOW + 300,
  ...extra,
});

/** Runs verifyJwt the way the pipeline does: the token split and its claims decoded beforehand. */
async function verify(
  token: string,
  keys: readonly KeyObject[] = [rsa.publicKey],
  lookups: KeyHint[] = [],
  withPolicy: JwtPolicy = policy,
) {
  const jws = tokenShape(token) as CompactJws;
  const claims = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString()) as Record<
    string,
    unknown
  >;
  return verifyJwt(
    token,
    jws,
    claims,
    withPolicy,
    async (hint) => {
      lookups.push(hint);
      return keys;
    },
    NOW,
  );
}

describe('verifyJwt', () => {
  it('returns the frozen header and claims of a valid token', async () => {
    const { header, payload } = await verify(signed(valid()));
    expect(payload).toMatchObject({ sub: 'alice', iss: ISSUER });
    expect(header).toEqual({ alg: 'RS256', kid: 'k1', typ: 'at+jwt' });
    expect(Object.isFrozen(payload) && Object.isFrozen(header)).toBe(true);
  });

  it('gives the key lookup only the algorithm and the kid', async () => {
    const lookups: KeyHint[] = [];
    await verify(signed(valid(), { x5t: 'thumb', extra: 'ignored' }), [rsa.publicKey], lookups);
    expect(lookups).toEqual([{ alg: 'RS256', kid: 'k1' }]);
  });

  it('tries each candidate key until one verifies', async () => {
    await expect(verify(signed(valid()), [other.publicKey, rsa.publicKey])).resolves.toBeDefined();
  });

  it('refuses a token no candidate key verifies', async () => {
    await expect(verify(signed(valid()), [other.publicKey])).rejects.toThrow('The access token signature is invalid');
  });

  it('refuses a token for which the issuer has no key', async () => {
    await expect(verify(signed(valid()), [])).rejects.toThrow('No key of the issuer matches the access token');
  });

  it('refuses a non-canonical spelling before asking for any key', async () => {
    const lookups: KeyHint[] = [];
    const token = signed(valid());
    await expect(
      verify(`${token.slice(0, token.indexOf('.'))}=${token.slice(token.indexOf('.'))}`, [], lookups),
    ).rejects.toThrow('malformed');
    expect(lookups).toEqual([]);
  });

  it('refuses a disallowed algorithm before asking for any key', async () => {
    const lookups: KeyHint[] = [];
    await expect(verify(signed(valid(), { alg: 'PS256' }), [rsa.publicKey], lookups)).rejects.toThrow(
      'algorithm is not allowed',
    );
    expect(lookups).toEqual([]);
  });

  it.each([
    ['iss of another issuer', { iss: 'https://other.example/' }, 'unacceptable iss claim'],
    ['aud of another API', { aud: 'https://other.example' }, 'unacceptable aud claim'],
    ['an empty aud array', { aud: [] }, 'unacceptable aud claim'],
    ['an expired exp', { exp: NOW - 60 }, 'expired'],
    ['no exp', { exp: undefined }, 'no exp claim'],
  ])('refuses %s only after the signature holds', async (_label, change, message) => {
    await expect(verify(signed(valid(change)))).rejects.toThrow(message);
    // The same claims with a bad signature fail on the signature first.
    await expect(verify(signed(valid(change)), [other.publicKey])).rejects.toThrow('signature is invalid');
  });

  it.each([
    ['Cognito token_use id', { token_use: 'id' }, 'token_use "id"'],
    ['a Keycloak typ claim ID', { typ: 'ID' }, 'typ claim "ID"'],
    ['a nonce', { nonce: 'n-0S6_WzA2Mj' }, 'nonce'],
    ['an at_hash', { at_hash: 'HK6E_P6Dh8Y93mRNtsDB1Q' }, 'at_hash'],
    ['a c_hash', { c_hash: 'LDktKdoQak3Pk0cnXxCltA' }, 'c_hash'],
  ])('refuses an ID token (%s) even when its aud names the API', async (_label, change, marker) => {
    const failure = await verify(signed(valid(change))).catch((error: unknown) => error);
    expect(failure).toMatchObject({ message: 'The token is an ID token, not an access token', reason: 'id_token' });
    expect((failure as InvalidTokenError).detail?.actual).toBe(marker);
  });

  it('accepts access-token markers: token_use access, typ claim Bearer', async () => {
    await expect(verify(signed(valid({ token_use: 'access', typ: 'Bearer' })))).resolves.toBeDefined();
  });

  describe('bound by client instead of audience', () => {
    const byClient: JwtPolicy = { ...policy, audiences: [], clientIds: ['app-1'] };
    it.each([
      ['client_id', { aud: undefined, client_id: 'app-1' }],
      ['azp, without client_id', { aud: 'account', azp: 'app-1' }],
    ])('accepts a token whose %s is an allowed client', async (_label, change) => {
      await expect(verify(signed(valid(change)), undefined, undefined, byClient)).resolves.toBeDefined();
    });
    it.each([
      ['another client_id', { aud: undefined, client_id: 'app-2' }],
      ['client_id of another client though azp is allowed', { aud: undefined, client_id: 'app-2', azp: 'app-1' }],
      ['no client at all', { aud: undefined }],
      ['a client id that is no string', { aud: undefined, client_id: ['app-1'] }],
    ])('refuses %s', async (_label, change) => {
      const failure = await verify(signed(valid(change)), undefined, undefined, byClient).catch((e: unknown) => e);
      expect(failure).toMatchObject({ reason: 'wrong_audience' });
      expect((failure as InvalidTokenError).detail?.expected).toContain('client one of ["app-1"]');
    });
  });

  describe('a multi-tenant issuer', () => {
    const template = 'https://login.example/{tenantid}/v2.0';
    const tenant = '9188040d-6c67-4c5b-b112-36a304b66dad';
    const multi: JwtPolicy = { ...policy, issuer: template, issuerName: new IssuerName(template, [tenant]) };
    const iss = `https://login.example/${tenant}/v2.0`;
    it('accepts an allowed tenant whose tid agrees', async () => {
      await expect(verify(signed(valid({ iss, tid: tenant })), undefined, undefined, multi)).resolves.toBeDefined();
    });
    it.each([
      ['a tenant outside the allowlist', { iss: 'https://login.example/00000000-0000-0000-0000-000000000000/v2.0' }],
      ['a tid that disagrees with iss', { iss, tid: '00000000-0000-0000-0000-000000000000' }],
      ['the placeholder itself', { iss: template }],
      ['two segments for the tenant', { iss: `https://login.example/${tenant}/x/v2.0` }],
    ])('refuses %s', async (_label, change) => {
      await expect(verify(signed(valid(change)), undefined, undefined, multi)).rejects.toMatchObject({
        reason: 'wrong_issuer',
      });
    });
  });

  it('throws InvalidTokenError (401) for every refusal', async () => {
    await expect(verify(signed(valid({ aud: 'x' })))).rejects.toBeInstanceOf(InvalidTokenError);
  });
});

describe('namesAudience', () => {
  it.each([
    [AUDIENCE, true],
    [['x', AUDIENCE], true],
    [['x'], false],
    [[], false],
    [42, false],
    [[42, null], false],
    [undefined, false],
  ])('judges aud %p as %p', (aud, named) => {
    expect(namesAudience(aud, [AUDIENCE])).toBe(named);
  });

  it('matches a resource-bound API by URL: scheme and host case, one trailing slash, nothing looser', () => {
    const resource = 'https://api.example/mcp';
    for (const aud of [
      'https://api.example/mcp',
      'HTTPS://API.EXAMPLE/mcp',
      'https://api.example/mcp/',
      'https://api.example:443/mcp',
    ]) {
      expect([aud, namesAudience(aud, [resource], resource)]).toEqual([aud, true]);
    }
    for (const aud of [
      'https://api.example/MCP',
      'https://api.example/mcp/x',
      'https://api.example/mcp?x=1',
      'https://api.example/mcp#f',
      'http://api.example/mcp',
      'https://api.example/mc',
      'https://api.example:8443/mcp',
      'not a url',
    ]) {
      expect([aud, namesAudience(aud, [resource], resource)]).toEqual([aud, false]);
    }
  });

  it('keeps exact matching without a resource', () => {
    expect(namesAudience('https://api.example/', ['https://api.example'])).toBe(false);
  });
});
