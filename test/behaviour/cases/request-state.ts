import { ROUTES } from '../apps.js';
import { aud, bearer, type BehaviourCase } from './shared.js';

// The result on the request is plain state the application owns: removing it makes every guard
// answer 401, and replacing it with an enriched copy changes no guard's answer, its realm or the way
// the answer is delivered (SPEC §2; the redesign issue's bar). The rows use a realm of their own, so a
// guard that lost track of its requireAuth (and fell back to the default realm) is caught.

const withScopes = (scope: string, path: string) => async (issuer: Parameters<BehaviourCase['request']>[0]) => ({
  path,
  headers: bearer(await issuer.mint({ ...aud, scope })),
});

export const REQUEST_STATE_CASES: BehaviourCase[] = [
  {
    name: 'answers 401 from a scope guard after the app deleted the result',
    spec: '§2',
    config: 'vault',
    request: withScopes('read:accounts', ROUTES.droppedScoped),
    expect: { status: 401, error: null },
  },
  {
    name: 'answers 401 from a claim guard after the app deleted the result',
    spec: '§2',
    config: 'vault',
    async request(issuer) {
      return { path: ROUTES.droppedClaims, headers: bearer(await issuer.mint({ ...aud, email_verified: true })) };
    },
    expect: { status: 401, error: null },
  },
  {
    name: 'answers 401 from attachUserinfo after the app deleted the result, without calling the issuer',
    spec: '§2',
    config: 'vault',
    request: withScopes('openid', ROUTES.droppedMe),
    expect: { status: 401, error: null, upstream: { userinfo: 0 } },
  },
  {
    name: 'passes a scope guard on an enriched copy of the result that grants the scopes',
    spec: '§5',
    config: 'vault',
    request: withScopes('read:accounts transfer:funds', ROUTES.enrichedScoped),
    expect: { status: 200, extra: 1, scopes: ['read:accounts', 'transfer:funds'] },
  },
  {
    name: "answers 403 in the requireAuth's realm and delivery on an enriched copy that lacks a scope",
    spec: '§5',
    config: 'vault',
    request: withScopes('read:accounts', ROUTES.enrichedScoped),
    expect: { status: 403, error: 'insufficient_scope', scope: 'read:accounts transfer:funds' },
  },
  {
    name: 'serves attachUserinfo on an enriched copy of the result',
    spec: '§4',
    config: 'vault',
    request: withScopes('openid', ROUTES.enrichedMe),
    expect: { status: 200, extra: 1, userinfo: { sub: 'user-123' }, upstream: { userinfo: 1 } },
  },
];
