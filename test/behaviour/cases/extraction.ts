import { ROUTES } from '../apps.js';
import { bearer, aud, withToken, type BehaviourCase } from './shared.js';

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
