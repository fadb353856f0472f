import {
  AccessGuardError,
  carriesQueryToken,
  createAuthenticator,
  type AuthOptions,
  type AuthResult,
  type ResourceMetadata,
  type ResultFor,
  type RouteGuard,
  type UserProfile,
} from '@access-guard/core';
import { errorAnswer, privateResponse, setHeaders } from './answer.js';
import { formTokens, hasFormBody, toTokenRequest } from './request.js';

/** Options of `createRequestGuard`: the core options plus what a `Request` cannot tell. */
export interface RequestGuardOptions extends AuthOptions {
  /**
   * The DER bytes of the client's TLS certificate for a request, for certificate-bound tokens
   * (RFC 8705); the Fetch API does not expose it, the runtime or the proxy may.
   */
  clientCertificate?: ((request: Request) => Uint8Array | undefined) | undefined;
}

/** The result for options `O`: undefined too for an `optional` guard's anonymous requests. */
export type GuardResult<O> = O extends { optional: true } ? ResultFor<O> | undefined : ResultFor<O>;

/** What `createRequestGuard` returns: a function of a `Request`, with helpers. */
export interface RequestGuard<R = AuthResult> {
  /**
   * Authenticates the request and runs the route checks (`requireScope(…)`, …) on the result: the
   * result when everything passes, else the `Response` to return (400/401/403/500/503 with the
   * challenge and an RFC 6750 JSON body).
   */
  (request: Request, ...checks: RouteGuard[]): Promise<R | Response>;
  /** The user's OpenID Connect profile behind an accepted token, or the `Response` to return. */
  userinfo(request: Request, auth: AuthResult): Promise<UserProfile | Response>;
  /**
   * What a successful answer owes the request: `Cache-Control: private` when its token came in the
   * URI (RFC 6750 §2.3) and a fresh `DPoP-Nonce` when nonces are on. Returns the response to send.
   */
  finish(request: Request, response: Response): Response;
  /** Fetches the issuers' metadata and keys now; rejects with a message that names the fault and the fix. */
  ready(): Promise<void>;
  /** The RFC 9728 document of the protected resource, when `resourceMetadata` asks for one. */
  readonly resourceMetadata: ResourceMetadata | undefined;
}

/**
 * Protects handlers that take a Fetch API `Request` and return a `Response` (Next.js route handlers,
 * Bun, Deno, Cloudflare Workers): `await guard(request)` gives the verified token (RFC 6750, RFC 9068)
 * or a ready `Response` to return. Options are validated at once: a mistake throws a `TypeError`.
 *
 * @example
 * ```ts
 * const guard = createRequestGuard({ issuer: 'https://issuer.example/', audience: 'https://api.example' });
 * export async function GET(request: Request): Promise<Response> {
 *   const auth = await guard(request, requireScope('read:orders'));
 *   if (auth instanceof Response) return auth;
 *   return guard.finish(request, Response.json({ owner: auth.payload.sub }));
 * }
 * ```
 */
export function createRequestGuard<O extends RequestGuardOptions>(options: O): RequestGuard<GuardResult<O>> {
  const { clientCertificate, ...core } = options ?? ({} as RequestGuardOptions);
  if (clientCertificate !== undefined && typeof clientCertificate !== 'function') {
    throw new TypeError('access-guard: `clientCertificate` must be a function (request) => DER bytes | undefined.');
  }
  const authenticator = createAuthenticator(options === null || options === undefined ? options : core);
  // Headers a successful answer must carry (DPoP-Nonce), until finish() applies them.
  const owed = new WeakMap<Request, Readonly<Record<string, string>>>();

  const refusal = (error: unknown, request: Request): Response => {
    if (!(error instanceof AccessGuardError)) throw error;
    return errorAnswer(authenticator.answer(error), carriesQueryToken(request.url));
  };

  async function guard(request: Request, ...checks: RouteGuard[]): Promise<GuardResult<O> | Response> {
    let authentication;
    try {
      const details = { clientCertificate: clientCertificate && (() => clientCertificate(request)) };
      const body = hasFormBody(request) ? await formTokens(request) : undefined;
      authentication = await authenticator.authenticate(toTokenRequest(request, details, body));
    } catch (error) {
      return refusal(error, request);
    }
    if (authentication?.headers !== undefined) owed.set(request, authentication.headers);
    const auth = authentication?.auth;
    for (const check of checks) {
      const refused = check.refusal(auth, authenticator.clock());
      if (refused !== undefined) return refusal(refused, request);
    }
    return auth as GuardResult<O>;
  }

  return Object.assign(guard, {
    async userinfo(request: Request, auth: AuthResult): Promise<UserProfile | Response> {
      try {
        return await authenticator.userinfo(auth);
      } catch (error) {
        return refusal(error, request);
      }
    },
    finish(request: Request, response: Response): Response {
      const headers = owed.get(request);
      const answer = headers === undefined ? response : setHeaders(response, headers);
      return carriesQueryToken(request.url) ? privateResponse(answer) : answer;
    },
    ready: () => authenticator.ready(),
    resourceMetadata: authenticator.resourceMetadata,
  });
}
