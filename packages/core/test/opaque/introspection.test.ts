import { startLocalIssuer, type LocalIssuer } from '@access-guard/testing';
import { ConfigurationError, IssuerUnavailableError } from '../../src/errors.js';
import { introspectionClient, introspectionRefusal } from '../../src/opaque/introspection.js';

const CLIENT = { clientId: 'resource-server', clientSecret: 'resource-server-secret' };
const AUDIENCE = 'https://api.example';
let issuer: LocalIssuer;
beforeAll(async () => {
  issuer = await startLocalIssuer({
    algorithms: ['ES256'],
    clients: [CLIENT, { clientId: 'a b&c', clientSecret: 'p:w%' }],
  });
});
afterAll(() => issuer.close());
afterEach(() => issuer.setFault('all', null));

describe('introspectionClient', () => {
  const introspect = introspectionClient(CLIENT, 1000);

  it('answers active with the claims for a live token', async () => {
    const token = issuer.issueOpaqueToken({ aud: AUDIENCE, scope: 'read', sub: 'alice' });
    await expect(introspect(issuer.introspectionEndpoint, token)).resolves.toMatchObject({
      kind: 'active',
      claims: { active: true, sub: 'alice', scope: 'read', aud: AUDIENCE },
    });
  });

  it('answers inactive for a token the issuer does not vouch for', async () => {
    await expect(introspect(issuer.introspectionEndpoint, 'unknown')).resolves.toEqual({ kind: 'inactive' });
  });

  it('counts only the boolean true as active', async () => {
    issuer.setFault('introspection', { status: 200, body: '{"active":"true","sub":"x"}' });
    await expect(introspect(issuer.introspectionEndpoint, 'any')).resolves.toEqual({ kind: 'inactive' });
  });

  it('form-encodes id and secret before Basic (RFC 6749 §2.3.1)', async () => {
    const odd = introspectionClient({ clientId: 'a b&c', clientSecret: 'p:w%' }, 1000);
    const token = issuer.issueOpaqueToken({ aud: AUDIENCE });
    await expect(odd(issuer.introspectionEndpoint, token)).resolves.toMatchObject({ kind: 'active' });
  });

  it('reports refused client credentials as a configuration fault (500) that names the fix', async () => {
    const wrong = introspectionClient({ ...CLIENT, clientSecret: 'wrong' }, 1000);
    const error = await wrong(issuer.introspectionEndpoint, 'x').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).detail?.fix).toContain('Check opaqueTokens.clientId and clientSecret');
  });

  it.each([
    ['a 500', { status: 500 }, 'HTTP 500'],
    ['an answer without active', { status: 200, body: '{}' }, 'not an introspection response'],
    ['HTML', 'html' as const, 'not an introspection response'],
  ])('answers 503 for %s', async (_label, fault, reason) => {
    issuer.setFault('introspection', fault);
    const error = await introspect(issuer.introspectionEndpoint, 'x').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IssuerUnavailableError);
    expect(String((error as Error).cause)).toContain(reason);
  });

  it('never puts the secret in an error', async () => {
    issuer.setFault('introspection', { status: 500 });
    const error = (await introspect(issuer.introspectionEndpoint, 'x').catch((caught: unknown) => caught)) as Error;
    expect(`${error.message} ${String(error.cause)} ${error.stack}`).not.toContain(CLIENT.clientSecret);
  });
});

describe('introspectionRefusal', () => {
  const policy = {
    issuer: 'https://issuer.example/',
    audiences: [AUDIENCE],
    requireAudience: true,
    resource: undefined,
  };

  it('admits an answer naming this API', () => {
    expect(introspectionRefusal({ active: true, aud: AUDIENCE }, policy)).toBeUndefined();
    expect(introspectionRefusal({ active: true, aud: ['x', AUDIENCE], iss: policy.issuer }, policy)).toBeUndefined();
  });

  it.each([
    ['a refresh token', { aud: AUDIENCE, token_type: 'refresh_token' }, 'not_an_access_token'],
    ['another issuer', { aud: AUDIENCE, iss: 'https://other.example/' }, 'wrong_issuer'],
    ['another audience', { aud: 'https://other.example' }, 'wrong_audience'],
    ['no aud', {}, 'wrong_audience'],
  ])('refuses an answer for %s', (_label, claims, reason) => {
    expect(introspectionRefusal({ active: true, ...claims }, policy)?.reason).toBe(reason);
  });

  it('says why in the message', () => {
    expect(introspectionRefusal({ active: true }, policy)?.refusal).toBe(
      'The introspection answer does not name this API (no aud claim)',
    );
    expect(introspectionRefusal({ active: true, aud: 'x' }, policy)?.refusal).toBe(
      'The access token is for another audience',
    );
  });

  it('admits an answer without aud when requireAudience is false', () => {
    expect(introspectionRefusal({ active: true }, { ...policy, requireAudience: false })).toBeUndefined();
  });
});
