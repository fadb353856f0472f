import type { IssuerCounts, IssuerEndpoint, IssuerFault, LocalIssuer } from '@access-guard/testing';
import { ROUTES } from './apps.js';

/** The API identifier every app in the table protects. */
export const AUDIENCE = 'https://api.behaviour.test';
/** The introspection client the local issuer knows by default. */
export const RESOURCE_SERVER = { clientId: 'resource-server', clientSecret: 'resource-server-secret' };

/** Named `requireAuth` configurations; each case names one (default `'default'`). */
export type ConfigName =
  'default' | 'query' | 'body' | 'strict' | 'introspection' | 'userinfo' | 'short-timeout' | 'lifetime';

/** A request to send: the token (if any) is minted per case against the running issuer. */
export interface CaseRequest {
  method?: 'GET' | 'POST';
  path?: string;
  /** Header values; an array sends the header several times. */
  headers?: Record<string, string | string[]>;
  /** A urlencoded form body. */
  form?: Record<string, string>;
}

/** The outcome a case demands. `error: null` means the challenge must carry no `error` attribute. */
export interface Expectation {
  status: number;
  error?: string | null;
  scope?: string;
  sub?: string;
  format?: 'jwt' | 'opaque';
  scopes?: readonly string[];
  cacheControl?: string;
  /** Exact number of calls the issuer receives on each named endpoint during the request. */
  upstream?: Partial<Record<keyof IssuerCounts, number>>;
  userinfo?: Record<string, unknown>;
}

/** One row of the table. */
export interface BehaviourCase {
  /** A sentence: the test's name. */
  name: string;
  /** The SPEC section it covers. */
  spec: string;
  config?: ConfigName;
  /** Build the app afresh (cold caches), e.g. for issuer-fault rows. */
  freshApp?: boolean;
  /** A fault the issuer shows during the request. */
  fault?: { endpoint: IssuerEndpoint | 'all'; fault: IssuerFault };
  request(issuer: LocalIssuer): Promise<CaseRequest>;
  expect: Expectation;
}

const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
const aud = { aud: AUDIENCE };
const now = (): number => Math.floor(Date.now() / 1000);

/** A request with a freshly minted, valid token for `AUDIENCE`, with extra claims. */
const withToken =
  (claims: Record<string, unknown> = {}, path: string = ROUTES.protected) =>
  async (issuer: LocalIssuer): Promise<CaseRequest> => ({
    path,
    headers: bearer(await issuer.mint({ ...aud, ...claims })),
  });

export const EXTRACTION_CASES: BehaviourCase[] = [
  {
    name: 'accepts a valid token in the Authorization header',
    spec: '§1',
    request: withToken({ scope: 'read:accounts' }),
    expect: { status: 200, sub: 'user-123', format: 'jwt', scopes: ['read:accounts'] },
  },
  {
    name: 'accepts the scheme in any case with several spaces',
    spec: '§1',
    async request(issuer) {
      return { headers: { authorization: `bEaReR   ${await issuer.mint(aud)}` } };
    },
    expect: { status: 200 },
  },
  {
    name: 'answers 401 without an error attribute when no credentials are sent',
    spec: '§1 §3.1',
    async request() {
      return {};
    },
    expect: { status: 401, error: null },
  },
  {
    name: 'answers 401 without an error attribute to another scheme (Basic)',
    spec: '§1',
    async request() {
      return { headers: { authorization: 'Basic dXNlcjpwYXNz' } };
    },
    expect: { status: 401, error: null },
  },
  {
    name: 'ignores a query token when query tokens are disabled',
    spec: '§1',
    async request(issuer) {
      return { path: `${ROUTES.protected}?access_token=${await issuer.mint(aud)}` };
    },
    expect: { status: 401, error: null },
  },
  {
    name: 'accepts a query token when enabled and marks the response Cache-Control: private',
    spec: '§1',
    config: 'query',
    async request(issuer) {
      return { path: `${ROUTES.protected}?access_token=${await issuer.mint(aud)}` };
    },
    expect: { status: 200, cacheControl: 'private' },
  },
  {
    name: 'accepts a form-body token when enabled',
    spec: '§1',
    config: 'body',
    async request(issuer) {
      return { method: 'POST', form: { access_token: await issuer.mint(aud) } };
    },
    expect: { status: 200, sub: 'user-123' },
  },
  {
    name: 'ignores a form-body token when body tokens are disabled',
    spec: '§1',
    async request(issuer) {
      return { method: 'POST', form: { access_token: await issuer.mint(aud) } };
    },
    expect: { status: 401, error: null },
  },
  {
    name: 'refuses a header token plus a query token with 400 even when query tokens are disabled',
    spec: '§1',
    async request(issuer) {
      const token = await issuer.mint(aud);
      return { path: `${ROUTES.protected}?access_token=${token}`, headers: bearer(token) };
    },
    expect: { status: 400, error: 'invalid_request', upstream: { total: 0 } },
  },
  {
    name: 'refuses a header token plus a form-body token with 400',
    spec: '§1',
    async request(issuer) {
      const token = await issuer.mint(aud);
      return { method: 'POST', headers: bearer(token), form: { access_token: token } };
    },
    expect: { status: 400, error: 'invalid_request' },
  },
  {
    name: 'refuses two Authorization headers with 400',
    spec: '§1',
    async request(issuer) {
      return { headers: { authorization: [`Bearer ${await issuer.mint(aud)}`, `Bearer ${await issuer.mint(aud)}`] } };
    },
    expect: { status: 400, error: 'invalid_request' },
  },
  {
    name: 'refuses a token with a space inside with 401 invalid_token',
    spec: '§1 §6',
    async request() {
      return { headers: { authorization: 'Bearer abc def' } };
    },
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'refuses a token over 8 KiB before parsing it',
    spec: '§6',
    async request() {
      return { headers: bearer('a'.repeat(8193)) };
    },
    expect: { status: 401, error: 'invalid_token', upstream: { total: 0 } },
  },
];

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
    request: withToken({ iat: now() - 600, exp: now() - 60 }),
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'refuses a token that is not valid yet',
    spec: '§3',
    request: withToken({ nbf: now() + 120 }),
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'refuses a token issued in the future',
    spec: '§3',
    request: withToken({ iat: now() + 120, exp: now() + 600 }),
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
    request: withToken({ exp: String(now() + 600) }),
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

export const SCOPE_CASES: BehaviourCase[] = [
  {
    name: 'passes requireScope when all required scopes are granted',
    spec: '§5',
    request: withToken({ scope: 'transfer:funds read:accounts' }, ROUTES.scopedAll),
    expect: { status: 200 },
  },
  {
    name: 'answers 403 insufficient_scope naming every required scope',
    spec: '§2 §5',
    request: withToken({ scope: 'read:accounts' }, ROUTES.scopedAll),
    expect: { status: 403, error: 'insufficient_scope', scope: 'read:accounts transfer:funds' },
  },
  {
    name: 'compares scopes case-sensitively',
    spec: '§5',
    request: withToken({ scope: 'READ:ACCOUNTS TRANSFER:FUNDS' }, ROUTES.scopedAll),
    expect: { status: 403, error: 'insufficient_scope' },
  },
  {
    name: 'reads scopes from an scp array',
    spec: '§5',
    request: withToken({ scp: ['read:accounts', 'transfer:funds'] }, ROUTES.scopedAll),
    expect: { status: 200, scopes: ['read:accounts', 'transfer:funds'] },
  },
  {
    name: 'passes an any-of guard with one of the scopes',
    spec: '§5',
    request: withToken({ scope: 'admin' }, ROUTES.scopedAny),
    expect: { status: 200 },
  },
  {
    name: 'answers 403 on an any-of guard with none of the scopes',
    spec: '§5',
    request: withToken({ scope: 'write:todos' }, ROUTES.scopedAny),
    expect: { status: 403, error: 'insufficient_scope', scope: 'read:accounts admin' },
  },
  {
    name: 'passes a claim check',
    spec: '§5',
    request: withToken({ email_verified: true }, ROUTES.claims),
    expect: { status: 200 },
  },
  {
    name: 'answers a failed claim check with the same 403 shape',
    spec: '§5',
    request: withToken({ email_verified: 'true' }, ROUTES.claims),
    expect: { status: 403, error: 'insufficient_scope' },
  },
];

export const ISSUER_FAULT_CASES: BehaviourCase[] = (
  [
    ['refuses connections', 'refuse'],
    ['answers 500', { status: 500 }],
    ['answers 429', { status: 429 }],
    ['answers HTML', 'html'],
    ['answers {}', 'empty-object'],
    ['answers 10 MB', 'huge'],
    ['hangs past the timeout', 'hang'],
  ] as const
).flatMap(([label, fault]) =>
  (['discovery', 'jwks'] as const).map((endpoint): BehaviourCase => ({
    name: `answers 503 with Retry-After when ${endpoint} ${label}`,
    spec: '§2',
    config: 'short-timeout',
    freshApp: true,
    fault: { endpoint, fault },
    request: withToken(),
    expect: { status: 503 },
  })),
);

export const OPAQUE_CASES: BehaviourCase[] = [
  {
    name: 'refuses an opaque token when no resolver is configured',
    spec: '§4',
    async request(issuer) {
      return { headers: bearer(issuer.issueOpaqueToken({ aud: AUDIENCE })) };
    },
    expect: { status: 401, error: 'invalid_token', upstream: { total: 0 } },
  },
  {
    name: 'accepts an opaque token via introspection with its scopes',
    spec: '§4',
    config: 'introspection',
    async request(issuer) {
      return { headers: bearer(issuer.issueOpaqueToken({ aud: AUDIENCE, scope: 'read:accounts', sub: 'alice' })) };
    },
    expect: { status: 200, format: 'opaque', sub: 'alice', scopes: ['read:accounts'], upstream: { introspection: 1 } },
  },
  {
    name: 'enforces requireScope on an introspected token',
    spec: '§4 §5',
    config: 'introspection',
    async request(issuer) {
      return {
        path: ROUTES.scopedAll,
        headers: bearer(issuer.issueOpaqueToken({ aud: AUDIENCE, scope: 'read:accounts' })),
      };
    },
    expect: { status: 403, error: 'insufficient_scope' },
  },
  {
    name: 'refuses an introspected token issued for another API',
    spec: '§4',
    config: 'introspection',
    async request(issuer) {
      return { headers: bearer(issuer.issueOpaqueToken({ aud: 'https://other.api.test', scope: 'read:accounts' })) };
    },
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'refuses a revoked opaque token via introspection',
    spec: '§4',
    config: 'introspection',
    async request(issuer) {
      const token = issuer.issueOpaqueToken({ aud: AUDIENCE });
      issuer.revoke(token);
      return { headers: bearer(token) };
    },
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'accepts an opaque token via userinfo and grants no scope',
    spec: '§4',
    config: 'userinfo',
    async request(issuer) {
      return { headers: bearer(issuer.issueOpaqueToken({ sub: 'bob', scope: 'read:accounts transfer:funds' })) };
    },
    expect: { status: 200, format: 'opaque', sub: 'bob', scopes: [], upstream: { userinfo: 1 } },
  },
  {
    name: 'answers 403 to a userinfo token on a scoped route',
    spec: '§4',
    config: 'userinfo',
    async request(issuer) {
      return {
        path: ROUTES.scopedAll,
        headers: bearer(issuer.issueOpaqueToken({ scope: 'read:accounts transfer:funds' })),
      };
    },
    expect: { status: 403, error: 'insufficient_scope' },
  },
  {
    name: 'reuses the userinfo answer for attachUserinfo without a second call',
    spec: '§4',
    config: 'userinfo',
    async request(issuer) {
      return {
        path: ROUTES.me,
        headers: bearer(issuer.issueOpaqueToken({ sub: 'carol', profile: { name: 'Carol' } })),
      };
    },
    expect: { status: 200, userinfo: { sub: 'carol', name: 'Carol' }, upstream: { userinfo: 1 } },
  },
  {
    name: 'fetches userinfo for a JWT through attachUserinfo',
    spec: '§4',
    async request(issuer) {
      return { path: ROUTES.me, headers: bearer(await issuer.mint({ ...aud, sub: 'dave' })) };
    },
    expect: { status: 200, userinfo: { sub: 'dave' }, upstream: { userinfo: 1 } },
  },
  {
    name: 'refuses a revoked opaque token via userinfo',
    spec: '§4',
    config: 'userinfo',
    async request(issuer) {
      const token = issuer.issueOpaqueToken();
      issuer.revoke(token);
      return { headers: bearer(token) };
    },
    expect: { status: 401, error: 'invalid_token' },
  },
  ...(['userinfo', 'introspection'] as const).flatMap((endpoint) =>
    (
      [
        ['answers 500', { status: 500 }],
        ['answers HTML', 'html'],
        ['answers {}', 'empty-object'],
        ['refuses connections', 'refuse'],
      ] as const
    ).map(([label, fault]): BehaviourCase => ({
      name: `answers 503 when ${endpoint} ${label}`,
      spec: '§4',
      config: endpoint,
      fault: { endpoint, fault },
      async request(issuer) {
        return { headers: bearer(issuer.issueOpaqueToken({ aud: AUDIENCE })) };
      },
      expect: { status: 503 },
    })),
  ),
];

const b64 = (value: unknown): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
/** A request with a token forged from raw parts, signed with the issuer's real RS256 key unless `signature` says otherwise. */
const forged =
  (header: Record<string, unknown>, claims: Record<string, unknown> | string = {}, signature?: string) =>
  async (issuer: LocalIssuer): Promise<CaseRequest> => {
    const payload =
      typeof claims === 'string'
        ? claims
        : { iss: issuer.issuer, ...aud, sub: 'user-123', exp: now() + 300, ...claims };
    const token = await issuer.forge({
      header: { kid: issuer.currentKid('RS256'), typ: 'at+jwt', ...header },
      payload,
      alg: 'RS256',
      ...(signature === undefined ? {} : { signature }),
    });
    return { headers: bearer(token) };
  };
const raw = (token: string) => async (): Promise<CaseRequest> => ({ headers: bearer(token) });

/** SPEC §6: hostile input. Each row is 400/401/403 with the stated details, never 5xx, never a pass. */
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
export const POLICY_CASES: BehaviourCase[] = [
  {
    name: 'keeps Cache-Control private for a query token even when the handler marks the answer public',
    spec: '§1',
    config: 'query',
    async request(issuer) {
      return { path: `${ROUTES.cacheable}?access_token=${await issuer.mint(aud)}` };
    },
    expect: { status: 200, cacheControl: 'private, max-age=60' },
  },
  {
    name: 'leaves Cache-Control alone for a header token',
    spec: '§1',
    config: 'query',
    request: withToken({}, ROUTES.cacheable),
    expect: { status: 200, cacheControl: 'public, max-age=60' },
  },
  {
    name: 'ignores a form-body token on GET even when body tokens are enabled',
    spec: '§1',
    config: 'body',
    async request(issuer) {
      return { path: `${ROUTES.protected}`, form: { access_token: await issuer.mint(aud) } };
    },
    expect: { status: 401, error: null },
  },
  {
    name: 'refuses a 24-hour token under a 900 s lifetime policy',
    spec: '§3',
    config: 'lifetime',
    request: async (issuer) => ({ headers: bearer(await issuer.mint(aud, { expiresIn: 86_400 })) }),
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'refuses a token issued more than 300 s ago under the age policy',
    spec: '§3',
    config: 'lifetime',
    request: withToken({ iat: now() - 400, exp: now() + 200 }),
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'accepts a fresh short-lived token under the lifetime policy',
    spec: '§3',
    config: 'lifetime',
    request: async (issuer) => ({ headers: bearer(await issuer.mint(aud, { expiresIn: 600 })) }),
    expect: { status: 200 },
  },
  {
    name: 'answers 403 (not 401) when userinfo refuses a valid JWT for attachUserinfo',
    spec: '§4',
    fault: { endpoint: 'userinfo', fault: { status: 401 } },
    request: withToken({}, ROUTES.me),
    expect: { status: 403, error: 'insufficient_scope', scope: 'openid' },
  },
  {
    name: 'answers 503 when the JWKS is a malformed key set',
    spec: '§2',
    freshApp: true,
    fault: { endpoint: 'jwks', fault: { status: 200, body: '{"keys":[1]}' } },
    request: withToken(),
    expect: { status: 503 },
  },
  ...(['userinfo', 'introspection'] as const).flatMap((endpoint) =>
    (
      [
        ['answers 429', { status: 429 }],
        ['answers 10 MB', 'huge'],
        ['hangs past the timeout', 'hang'],
      ] as const
    ).map(([label, fault]): BehaviourCase => ({
      name: `answers 503 when ${endpoint} ${label}`,
      spec: '§4',
      config: endpoint,
      fault: { endpoint, fault },
      async request(issuer) {
        return { headers: bearer(issuer.issueOpaqueToken({ aud: AUDIENCE })) };
      },
      expect: { status: 503 },
    })),
  ),
];

/** Every row, in SPEC order. */
export const ALL_CASES: readonly BehaviourCase[] = [
  ...EXTRACTION_CASES,
  ...JWT_CASES,
  ...SCOPE_CASES,
  ...ISSUER_FAULT_CASES,
  ...OPAQUE_CASES,
  ...HOSTILE_CASES,
  ...POLICY_CASES,
];
