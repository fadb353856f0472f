import { AUDIENCE, bearer, aud, now, withToken, type BehaviourCase } from './shared.js';

export const JWT_CASES: BehaviourCase[] = [
  ...(['ES256', 'PS256', 'EdDSA'] as const).map((alg): BehaviourCase => ({
    name: `accepts a ${alg} token`,
    spec: '§3',
    request: async (issuer) => ({ headers: bearer(await issuer.mint(aud, { alg })) }),
    expect: { status: 200 },
  })),
  {
    name: 'refuses an expired token with 401 invalid_token',
    spec: '§2 §3',
    // Times are taken when the row runs, not when the table loads (a long run would age them).
    request: (issuer) => withToken({ iat: now() - 600, exp: now() - 60 })(issuer),
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'refuses a token that is not valid yet',
    spec: '§3',
    request: (issuer) => withToken({ nbf: now() + 120 })(issuer),
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'refuses a token issued in the future',
    spec: '§3',
    request: (issuer) => withToken({ iat: now() + 120, exp: now() + 600 })(issuer),
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'refuses a token without exp',
    spec: '§3',
    request: withToken({ exp: undefined }),
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'refuses a string exp',
    spec: '§3',
    request: (issuer) => withToken({ exp: String(now() + 600) })(issuer),
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'refuses an exp of 1e21',
    spec: '§3',
    request: withToken({ exp: 1e21 }),
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'refuses a token for another audience',
    spec: '§3',
    request: withToken({ aud: 'https://other.api.test' }),
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'refuses an empty audience array',
    spec: '§3',
    request: withToken({ aud: [] }),
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'accepts an audience array that contains the API',
    spec: '§3',
    request: withToken({ aud: ['https://other.api.test', AUDIENCE] }),
    expect: { status: 200 },
  },
  {
    name: 'refuses an issuer that differs by a trailing slash',
    spec: '§3',
    async request(issuer) {
      return { headers: bearer(await issuer.mint({ ...aud, iss: `${issuer.issuer}/` })) };
    },
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'refuses a numeric issuer',
    spec: '§3',
    request: withToken({ iss: 42 }),
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'refuses alg none without fetching the JWKS',
    spec: '§3 §6',
    freshApp: true,
    async request(issuer) {
      return {
        headers: bearer(
          await issuer.forge({
            header: { alg: 'none', typ: 'at+jwt' },
            payload: { iss: issuer.issuer, ...aud, exp: now() + 60 },
            signature: 'none',
          }),
        ),
      };
    },
    expect: { status: 401, error: 'invalid_token', upstream: { total: 0 } },
  },
  {
    name: 'refuses an RS256 token re-signed HS256 with the public key as secret',
    spec: '§3 §6',
    request: async (issuer) => ({ headers: bearer(await issuer.mint(aud, { signWith: 'hs256-public-key' })) }),
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'refuses a token signed by a key outside the JWKS',
    spec: '§3',
    request: async (issuer) => ({ headers: bearer(await issuer.mint(aud, { signWith: 'foreign-key' })) }),
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'refuses a jku header without any outbound request',
    spec: '§3 §6',
    freshApp: true,
    request: async (issuer) => ({
      headers: bearer(await issuer.mint(aud, { header: { jku: 'http://127.0.0.1:9/keys' } })),
    }),
    expect: { status: 401, error: 'invalid_token', upstream: { total: 0 } },
  },
  {
    name: 'refuses an unknown crit header',
    spec: '§3 §6',
    request: async (issuer) => ({
      headers: bearer(await issuer.mint(aud, { header: { crit: ['exp-policy'], 'exp-policy': 1 } })),
    }),
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'refuses a five-segment JWE',
    spec: '§3 §6',
    async request() {
      const header = Buffer.from(JSON.stringify({ alg: 'RSA-OAEP', enc: 'A256GCM' })).toString('base64url');
      return { headers: bearer(`${header}.a.b.c.d`) };
    },
    expect: { status: 401, error: 'invalid_token', upstream: { total: 0 } },
  },
  {
    name: 'refuses a JSON array payload',
    spec: '§3 §6',
    request: async (issuer) => ({
      headers: bearer(
        await issuer.forge({
          header: { alg: 'RS256', kid: issuer.currentKid('RS256'), typ: 'at+jwt' },
          payload: [1, 2],
        }),
      ),
    }),
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'refuses a validly signed payload that is not JSON',
    spec: '§3 §6',
    request: async (issuer) => ({
      headers: bearer(
        await issuer.forge({
          header: { alg: 'RS256', kid: issuer.currentKid('RS256'), typ: 'at+jwt' },
          payload: '{"iss": not json',
        }),
      ),
    }),
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'refuses an ID-token typ in compatible mode',
    spec: '§3',
    request: async (issuer) => ({ headers: bearer(await issuer.mint(aud, { typ: 'id_token+jwt' })) }),
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'accepts typ JWT in compatible mode',
    spec: '§3',
    request: async (issuer) => ({ headers: bearer(await issuer.mint(aud, { typ: 'JWT' })) }),
    expect: { status: 200 },
  },
  {
    name: 'refuses typ JWT in strict mode',
    spec: '§3',
    config: 'strict',
    request: async (issuer) => ({ headers: bearer(await issuer.mint(aud, { typ: 'JWT' })) }),
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'accepts typ application/at+jwt in strict mode',
    spec: '§3',
    config: 'strict',
    request: async (issuer) => ({ headers: bearer(await issuer.mint(aud, { typ: 'application/at+jwt' })) }),
    expect: { status: 200 },
  },
  {
    name: 'hands out frozen claims with a __proto__ claim intact and no pollution',
    spec: '§6',
    async request(issuer) {
      return {
        headers: bearer(
          await issuer.forge({
            header: { alg: 'RS256', kid: issuer.currentKid('RS256'), typ: 'at+jwt' },
            payload: `{"iss":"${issuer.issuer}","aud":"${AUDIENCE}","sub":"user-123","exp":${now() + 60},"__proto__":{"polluted":true}}`,
          }),
        ),
      };
    },
    expect: { status: 200, sub: 'user-123' },
  },
];
