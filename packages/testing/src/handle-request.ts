import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DpopProofVerifier } from './dpop/verify-proof.js';
import { applyFault } from './faults.js';
import { sendJson, sendMethodNotAllowed } from './http-io.js';
import { handleIntrospection } from './introspection.js';
import type { KeyStore } from './key-store.js';
import type { Profile, ProfileRoute, RouteKind } from './profiles/profile.js';
import { handleTokenRequest } from './token-endpoint.js';
import type { IssuedToken } from './token-endpoint.js';
import type { ClientGrant } from './token-request.js';
import type { TokenStore } from './token-store.js';
import { handleTokeninfo } from './tokeninfo.js';
import type { IssuerClient, IssuerEndpoint, IssuerFault } from './types.js';
import { handleUserinfo } from './userinfo.js';

/** Mutable request counters behind `LocalIssuer.counts`. */
export type MutableCounts = Record<IssuerEndpoint | 'total', number>;

/** Everything the request handler reads; `counts` and `faults` are shared with the issuer. */
export interface IssuerState {
  readonly profile: Profile;
  readonly keys: KeyStore;
  readonly tokens: TokenStore;
  readonly clients: readonly IssuerClient[];
  readonly now: () => number;
  readonly counts: MutableCounts;
  readonly faults: Map<IssuerEndpoint, IssuerFault>;
  readonly issueClientToken: (grant: ClientGrant) => Promise<IssuedToken>;
  readonly dpop: DpopProofVerifier;
}

type Handler = (req: IncomingMessage, res: ServerResponse, tenant: string | undefined) => void | Promise<void>;

interface Route {
  readonly endpoint: IssuerEndpoint;
  readonly methods: readonly string[];
  readonly handle: Handler;
}

const METHODS: Record<RouteKind, readonly string[]> = {
  discovery: ['GET', 'HEAD'],
  jwks: ['GET', 'HEAD'],
  userinfo: ['GET', 'POST'],
  introspection: ['POST'],
  token: ['POST'],
  tokeninfo: ['GET', 'POST'],
};

// Google's tokeninfo is its introspection: it shares that counter and fault.
const ENDPOINT_OF: Record<RouteKind, IssuerEndpoint> = {
  discovery: 'discovery',
  jwks: 'jwks',
  userinfo: 'userinfo',
  introspection: 'introspection',
  token: 'token',
  tokeninfo: 'introspection',
};

function handlerFor(route: ProfileRoute, state: IssuerState): Handler {
  switch (route.kind) {
    case 'discovery':
      return (_req, res, tenant) => sendJson(res, 200, route.document?.(tenant) ?? {});
    case 'jwks':
      return (_req, res) => {
        const keys = state.keys.jwks().keys.map((key) => ({ ...key, ...route.jwkMembers }));
        sendJson(res, 200, { keys }, { 'content-type': 'application/jwk-set+json' });
      };
    case 'userinfo':
      return (req, res) => handleUserinfo(req, res, state.tokens);
    case 'introspection':
      return (req, res) => handleIntrospection(req, res, state.tokens, state.clients, state.profile);
    case 'token':
      return (req, res, tenant) =>
        handleTokenRequest(req, res, {
          ...state,
          audienceRequired: state.profile.tokenAudience === 'required',
          issueClientToken: (grant) => state.issueClientToken(tenant === undefined ? grant : { ...grant, tenant }),
        });
    case 'tokeninfo':
      return (req, res) => handleTokeninfo(req, res, state.tokens, state.now);
  }
}

/** The exact paths, and the patterns tried in order when no exact path matches. */
function buildRoutes(state: IssuerState): { exact: Map<string, Route>; patterns: [RegExp, Route][] } {
  const exact = new Map<string, Route>();
  const patterns: [RegExp, Route][] = [];
  for (const spec of state.profile.routes) {
    const route = { endpoint: ENDPOINT_OF[spec.kind], methods: METHODS[spec.kind], handle: handlerFor(spec, state) };
    if (typeof spec.path === 'string') exact.set(spec.path, route);
    else patterns.push([spec.path, route]);
  }
  return { exact, patterns };
}

function findRoute(
  routes: ReturnType<typeof buildRoutes>,
  pathname: string,
): { route: Route; tenant: string | undefined } | undefined {
  const route = routes.exact.get(pathname);
  if (route !== undefined) return { route, tenant: undefined };
  for (const [pattern, candidate] of routes.patterns) {
    const match = pattern.exec(pathname);
    if (match !== null) return { route: candidate, tenant: match.groups?.tenant };
  }
  return undefined;
}

/** A failed handler must not take the issuer down: answer 500, or cut the half-sent answer. */
function failSafely(res: ServerResponse): void {
  if (res.headersSent) {
    res.destroy();
  } else {
    sendJson(res, 500, { error: 'server_error' });
  }
}

/**
 * The issuer's `node:http` request listener: counts the request, applies the endpoint's fault if
 * one is set, else routes it. Unknown paths answer 404 JSON.
 */
export function createRequestHandler(state: IssuerState): (req: IncomingMessage, res: ServerResponse) => void {
  const routes = buildRoutes(state);
  return function handleRequest(req, res) {
    state.counts.total += 1;
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    const found = findRoute(routes, pathname);
    if (found === undefined) {
      sendJson(res, 404, { error: 'not_found' });
      return;
    }
    const { route, tenant } = found;
    // Counted before the fault, so a test can see how often a broken endpoint was tried.
    state.counts[route.endpoint] += 1;
    const fault = state.faults.get(route.endpoint);
    if (fault !== undefined) {
      applyFault(req, res, fault);
      return;
    }
    if (!route.methods.includes(req.method ?? '')) {
      sendMethodNotAllowed(res, route.methods);
      return;
    }
    Promise.resolve()
      .then(() => route.handle(req, res, tenant))
      .catch(() => failSafely(res));
  };
}
