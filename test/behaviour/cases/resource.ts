import { ROUTES } from '../apps.js';
import { bearer, RESOURCE, type BehaviourCase } from './shared.js';

// An API that is a protected resource (RFC 8707, RFC 9728; the MCP authorization spec): its
// challenges point to its metadata and name the scopes to ask for, its audience is the resource URL
// (compared as a URL, nothing looser), and a token in the query string is never read.

const METADATA = 'https://api.behaviour.test/.well-known/oauth-protected-resource/mcp';

export const RESOURCE_CASES: BehaviourCase[] = [
  {
    name: 'points a 401 without a token to the resource metadata and names the scopes to ask for',
    spec: '§9',
    config: 'resource',
    async request() {
      return {};
    },
    expect: { status: 401, error: null, challenge: { resource_metadata: METADATA, scope: 'read:accounts' } },
  },
  {
    name: 'points a 401 for a bad token to the resource metadata too',
    spec: '§9',
    config: 'resource',
    async request(issuer) {
      return { headers: bearer(await issuer.mint({ aud: 'https://api.behaviour.test/other' })) };
    },
    expect: { status: 401, error: 'invalid_token', challenge: { resource_metadata: METADATA } },
  },
  {
    name: 'accepts a token whose aud is the resource with other host case and a trailing slash',
    spec: '§9',
    config: 'resource',
    async request(issuer) {
      return { headers: bearer(await issuer.mint({ aud: 'https://API.behaviour.test/mcp/' })) };
    },
    expect: { status: 200 },
  },
  {
    name: 'refuses a token for the resource with another path case',
    spec: '§9',
    config: 'resource',
    async request(issuer) {
      return { headers: bearer(await issuer.mint({ aud: 'https://api.behaviour.test/MCP' })) };
    },
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'never reads a query token on a protected resource',
    spec: '§9',
    config: 'resource',
    async request(issuer) {
      return { path: `${ROUTES.protected}?access_token=${await issuer.mint({ aud: RESOURCE })}` };
    },
    expect: { status: 401, error: null },
  },
  {
    name: 'names the union of granted and required scopes in a 403 on a protected resource',
    spec: '§9',
    config: 'resource',
    async request(issuer) {
      return { path: ROUTES.scopedAll, headers: bearer(await issuer.mint({ aud: RESOURCE, scope: 'profile' })) };
    },
    expect: {
      status: 403,
      error: 'insufficient_scope',
      scope: 'profile read:accounts transfer:funds',
      challenge: { resource_metadata: METADATA },
    },
  },
  {
    name: 'serves the RFC 9728 document at the well-known path with the resource path, readable cross-origin',
    spec: '§9',
    config: 'resource',
    async request() {
      return { path: '/.well-known/oauth-protected-resource/mcp' };
    },
    expect: {
      status: 200,
      upstream: { total: 0 },
      document: {
        body: (issuer) => ({
          resource: RESOURCE,
          authorization_servers: [issuer.issuer],
          bearer_methods_supported: ['header'],
          scopes_supported: ['read:accounts', 'transfer:funds'],
        }),
        headers: { 'access-control-allow-origin': '*', 'content-type': 'application/json' },
      },
    },
  },
];
