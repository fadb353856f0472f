import { request } from 'node:http';
import { decodeJwt } from 'jose';
import { generateDpopKey, startLocalIssuer } from '../../src/index.js';
import type { DpopKey, DpopProofOptions, LocalIssuer } from '../../src/index.js';
import { basicAuth, introspect, postToken } from '../support.js';

const NOW_MS = Date.UTC(2030, 0, 1);
const NOW = NOW_MS / 1000;
const JOB = { clientId: 'job', clientSecret: 'j0b', audience: 'https://api.example' };
const OPAQUE = {
  clientId: 'legacy',
  clientSecret: 'l3gacy',
  audience: 'https://api.example',
  tokenFormat: 'opaque' as const,
};
const CC = { grant_type: 'client_credentials' };

describe('the token endpoint with DPoP (RFC 9449 §5)', () => {
  let issuer: LocalIssuer;
  let key: DpopKey;

  beforeAll(async () => {
    issuer = await startLocalIssuer({ algorithms: ['ES256'], now: () => NOW_MS, clients: [JOB, OPAQUE] });
    key = await generateDpopKey();
  });
  afterAll(() => issuer.close());

  function proofFor(overrides: Partial<DpopProofOptions> = {}): Promise<string> {
    return issuer.dpopProof({ key, htm: 'POST', htu: issuer.tokenEndpoint, ...overrides });
  }

  function tokenRequest(dpop: string, client = JOB): Promise<Response> {
    return postToken(issuer, CC, { authorization: basicAuth(client.clientId, client.clientSecret), dpop });
  }

  it('issues a DPoP token bound to the proof key (cnf.jkt) for a valid proof', async () => {
    const response = await tokenRequest(await proofFor());
    expect(response.status).toBe(200);
    const answer = (await response.json()) as { access_token: string; token_type: string };
    expect(answer.token_type).toBe('DPoP');
    expect(decodeJwt(answer.access_token)).toMatchObject({ cnf: { jkt: key.thumbprint }, sub: 'job' });
  });

  it('binds an opaque token too: introspection answers cnf.jkt and token_type DPoP', async () => {
    const response = await tokenRequest(await proofFor(), OPAQUE);
    const { access_token: token, token_type: type } = (await response.json()) as Record<string, string>;
    expect(type).toBe('DPoP');
    const answer = await (await introspect(issuer, token ?? '', basicAuth(JOB.clientId, JOB.clientSecret))).json();
    expect(answer).toMatchObject({ active: true, token_type: 'DPoP', cnf: { jkt: key.thumbprint } });
  });

  it('accepts proofs by EdDSA, RS256 and PS256 keys', async () => {
    for (const alg of ['EdDSA', 'RS256', 'PS256'] as const) {
      const other = await generateDpopKey(alg);
      const response = await tokenRequest(await proofFor({ key: other }));
      expect(decodeJwt(((await response.json()) as { access_token: string }).access_token).cnf).toEqual({
        jkt: other.thumbprint,
      });
    }
  });

  it('refuses a proof used twice', async () => {
    const proof = await proofFor();
    expect((await tokenRequest(proof)).status).toBe(200);
    const replay = await tokenRequest(proof);
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: 'invalid_dpop_proof' });
  });

  it.each<[string, () => Promise<Partial<DpopProofOptions>>]>([
    ['another htu', async () => ({ htu: 'http://127.0.0.1:1/token' })],
    ['another htm', async () => ({ htm: 'GET' })],
    ['a stale iat', async () => ({ iat: NOW - 301 })],
    ['a future iat', async () => ({ iat: NOW + 301 })],
    ['a private jwk', async () => ({ jwk: 'private' })],
    ['alg none', async () => ({ alg: 'none' })],
    ['a symmetric alg', async () => ({ alg: 'HS256' })],
    ['typ JWT', async () => ({ typ: 'JWT' })],
    ['no typ', async () => ({ typ: null })],
    ['no jti', async () => ({ claims: { jti: undefined } })],
    ['no iat', async () => ({ claims: { iat: undefined } })],
    ['no jwk', async () => ({ header: { jwk: undefined } })],
    ['a signature by another key than the jwk', async () => ({ jwk: (await generateDpopKey()).publicJwk })],
  ])('refuses a proof with %s with 400 invalid_dpop_proof', async (_name, makeOverrides) => {
    const response = await tokenRequest(await proofFor(await makeOverrides()));
    expect(response.status).toBe(400);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ error: 'invalid_dpop_proof', error_description: expect.any(String) });
  });

  it('refuses a request with two DPoP headers', async () => {
    const [a, b] = await Promise.all([proofFor(), proofFor()]);
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(
        issuer.tokenEndpoint,
        {
          method: 'POST',
          headers: {
            authorization: basicAuth(JOB.clientId, JOB.clientSecret),
            'content-type': 'application/x-www-form-urlencoded',
            dpop: [a as string, b as string],
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode);
        },
      );
      req.once('error', reject);
      req.end('grant_type=client_credentials');
    });
    expect(status).toBe(400);
  });

  it('checks the client before the proof', async () => {
    const response = await postToken(issuer, CC, { authorization: basicAuth('job', 'wrong'), dpop: 'garbage' });
    expect(response.status).toBe(401);
  });

  it('advertises the proof algorithms in its metadata', async () => {
    const metadata = await (await fetch(`${issuer.issuer}/.well-known/openid-configuration`)).json();
    expect(metadata).toMatchObject({ dpop_signing_alg_values_supported: ['ES256', 'EdDSA', 'RS256', 'PS256'] });
  });
});
