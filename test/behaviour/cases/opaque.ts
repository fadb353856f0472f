import { ROUTES } from '../apps.js';
import { AUDIENCE, bearer, aud, type BehaviourCase } from './shared.js';

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
