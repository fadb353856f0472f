import { issuerFailedEvent, refusedEvent, type AccessGuardEvent } from '../../src/diagnostics/events.js';
import {
  consoleEvents,
  describeFailure,
  eventAttributes,
  eventLine,
  pinoEvents,
  type EventLogger,
} from '../../src/diagnostics/loggers.js';
import { ConfigurationError, InvalidTokenError, IssuerUnavailableError } from '../../src/errors.js';

/** A logger that keeps what it was given, by level. */
function recorder(): EventLogger & { lines: Array<[string, unknown[]]> } {
  const lines: Array<[string, unknown[]]> = [];
  const at =
    (level: string) =>
    (...args: unknown[]) =>
      lines.push([level, args]);
  return { lines, error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}

const expired: AccessGuardEvent = refusedEvent(
  new InvalidTokenError('The access token expired', { reason: 'expired', detail: { actual: 'expired 60 s ago' } }),
);
const outage: AccessGuardEvent = issuerFailedEvent(
  'https://issuer.example/',
  'JWKS',
  new IssuerUnavailableError('down', { cause: new Error('JWKS https://issuer.example/jwks: HTTP 503') }),
);
const misconfigured: AccessGuardEvent = issuerFailedEvent(
  'https://issuer.example',
  'discovery',
  new ConfigurationError("The issuer's metadata names another issuer", {
    detail: { expected: '"https://issuer.example"', actual: '"https://issuer.example/"', fix: 'Set issuer.' },
  }),
);

// A token whose iss has the slash the configured issuer lacks: the configuration is the likely fault.
const slashOnly: AccessGuardEvent = refusedEvent(
  new InvalidTokenError('The access token has an unacceptable iss claim', {
    reason: 'issuer_differs_by_slash',
    detail: { expected: 'one of ["https://tenant.example"]', actual: '"https://tenant.example/" (unverified)' },
  }),
);

describe('eventLine', () => {
  it('says what happened, expected against actual, the fix and the cause', () => {
    expect(eventLine(expired)).toBe('access-guard: 401 expired: The access token expired (actual expired 60 s ago)');
    expect(eventLine(outage)).toBe(
      'access-guard: issuer unavailable: https://issuer.example/ JWKS: down [JWKS https://issuer.example/jwks: HTTP 503]',
    );
    expect(eventLine(misconfigured)).toBe(
      `access-guard: configuration error: https://issuer.example discovery: The issuer's metadata names another issuer (expected "https://issuer.example", actual "https://issuer.example/") Fix: Set issuer.`,
    );
  });

  it('describes a failure the same way wherever it is shown', () => {
    expect(describeFailure({ message: 'm', detail: { fix: 'f' }, cause: new Error('c') })).toBe('m Fix: f [c]');
    expect(describeFailure({ message: 'm', detail: undefined, cause: 'c' })).toBe('m [c]');
  });
});

describe('consoleEvents', () => {
  it('logs outages as warnings and nothing per refused request', () => {
    const logger = recorder();
    const sink = consoleEvents({}, logger);
    sink(expired);
    sink(outage);
    expect(logger.lines.map(([level]) => level)).toEqual(['warn']);
  });

  it('logs a configuration error once, however often it repeats', () => {
    const logger = recorder();
    const sink = consoleEvents({}, logger);
    for (let i = 0; i < 5; i += 1) sink(misconfigured);
    expect(logger.lines).toEqual([['error', [eventLine(misconfigured)]]]);
  });

  it('logs a refusal that points at the configuration (a trailing slash) once, as an error, naming both values', () => {
    const logger = recorder();
    const sink = consoleEvents({}, logger);
    for (let i = 0; i < 3; i += 1) sink(slashOnly);
    expect(logger.lines).toEqual([['error', [eventLine(slashOnly)]]]);
    expect(eventLine(slashOnly)).toContain('"https://tenant.example/" (unverified)');
    expect(eventLine(slashOnly)).toContain('["https://tenant.example"]');
  });

  it('logs refused requests at debug level when asked (development)', () => {
    const logger = recorder();
    consoleEvents({ refusals: true }, logger)(expired);
    expect(logger.lines).toEqual([['debug', [eventLine(expired)]]]);
  });
});

describe('pinoEvents', () => {
  it('logs structured fields first: configuration at error, outages at warn, refusals at debug when asked', () => {
    const logger = recorder();
    const sink = pinoEvents(logger, { refusals: true });
    sink(misconfigured);
    sink(outage);
    sink(expired);
    expect(logger.lines).toEqual([
      ['error', [{ accessGuard: misconfigured }, eventLine(misconfigured)]],
      ['warn', [{ accessGuard: outage }, eventLine(outage)]],
      ['debug', [{ accessGuard: expired }, eventLine(expired)]],
    ]);
  });

  it('logs no refusal unless asked', () => {
    const logger = recorder();
    pinoEvents(logger)(expired);
    expect(logger.lines).toEqual([]);
  });

  it('logs a configuration error, or a refusal that points at one, once at error', () => {
    const logger = recorder();
    const sink = pinoEvents(logger);
    for (let i = 0; i < 3; i += 1) [misconfigured, slashOnly].forEach(sink);
    expect(logger.lines.map(([level, [fields]]) => [level, (fields as { accessGuard: unknown }).accessGuard])).toEqual([
      ['error', misconfigured],
      ['error', slashOnly],
    ]);
  });
});

describe('eventAttributes', () => {
  it('gives flat, stable attributes for a counter or a span', () => {
    expect(eventAttributes(expired)).toEqual({
      'access_guard.event': 'refused',
      'access_guard.status': 401,
      'access_guard.code': 'ERR_INVALID_TOKEN',
      'access_guard.reason': 'expired',
    });
    expect(eventAttributes(misconfigured)).toEqual({
      'access_guard.event': 'issuer-failed',
      'access_guard.issuer': 'https://issuer.example',
      'access_guard.endpoint': 'discovery',
      'access_guard.fault': 'configuration',
    });
  });
});

describe('store events', () => {
  const hit: AccessGuardEvent = { type: 'store', entry: 'introspection', outcome: 'shared-hit', cause: undefined };
  const failed: AccessGuardEvent = { type: 'store', entry: 'dpop-jti', outcome: 'error', cause: 'Error: timeout' };
  const rejected: AccessGuardEvent = { type: 'store', entry: 'jwks', outcome: 'rejected', cause: undefined };

  it('says which entry and what happened', () => {
    expect(eventLine(failed)).toBe('access-guard: shared store dpop-jti error [Error: timeout]');
    expect(eventLine(rejected)).toBe('access-guard: shared store jwks rejected');
  });

  it('warns of store faults once a minute on the console, and keeps lookups quiet', () => {
    const logger = recorder();
    const sink = consoleEvents({}, logger);
    for (const event of [hit, failed, failed, rejected]) sink(event);
    expect(logger.lines.map(([level, args]) => [level, args[0]])).toEqual([
      ['warn', eventLine(failed)],
      ['warn', eventLine(rejected)],
    ]);
  });

  it('warns of store faults on pino, with the event as fields', () => {
    const logger = recorder();
    const sink = pinoEvents(logger);
    sink(hit);
    sink(failed);
    expect(logger.lines).toEqual([['warn', [{ accessGuard: failed }, eventLine(failed)]]]);
  });

  it('gives the entry and outcome as attributes', () => {
    expect(eventAttributes(hit)).toEqual({
      'access_guard.event': 'store',
      'access_guard.entry': 'introspection',
      'access_guard.outcome': 'shared-hit',
    });
  });
});
