import type { RefusalDetail, RefusalReason } from '../errors.js';
import { causeText, type AccessGuardEvent, type EventSink } from './events.js';

/** The methods of a console-like or pino-like logger that access-guard uses. */
export interface EventLogger {
  error(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  info(...args: unknown[]): void;
  debug(...args: unknown[]): void;
}

/** Options of {@link consoleEvents} and {@link pinoEvents}. */
export interface LoggerOptions {
  /**
   * Also log each refused request (401, 403, 400) at debug level, with expected against actual:
   * for development. Default false: an API under attack must not write a line per refusal.
   */
  refusals?: boolean | undefined;
}

function detailText(detail: RefusalDetail | undefined): string {
  if (detail === undefined) return '';
  const parts = [
    detail.expected === undefined ? undefined : `expected ${detail.expected}`,
    detail.actual === undefined ? undefined : `actual ${detail.actual}`,
  ].filter((part) => part !== undefined);
  return `${parts.length === 0 ? '' : ` (${parts.join(', ')})`}${detail.fix === undefined ? '' : ` Fix: ${detail.fix}`}`;
}

/** A failure as a developer reads it: the message, expected against actual, the fix, the cause chain. */
export function describeFailure(failure: {
  readonly message: string;
  readonly detail: RefusalDetail | undefined;
  readonly cause?: unknown;
}): string {
  const cause = typeof failure.cause === 'string' ? failure.cause : causeText(failure);
  return `${failure.message}${detailText(failure.detail)}${cause === undefined ? '' : ` [${cause}]`}`;
}

/**
 * One line that says what happened, with expected against actual and the fix.
 * @example
 * ```ts
 * requireAuth({ issuer, audience, onEvent: (event) => myLogger.info(eventLine(event)) });
 * // access-guard: 401 expired: The access token expired (actual expired 120 s ago (clock tolerance 5 s))
 * ```
 */
export function eventLine(event: AccessGuardEvent): string {
  if (event.type === 'store') {
    return `access-guard: shared store ${event.entry} ${event.outcome}${event.cause === undefined ? '' : ` [${event.cause}]`}`;
  }
  if (event.type === 'issuer-failed') {
    const kind = event.fault === 'configuration' ? 'configuration error' : 'issuer unavailable';
    return `access-guard: ${kind}: ${event.issuer} ${event.endpoint}: ${describeFailure(event)}`;
  }
  return `access-guard: ${event.status} ${event.reason}: ${describeFailure(event)}`;
}

// A configuration error repeats on every cooldown until someone fixes it: say it once an hour.
const REPEAT_MS = 3_600_000;
// A store fault repeats on every request that needs the store: say it once a minute.
const STORE_REPEAT_MS = 60_000;

/** Whether a store event is a fault worth a warning (lookups are for metrics only). */
const isStoreFault = (event: AccessGuardEvent): boolean =>
  event.type === 'store' && (event.outcome === 'error' || event.outcome === 'rejected');

/**
 * Refusals that point at the API's configuration rather than at the client: a token whose issuer
 * differs from a trusted one only by a trailing slash is, almost always, an issuer configured
 * without the slash its tokens have. Logged like configuration errors, once an hour.
 */
const CONFIGURATION_HINTS: ReadonlySet<RefusalReason> = new Set(['issuer_differs_by_slash']);

/** Whether an event needs an operator: a configuration error, or a refusal that points at one. */
function isConfigurationFault(event: AccessGuardEvent): boolean {
  if (event.type === 'refused') return CONFIGURATION_HINTS.has(event.reason);
  return event.type === 'issuer-failed' && event.fault === 'configuration';
}

/** A filter that lets each distinct line through once per `repeatMs` (bounded memory). */
function oncePer(repeatMs: number): (line: string) => boolean {
  const said = new Map<string, number>();
  return (line) => {
    const now = Date.now();
    if ((said.get(line) ?? Number.NEGATIVE_INFINITY) + repeatMs > now) return false;
    if (said.size >= 100) said.clear();
    said.set(line, now);
    return true;
  };
}

/**
 * Logs events to a console-like object (default `console`): a configuration error (or a refusal
 * that points at one, such as an issuer differing by a trailing slash) once an hour per distinct
 * message, each failed issuer call (at most one per endpoint per cooldown), and, with
 * `refusals: true`, every refused request at debug level. This is what runs when `onEvent` is not set.
 * @example
 * ```ts
 * requireAuth({ issuer, audience, onEvent: consoleEvents({ refusals: process.env.NODE_ENV !== 'production' }) });
 * ```
 */
export function consoleEvents(options: LoggerOptions = {}, logger: EventLogger = console): EventSink {
  const hourly = oncePer(REPEAT_MS);
  const minutely = oncePer(STORE_REPEAT_MS);
  // Lines are built only for what is logged: a refused request costs no string work by default.
  return (event) => {
    if (isConfigurationFault(event)) {
      const line = eventLine(event);
      if (hourly(line)) logger.error(line);
    } else if (event.type === 'issuer-failed') {
      logger.warn(eventLine(event));
    } else if (event.type === 'store') {
      if (!isStoreFault(event)) return;
      const line = eventLine(event);
      if (minutely(line)) logger.warn(line);
    } else if (options.refusals === true) {
      logger.debug(eventLine(event));
    }
  };
}

/**
 * Logs events to a pino (or bunyan-like) logger: structured fields first, the line second. Failed
 * issuer calls at `warn` (outage) or `error` (configuration, once an hour per message, as refusals
 * that point at the configuration), refusals at `debug` when asked.
 * @example
 * ```ts
 * import pino from 'pino';
 * requireAuth({ issuer, audience, onEvent: pinoEvents(pino()) });
 * ```
 */
export function pinoEvents(logger: EventLogger, options: LoggerOptions = {}): EventSink {
  const hourly = oncePer(REPEAT_MS);
  const minutely = oncePer(STORE_REPEAT_MS);
  return (event) => {
    if (isConfigurationFault(event)) {
      const line = eventLine(event);
      if (hourly(line)) logger.error({ accessGuard: event }, line);
    } else if (event.type === 'issuer-failed') {
      logger.warn({ accessGuard: event }, eventLine(event));
    } else if (event.type === 'store') {
      if (!isStoreFault(event)) return;
      const line = eventLine(event);
      if (minutely(line)) logger.warn({ accessGuard: event }, line);
    } else if (options.refusals === true) {
      logger.debug({ accessGuard: event }, eventLine(event));
    }
  };
}

/**
 * Flat attributes of an event, for an OpenTelemetry counter (`counter.add(1, attributes)`) or span
 * (`span.setAttributes(attributes)`): the kind of event and its stable codes, nothing else.
 * @example
 * ```ts
 * const refusals = meter.createCounter('access_guard.events');
 * requireAuth({ issuer, audience, onEvent: (event) => refusals.add(1, eventAttributes(event)) });
 * ```
 */
export function eventAttributes(event: AccessGuardEvent): Record<string, string | number> {
  if (event.type === 'store') {
    return {
      'access_guard.event': event.type,
      'access_guard.entry': event.entry,
      'access_guard.outcome': event.outcome,
    };
  }
  return event.type === 'refused'
    ? {
        'access_guard.event': event.type,
        'access_guard.status': event.status,
        'access_guard.code': event.code,
        'access_guard.reason': event.reason,
      }
    : {
        'access_guard.event': event.type,
        'access_guard.issuer': event.issuer,
        'access_guard.endpoint': event.endpoint,
        'access_guard.fault': event.fault,
      };
}
