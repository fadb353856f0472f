import { startLocalIssuer, type LocalIssuer } from '@access-guard/testing';
import { IssuerUnavailableError } from '../../src/errors.js';
import { fetchUserinfo } from '../../src/opaque/userinfo.js';

let issuer: LocalIssuer;
beforeAll(async () => {
  issuer = await startLocalIssuer({ algorithms: ['ES256'] });
});
afterAll(() => issuer.close());
afterEach(() => issuer.setFault('all', null));

describe('fetchUserinfo', () => {
  it('answers the profile of a live token', async () => {
    const token = issuer.issueOpaqueToken({ sub: 'carol', profile: { name: 'Carol' } });
    await expect(fetchUserinfo(issuer.userinfoEndpoint, token, 1000)).resolves.toEqual({
      kind: 'profile',
      profile: { sub: 'carol', name: 'Carol' },
    });
  });

  it.each([[401], [403]])('answers rejected when the issuer says %i', async (status) => {
    issuer.setFault('userinfo', { status });
    await expect(fetchUserinfo(issuer.userinfoEndpoint, 'x', 1000)).resolves.toEqual({ kind: 'rejected' });
  });

  it.each([
    ['a 500', { status: 500 }, 'HTTP 500'],
    ['a 429', { status: 429 }, 'HTTP 429'],
    ['a signed JWT', { status: 200, body: '"eyJ.e30.c2ln"' }, 'not a JSON object'],
    ['a profile without sub', { status: 200, body: '{"name":"x"}' }, 'no string "sub"'],
    ['an empty sub', { status: 200, body: '{"sub":""}' }, 'no string "sub"'],
  ])('answers 503 for %s', async (_label, fault, reason) => {
    issuer.setFault('userinfo', fault);
    const error = await fetchUserinfo(issuer.userinfoEndpoint, 'x', 1000).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IssuerUnavailableError);
    expect(String((error as Error).cause)).toContain(reason);
  });
});
