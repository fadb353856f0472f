import {
  carriesQueryToken,
  createAuthenticator,
  GuardOrderError,
  type AuthOptions,
  type AuthResult,
  type ResourceMetadata,
  type ResultFor,
} from '@access-guard/core';
import type { Context, MiddlewareHandler } from 'hono';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { privateCacheControlOf } from '../answer.js';
import { formTokens, hasFormBody, toTokenRequest, type RequestDetails } from '../request.js';
import {
  checkErrorDelivery,
  deliverError,
  editHeaders,
  setGuardContext,
  type AuthEnv,
  type ErrorDelivery,
} from './context.js';

/** Options of the Hono `requireAuth`: the core options plus how errors are delivered. */
export interface RequireAuthOptions extends AuthOptions {
  /** `'respond'` (default) returns the answer; `'throw'` throws an `HTTPException` carrying it. */
  errors?: ErrorDelivery | undefined;
}

/** The middleware `requireAuth` returns, with three helpers. */
export interface AuthMiddleware<R extends AuthResult = AuthResult> extends MiddlewareHandler<AuthEnv> {
  /** Fetches the issuers' metadata and keys now; rejects with a message that names the fault and the fix. */
  ready(): Promise<void>;
  /** `c.get('auth')`, typed for this configuration; throws `GuardOrderError` (500) when it is not there. */
  resultOf(c: Context): R;
  /** The RFC 9728 document of the protected resource, when `resourceMetadata` asks for one. */
  readonly resourceMetadata: ResourceMetadata | undefined;
}

/** On `@hono/node-server`, Node's request: its raw header lines and its TLS socket. */
function nodeDetails(c: Context): RequestDetails {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (incoming === undefined || !Array.isArray(incoming.rawHeaders)) return {};
  return {
    rawHeaders: incoming.rawHeaders,
    clientCertificate: () => (incoming.socket as Partial<TLSSocket>).getPeerCertificate?.(false)?.raw,
  };
}

/**
 * Hono middleware that requires a valid OAuth 2.0 bearer token (RFC 6750) and sets `c.get('auth')`.
 * Refusals are returned with the challenge and an RFC 6750 JSON body, or thrown as an
 * `HTTPException` with `errors: 'throw'`. On `@hono/node-server` it reads Node's raw header lines
 * (two `Authorization` headers are a 400) and the TLS client certificate. Options are validated at once.
 *
 * @example
 * ```ts
 * const app = new Hono<AuthEnv>();
 * app.use(requireAuth({ issuer: 'https://issuer.example/', audience: 'https://api.example' }));
 * app.get('/orders', requireScope('read:orders'), (c) => c.json({ owner: c.get('auth').payload.sub }));
 * ```
 */
export function requireAuth<O extends RequireAuthOptions>(options: O): AuthMiddleware<ResultFor<O>> {
  const { errors, ...core } = options ?? ({} as RequireAuthOptions);
  const delivery = checkErrorDelivery(errors) ?? 'respond';
  const authenticator = createAuthenticator(options === null || options === undefined ? options : core);
  const context = Object.freeze({ authenticator, delivery });
  const middleware: MiddlewareHandler<AuthEnv> = async function requireAuth(c, next) {
    setGuardContext(c, context);
    const raw = c.req.raw;
    const request = toTokenRequest(raw, nodeDetails(c), hasFormBody(raw) ? await formTokens(raw) : undefined);
    // RFC 6750 §2.3: no answer to a request with a token in the URI may be cached publicly, errors included.
    const keepPrivate = carriesQueryToken(request.url);
    let authentication;
    try {
      authentication = await authenticator.authenticate(request);
    } catch (error) {
      return deliverError(error, c, context, undefined, keepPrivate);
    }
    if (authentication !== undefined) c.set('auth', authentication.auth);
    await next();
    const owed = authentication?.headers;
    if (owed !== undefined || keepPrivate) {
      editHeaders(c, (headers) => {
        for (const [name, value] of Object.entries(owed ?? {})) headers.set(name, value);
        if (keepPrivate) headers.set('Cache-Control', privateCacheControlOf(headers));
      });
    }
    return undefined;
  };
  return Object.assign(middleware, {
    ready: () => authenticator.ready(),
    resourceMetadata: authenticator.resourceMetadata,
    resultOf(c: Context): ResultFor<O> {
      const auth = c.get('auth') as AuthResult | undefined;
      if (auth === undefined) throw new GuardOrderError('resultOf');
      return auth as ResultFor<O>;
    },
  });
}
