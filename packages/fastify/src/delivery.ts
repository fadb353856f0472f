import { AccessGuardError, errorResponse, GuardOrderError, type GuardContext } from '@access-guard/core';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * How `requireAuth` and the guards deliver 400/401/403/500/503:
 * - `'respond'` (default): the hook answers through `reply` with the status, headers (the challenge)
 *   and an RFC 6750 JSON body `{ error, error_description }`; nothing is logged per refusal.
 * - `'throw'`: the error is thrown, with `statusCode` and `headers`, to the app's `setErrorHandler`
 *   (or Fastify's default handler, which answers with the status and the challenge).
 */
export type ErrorDelivery = 'respond' | 'throw';

/** What the guards after a `requireAuth` need from it: its authenticator and its error delivery. */
export interface FastifyGuardContext extends GuardContext {
  readonly delivery: ErrorDelivery;
}

/** A guard's check, postponed until `requireAuth` has read the request's form body. */
export type DeferredCheck = () => Promise<void>;

// One key for every copy of this module (the ESM and CommonJS builds), so a guard finds the context
// that a requireAuth of the other build left on the request.
const CONTEXT = Symbol.for('@access-guard/fastify.context');
const DEFERRED = Symbol.for('@access-guard/fastify.deferred');

type Carrier = Record<symbol, unknown>;

/** Leaves the context of a `requireAuth` on the request, for the guards after it. */
export function setGuardContext(request: FastifyRequest, context: FastifyGuardContext): void {
  (request as unknown as Carrier)[CONTEXT] = context;
}

/** The context left by the last `requireAuth` this request went through, if any. */
export function guardContextOf(request: FastifyRequest): FastifyGuardContext | undefined {
  return (request as unknown as Carrier)[CONTEXT] as FastifyGuardContext | undefined;
}

/**
 * Marks a request whose authentication waits for its form body (`preValidation`): route guards in
 * `onRequest` then queue their checks, which run once the request is authenticated.
 */
export function awaitAuthentication(request: FastifyRequest): void {
  (request as unknown as Carrier)[DEFERRED] = [];
}

/** The queue of a request whose authentication is pending, else undefined. */
export function pendingChecks(request: FastifyRequest): DeferredCheck[] | undefined {
  return (request as unknown as Carrier)[DEFERRED] as DeferredCheck[] | undefined;
}

/** Ends the wait: returns the queued checks, and later guards run at once. */
export function takePendingChecks(request: FastifyRequest): DeferredCheck[] {
  const checks = pendingChecks(request) ?? [];
  (request as unknown as Carrier)[DEFERRED] = undefined;
  return checks;
}

/** Validates an `errors` option at start-up; undefined means "as requireAuth does". */
export function checkErrorDelivery(value: unknown): ErrorDelivery | undefined {
  if (value !== undefined && value !== 'respond' && value !== 'throw') {
    throw new TypeError(
      "access-guard: `errors` must be 'respond' (answer with JSON) or 'throw' (throw to the app's error handler).",
    );
  }
  return value;
}

/**
 * Delivers an error in the context's presentation, the chosen way (a guard's own `errors` option
 * wins over its requireAuth's). Errors that are not access-guard's are always thrown.
 */
export function deliverError(
  error: unknown,
  reply: FastifyReply,
  context: FastifyGuardContext,
  own?: ErrorDelivery,
): void {
  if (!(error instanceof AccessGuardError)) throw error;
  context.authenticator.answer(error);
  if ((own ?? context.delivery) === 'throw' || reply.sent) throw error;
  const { status, headers, body } = errorResponse(error);
  // Through reply, so the app's onSend hooks (compression, CORS) see the answer like any other.
  void reply.code(status).headers(headers).send(body);
}

/**
 * The error of a guard mounted where no `requireAuth` ran before it: a 500 for the app's error
 * handler, with the message also in the request's log once per guard, whatever handles it.
 */
export function reportGuardOrder(name: string): (request: FastifyRequest) => GuardOrderError {
  let reported = false;
  return (request) => {
    const error = new GuardOrderError(name);
    if (!reported) request.log.error(error.message);
    reported = true;
    return error;
  };
}
