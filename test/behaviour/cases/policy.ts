import { ROUTES } from '../apps.js';
import { AUDIENCE, bearer, aud, now, withToken, type BehaviourCase } from './shared.js';

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
    // Times are taken when the row runs, not when the table loads (a long run would age them).
    request: (issuer) => withToken({ iat: now() - 400, exp: now() + 200 })(issuer),
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
      // A failed call closes the endpoint's gate for the cooldown: the row gets an app of its own.
      freshApp: true,
      fault: { endpoint, fault },
      async request(issuer) {
        return { headers: bearer(issuer.issueOpaqueToken({ aud: AUDIENCE })) };
      },
      expect: { status: 503 },
    })),
  ),
];

/** Every row, in SPEC order. */
