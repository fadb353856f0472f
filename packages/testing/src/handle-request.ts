import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DpopProofVerifier } from './dpop/verify-proof.js';
import { applyFault } from './faults.js';
import { sendJson, sendMethodNotAllowed } from './http-io.js';
import { handleIntrospection } from './introspection.js';
import type { KeyStore } from './key-store.js';
import { discoveryDocument, discoveryPaths } from './metadata.js';
import { handleTokenRequest } from './token-endpoint.js';
import type { IssuedToken } from './token-endpoint.js';
import type { ClientGrant } from './token-request.js';
import type { TokenStore } from './token-store.js';
import type { IssuerClient, IssuerEndpoint, IssuerFault, SigningAlgorithm } from './types.js';
import { handleUserinfo } from './userinfo.js';

/** Mutable request counters behind `LocalIssuer.counts`. */
export type MutableCounts = Record<IssuerEndpoint | 'total', number>;

/** Everything the request handler reads; `counts` and `faults` are shared with the issuer. */
export interface IssuerState {
  readonly issuer: string;
  readonly algorithms: readonly SigningAlgorithm[];
  readonly keys: KeyStore;
  readonly tokens: TokenStore;
  readonly clients: readonly IssuerClient[];
  readonly discovery: 'openid' | 'oauth' | 'both';
  readonly counts: MutableCounts;
  readonly faults: Map<IssuerEndpoint, IssuerFault>;
  readonly issueClientToken: (grant: ClientGrant) => Promise<IssuedToken>;
  readonly dpop: DpopProofVerifier;
}

interface Route {
  readonly endpoint: IssuerEndpoint;
  readonly methods: readonly string[];
  readonly handle: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;
}

function buildRoutes(state: IssuerState): Map<string, Route> {
  const routes = new Map<string, Route>();
  const metadata: Route = {
    endpoint: 'discovery',
    methods: ['GET', 'HEAD'],
    handle: (_req, res) => sendJson(res, 200, discoveryDocument(state.issuer, state.algorithms)),
  };
  for (const path of discoveryPaths(state.discovery)) routes.set(path, metadata);
  routes.set('/jwks', {
    endpoint: 'jwks',
    methods: ['GET', 'HEAD'],
    handle: (_req, res) => sendJson(res, 200, state.keys.jwks(), { 'content-type': 'application/jwk-set+json' }),
  });
  routes.set('/userinfo', {
    endpoint: 'userinfo',
    methods: ['GET', 'POST'],
    handle: (req, res) => handleUserinfo(req, res, state.tokens),
  });
  routes.set('/introspect', {
    endpoint: 'introspection',
    methods: ['POST'],
    handle: (req, res) => handleIntrospection(req, res, state.tokens, state.clients),
  });
  routes.set('/token', {
    endpoint: 'token',
    methods: ['POST'],
    handle: (req, res) => handleTokenRequest(req, res, state),
  });
  return routes;
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
    const route = routes.get(pathname);
    if (route === undefined) {
      sendJson(res, 404, { error: 'not_found' });
      return;
    }
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
      .then(() => route.handle(req, res))
      .catch(() => failSafely(res));
  };
}
