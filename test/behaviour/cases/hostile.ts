import { AUDIENCE, bearer, aud, now, b64, forged, raw, type BehaviourCase } from './shared.js';

export const HOSTILE_CASES: BehaviourCase[] = [
  ...['None', 'NONE', 'nOnE'].map((alg): BehaviourCase => ({
    name: `refuses alg ${alg} with an empty signature without fetching the JWKS`,
    spec: '§6',
    freshApp: true,
    request: forged({ alg }, {}, 'none'),
    expect: { status: 401, error: 'invalid_token', upstream: { total: 0 } },
  })),
  {
    name: 'refuses an RS256 header with an empty signature',
    spec: '§6',
    request: forged({ alg: 'RS256' }, {}, 'none'),
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'refuses a random kid on a cold app with a single JWKS fetch (the cooldown blocks a second)',
    spec: '§6',
    freshApp: true,
    request: forged({ alg: 'RS256', kid: 'random-kid-1' }),
    expect: { status: 401, error: 'invalid_token', upstream: { jwks: 1 } },
  },
  ...(['x5u', 'jwk', 'x5c'] as const).map((name): BehaviourCase => ({
    name: `refuses a ${name} header without any outbound request`,
    spec: '§6',
    freshApp: true,
    request: forged({
      alg: 'RS256',
      [name]: name === 'x5u' ? 'http://127.0.0.1:9/cert' : name === 'jwk' ? { kty: 'oct', k: 'AAAA' } : ['MIIB'],
    }),
    expect: { status: 401, error: 'invalid_token', upstream: { total: 0 } },
  })),
  {
    name: 'refuses b64: false with crit',
    spec: '§6',
    request: forged({ alg: 'RS256', b64: false, crit: ['b64'] }),
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'refuses a nested JWT (cty: JWT)',
    spec: '§6',
    request: forged({ alg: 'RS256', cty: 'JWT' }, JSON.stringify('a.b.c')),
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'refuses a token with bad base64url in the payload',
    spec: '§6',
    request: raw(`${b64({ alg: 'RS256' })}.@@@.c2ln`),
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'refuses a token with an empty payload segment',
    spec: '§6',
    request: raw(`${b64({ alg: 'RS256' })}..c2ln`),
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'refuses a token with one dot',
    spec: '§6',
    request: raw(`${b64({ alg: 'RS256' })}.${b64({ sub: 'x' })}`),
    expect: { status: 401, error: 'invalid_token', upstream: { total: 0 } },
  },
  {
    name: 'refuses a token with three dots',
    spec: '§6',
    request: raw(`${b64({ alg: 'RS256' })}.${b64({ sub: 'x' })}.c2ln.c2ln`),
    expect: { status: 401, error: 'invalid_token', upstream: { total: 0 } },
  },
  {
    name: 'refuses a valid token respelled with base64 padding (one token, one spelling)',
    spec: '§6',
    request: async (issuer) => ({ headers: bearer(`${await issuer.mint(aud)}==`) }),
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'refuses a valid token whose last signature character differs only in spare bits',
    spec: '§6',
    async request(issuer) {
      const token = await issuer.mint(aud);
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const last = alphabet.indexOf(token.at(-1) as string);
      return { headers: bearer(`${token.slice(0, -1)}${alphabet[last ^ 1]}`) };
    },
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'refuses a token with a tab inside',
    spec: '§6',
    request: async () => ({ headers: { authorization: 'Bearer abc\tdef' } }),
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'keeps a double quote in the credentials out of the challenge',
    spec: '§6',
    request: async () => ({ headers: { authorization: 'Bearer abc"def' } }),
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'hands out frozen claims with constructor and duplicate keys, the last duplicate winning',
    spec: '§6',
    async request(issuer) {
      return forged(
        { alg: 'RS256' },
        `{"iss":"${issuer.issuer}","aud":"${AUDIENCE}","sub":"first","sub":"user-123","exp":${now() + 60},"constructor":{"prototype":{"polluted":true}}}`,
      )(issuer);
    },
    expect: { status: 200, sub: 'user-123' },
  },
  {
    name: 'refuses duplicate aud keys whose last value is another API',
    spec: '§6',
    async request(issuer) {
      return forged(
        { alg: 'RS256' },
        `{"iss":"${issuer.issuer}","aud":"${AUDIENCE}","aud":"https://other.api.test","exp":${now() + 60}}`,
      )(issuer);
    },
    expect: { status: 401, error: 'invalid_token' },
  },
  ...(
    [
      ['an array', ['x']],
      ['null', null],
    ] as const
  ).map(([label, iss]): BehaviourCase => ({
    name: `refuses iss as ${label}`,
    spec: '§6',
    request: forged({ alg: 'RS256' }, { iss }),
    expect: { status: 401, error: 'invalid_token' },
  })),
  ...(
    [
      ['negative', -1],
      ['a string', 'tomorrow'],
      ['an object', {}],
      ['null', null],
      ['true', true],
    ] as const
  ).map(([label, exp]): BehaviourCase => ({
    name: `refuses exp as ${label}`,
    spec: '§6',
    request: forged({ alg: 'RS256' }, { exp }),
    expect: { status: 401, error: 'invalid_token' },
  })),
  {
    name: 'refuses an ID token (audience is the client, typ JWT, nonce)',
    spec: '§6',
    request: async (issuer) => ({
      headers: bearer(await issuer.mint({ aud: 'web-client', nonce: 'n-0S6_WzA2Mj', at_hash: 'x' }, { typ: 'JWT' })),
    }),
    expect: { status: 401, error: 'invalid_token' },
  },
];

/** Rows added after the first review: cache headers, lifetime policy, userinfo refusals, more faults. */
