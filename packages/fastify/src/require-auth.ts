import './augment.js';
import {
  carriesQueryToken,
  consoleEvents,
  createAuthenticator,
  GuardOrderError,
  keepResponsePrivate,
  pinoEvents,
  type AuthOptions,
  type AuthResult,
  type EventSink,
  type ResourceMetadata,
  type ResultFor,
} from '@access-guard/core';
import type { FastifyBaseLogger, FastifyInstance, FastifyPluginOptions, FastifyReply, FastifyRequest } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import {
  awaitAuthentication,
  checkErrorDelivery,
  deliverError,
  pendingChecks,
  setGuardContext,
  takePendingChecks,
  type ErrorDelivery,
} from './delivery.js';
import { awaitsFormBody, toTokenRequest } from './request.js';

/** Options of the Fastify `requireAuth`: the core options plus how errors are delivered. */
export interface RequireAuthOptions extends AuthOptions {
  /** `'respond'` (default) answers with RFC 6750 JSON; `'throw'` throws to the app's `setErrorHandler`. */
  errors?: ErrorDelivery | undefined;
}

/**
 * What `requireAuth` returns: an `onRequest` hook and, the same value, a plugin for `register`, with
 * three helpers.
 */
export interface AuthPlugin<R extends AuthResult = AuthResult> {
  /** The hook form: `app.addHook('onRequest', auth)`. */
  (request: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** The plugin form: `app.register(auth)` (it decorates the request and reads form-body tokens too). */
  (instance: FastifyInstance, options?: FastifyPluginOptions): Promise<void>;
  /**
   * Fetches the issuers' metadata and keys now; rejects with a message that names the fault and the
   * fix. `await` it before `listen` to refuse to start on a wrong configuration.
   */
  ready(): Promise<void>;
  /**
   * `request.auth`, typed for this configuration (a `JwtAuthResult` when opaque tokens are off).
   * Throws `GuardOrderError` (500) on a request that this hook did not authenticate.
   */
  resultOf(request: FastifyRequest): R;
  /** The RFC 9728 document of the protected resource, when `resourceMetadata` asks for one. */
  readonly resourceMetadata: ResourceMetadata | undefined;
}

function isInstance(value: FastifyRequest | FastifyInstance): value is FastifyInstance {
  return typeof (value as Partial<FastifyInstance>).decorateRequest === 'function';
}

/**
 * Requires a valid OAuth 2.0 bearer token (RFC 6750) and puts the result on `request.auth`. Register
 * it as a plugin (it decorates the request, and reads form-body tokens once the body is parsed) or
 * add it as an `onRequest` hook. Refusals are answered through `reply` with the challenge and an
 * RFC 6750 JSON body, or thrown to `setErrorHandler` with `errors: 'throw'`. Without `onEvent`,
 * issuer failures are logged through Fastify's logger. Options are validated at once.
 *
 * @example
 * ```ts
 * const auth = requireAuth({ issuer: 'https://issuer.example/', audience: 'https://api.example' });
 * await app.register(auth); // or: app.addHook('onRequest', auth)
 * app.get('/me', async (request) => ({ sub: auth.resultOf(request).payload.sub }));
 * ```
 */
export function requireAuth<O extends RequireAuthOptions>(options: O): AuthPlugin<ResultFor<O>> {
  const { errors, ...core } = options ?? ({} as RequireAuthOptions);
  const delivery = checkErrorDelivery(errors) ?? 'respond';
  // Until the app's logger is known (registration or the first request), events go to the console.
  let logged: EventSink = consoleEvents();
  let logger: FastifyBaseLogger | undefined;
  const useLogger = (log: FastifyBaseLogger): void => {
    if (logger === undefined && core.onEvent === undefined) [logger, logged] = [log, pinoEvents(log)];
  };
  const onEvent = core.onEvent ?? ((event) => logged(event));
  const authenticator = createAuthenticator(options === null || options === undefined ? options : { ...core, onEvent });
  const context = Object.freeze({ authenticator, delivery });

  function begin(request: FastifyRequest, reply: FastifyReply): void {
    setGuardContext(request, context);
    useLogger(request.server.log);
    // RFC 6750 §2.3: no answer to a request with a token in the URI may be cached publicly, errors included.
    if (carriesQueryToken(request.url)) keepResponsePrivate(reply.raw);
  }

  async function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    let authentication;
    try {
      authentication = await authenticator.authenticate(toTokenRequest(request));
    } catch (error) {
      deliverError(error, reply, context);
      return;
    }
    if (authentication !== undefined) {
      request.auth = authentication.auth;
      if (authentication.headers !== undefined) void reply.headers(authentication.headers);
    }
  }

  // The plugin form: a form request waits for its body, and the guards queued meanwhile run after.
  async function onRequest(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    begin(request, reply);
    if (awaitsFormBody(request)) awaitAuthentication(request);
    else await authenticate(request, reply);
  }
  async function preValidation(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    if (pendingChecks(request) === undefined) return;
    await authenticate(request, reply);
    for (const check of takePendingChecks(request)) {
      if (reply.sent) return;
      await check();
    }
  }

  async function requireAuth(first: FastifyRequest | FastifyInstance, reply?: unknown): Promise<void> {
    if (isInstance(first)) {
      useLogger(first.log);
      if (!first.hasRequestDecorator('auth')) first.decorateRequest('auth', undefined);
      if (!first.hasRequestDecorator('userinfo')) first.decorateRequest('userinfo', undefined);
      first.addHook('onRequest', onRequest);
      first.addHook('preValidation', preValidation);
      return;
    }
    begin(first, reply as FastifyReply);
    await authenticate(first, reply as FastifyReply);
  }

  // Not encapsulated: registered on an instance, it protects that instance's routes.
  return Object.assign(fastifyPlugin(requireAuth, { fastify: '5.x' }), {
    ready: () => authenticator.ready(),
    resourceMetadata: authenticator.resourceMetadata,
    resultOf(request: FastifyRequest): ResultFor<O> {
      if (request.auth === undefined) throw new GuardOrderError('resultOf');
      return request.auth as ResultFor<O>;
    },
  }) as AuthPlugin<ResultFor<O>>;
}
