import type { AccessGuardError } from '../errors.js';
import { ConfigurationError, type AccessGuardErrorCode, type RefusalDetail, type RefusalReason } from '../errors.js';

/** A request answered with an error: every 400/401/403 and every 500/503 that reaches a client. */
export interface RefusedEvent {
  readonly type: 'refused';
  readonly status: number;
  readonly code: AccessGuardErrorCode;
  readonly reason: RefusalReason;
  /** The message the client was given. */
  readonly message: string;
  /** Expected against actual, and the fix (for logs only). */
  readonly detail: RefusalDetail | undefined;
  /** The chain of underlying reasons, for 500 and 503 (endpoint URLs and statuses; never a token). */
  readonly cause: string | undefined;
}

/** A call to the issuer that failed; the endpoint is then left alone for its cooldown. */
export interface IssuerFailedEvent {
  readonly type: 'issuer-failed';
  /** The issuer identifier. */
  readonly issuer: string;
  readonly endpoint: 'discovery' | 'JWKS' | 'introspection' | 'userinfo';
  /** `configuration`: the API's own configuration does not match the issuer; `outage`: no usable answer. */
  readonly fault: 'outage' | 'configuration';
  readonly message: string;
  readonly detail: RefusalDetail | undefined;
  readonly cause: string | undefined;
}

/** The kinds of entries an instance keeps in the shared store (`store` option). */
export type SharedEntryKind = 'introspection' | 'userinfo' | 'dpop-jti' | 'revoked' | 'metadata' | 'jwks';

/**
 * A lookup in the two tiers of a shared store, or a fault of the store: `memory-hit` and
 * `shared-hit` say which tier answered, `miss` that the issuer was asked; `rejected` an entry that
 * failed its check (another secret, another key, a forgery), `error` a command that failed or timed
 * out (the request went on without the store, except a DPoP claim). Only with a `store`.
 */
export interface StoreEvent {
  readonly type: 'store';
  readonly entry: SharedEntryKind;
  readonly outcome: 'memory-hit' | 'shared-hit' | 'miss' | 'rejected' | 'error';
  /** Why a command failed, for `error` (never a key or a value). */
  readonly cause: string | undefined;
}

/**
 * What access-guard reports through the `onEvent` option: each refused request, each failed call
 * to an issuer and, with a shared store, each lookup and store fault. Events carry stable codes
 * and, for developers, expected against actual; never a token, and nothing here is sent to a client.
 */
export type AccessGuardEvent = RefusedEvent | IssuerFailedEvent | StoreEvent;

/** A receiver of events (the `onEvent` option). */
export type EventSink = (event: AccessGuardEvent) => void;

/** The messages of an error's cause chain, joined: what an operator needs to find the fault. */
export function causeText(error: unknown): string | undefined {
  const parts: string[] = [];
  let cause = (error as { cause?: unknown } | undefined)?.cause;
  for (let depth = 0; cause !== undefined && depth < 5; depth += 1) {
    parts.push(cause instanceof Error ? cause.message : String(cause));
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return parts.length === 0 ? undefined : parts.join(' <- ');
}

/** The event for an error answered to a client. */
export function refusedEvent(error: AccessGuardError): RefusedEvent {
  return {
    type: 'refused',
    status: error.status,
    code: error.code,
    reason: error.reason,
    message: error.message,
    detail: error.detail,
    cause: error.status >= 500 ? causeText(error) : undefined,
  };
}

/** The event for a failed call to `endpoint` of `issuer`. */
export function issuerFailedEvent(
  issuer: string,
  endpoint: IssuerFailedEvent['endpoint'],
  failure: AccessGuardError,
): IssuerFailedEvent {
  return {
    type: 'issuer-failed',
    issuer,
    endpoint,
    fault: failure instanceof ConfigurationError ? 'configuration' : 'outage',
    message: failure.message,
    detail: failure.detail,
    cause: causeText(failure),
  };
}

/** A sink that never lets a failing receiver break a request. */
export function guardedSink(sink: EventSink): EventSink {
  return (event) => {
    try {
      sink(event);
    } catch {
      // A logging hook that throws must not turn an answer into a 500.
    }
  };
}
