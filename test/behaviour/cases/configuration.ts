import { ROUTES } from '../apps.js';
import { aud, bearer, now, type BehaviourCase } from './shared.js';

// How an API configured for optional authentication, or configured wrongly, answers (the first-ten-
// minutes issue): no token is let through, a bad token is not; a configuration fault is a 500 the
// operator must fix, never a 401 that makes clients drop good tokens, nor a 503 that says "wait".

export const CONFIGURATION_CASES: BehaviourCase[] = [
  {
    name: 'lets a request without a token through with no result when authentication is optional',
    spec: '§1',
    config: 'optional',
    async request() {
      return {};
    },
    expect: { status: 200, anonymous: true },
  },
  {
    name: 'lets a request with another scheme (Basic) through with no result when authentication is optional',
    spec: '§1',
    config: 'optional',
    async request() {
      return { headers: { authorization: 'Basic dXNlcjpwYXNz' } };
    },
    expect: { status: 200, anonymous: true },
  },
  {
    name: 'still refuses an expired token when authentication is optional',
    spec: '§1 §3',
    config: 'optional',
    async request(issuer) {
      return { headers: bearer(await issuer.mint({ ...aud, iat: now() - 600, exp: now() - 60 })) };
    },
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'authenticates a valid token when authentication is optional',
    spec: '§1',
    config: 'optional',
    async request(issuer) {
      return { headers: bearer(await issuer.mint({ ...aud, scope: 'read:accounts' })) };
    },
    expect: { status: 200, anonymous: false, scopes: ['read:accounts'] },
  },
  {
    name: 'answers 401 from a scope guard to an anonymous request when authentication is optional',
    spec: '§1 §5',
    config: 'optional',
    async request() {
      return { path: ROUTES.scopedAll };
    },
    expect: { status: 401, error: null },
  },
  {
    name: 'answers 500 server_error, not 401 or 503, when the configured issuer differs from its metadata by a slash',
    spec: '§2 §3',
    config: 'trailing-slash',
    freshApp: true,
    async request(issuer) {
      return { headers: bearer(await issuer.mint({ ...aud, iss: `${issuer.issuer}/` })) };
    },
    expect: { status: 500, bodyError: 'server_error', upstream: { discovery: 1 } },
  },
  {
    name: 'accepts a token from the configured cookie',
    spec: '§1',
    config: 'cookie',
    async request(issuer) {
      return { headers: { cookie: `theme=dark; access_token=${await issuer.mint(aud)}` } };
    },
    expect: { status: 200 },
  },
  {
    name: 'ignores a token cookie where no cookie is configured',
    spec: '§1',
    async request(issuer) {
      return { headers: { cookie: `access_token=${await issuer.mint(aud)}` } };
    },
    expect: { status: 401, error: null },
  },
  {
    name: 'answers 400 to a token in the cookie and in the Authorization header',
    spec: '§1',
    config: 'cookie',
    async request(issuer) {
      const token = await issuer.mint(aud);
      return { headers: { cookie: `access_token=${token}`, ...bearer(token) } };
    },
    expect: { status: 400, error: 'invalid_request' },
  },
];
