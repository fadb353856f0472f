import { causeText, guardedSink, issuerFailedEvent, refusedEvent } from '../../src/diagnostics/events.js';
import { ConfigurationError, InvalidTokenError, IssuerUnavailableError } from '../../src/errors.js';

describe('causeText', () => {
  it('joins the messages of the cause chain, most recent first', () => {
    const error = new Error('top', { cause: new Error('middle', { cause: 'bottom' }) });
    expect(causeText(error)).toBe('middle <- bottom');
  });

  it('is undefined without a cause', () => {
    expect(causeText(new Error('alone'))).toBeUndefined();
    expect(causeText(undefined)).toBeUndefined();
  });

  it('stops after five levels (a cycle cannot loop)', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(causeText(new Error('x', { cause: a }))?.split(' <- ')).toHaveLength(5);
  });
});

describe('refusedEvent', () => {
  it('carries the status, codes, message and detail of a refusal, without a cause for a 4xx', () => {
    const error = new InvalidTokenError('The access token expired', {
      reason: 'expired',
      detail: { actual: 'expired 60 s ago' },
      cause: new Error('not for the event'),
    });
    expect(refusedEvent(error)).toEqual({
      type: 'refused',
      status: 401,
      code: 'ERR_INVALID_TOKEN',
      reason: 'expired',
      message: 'The access token expired',
      detail: { actual: 'expired 60 s ago' },
      cause: undefined,
    });
  });

  it('carries the cause chain of a 503', () => {
    const error = new IssuerUnavailableError('down', { cause: new Error('JWKS https://i/jwks: HTTP 500') });
    expect(refusedEvent(error).cause).toBe('JWKS https://i/jwks: HTTP 500');
  });
});

describe('issuerFailedEvent', () => {
  it('tells an outage from a configuration fault', () => {
    expect(issuerFailedEvent('https://i/', 'JWKS', new IssuerUnavailableError('down')).fault).toBe('outage');
    const misconfigured = issuerFailedEvent(
      'https://i/',
      'discovery',
      new ConfigurationError("The issuer's metadata names another issuer", {
        detail: { expected: '"https://i/"', actual: '"https://i"' },
      }),
    );
    expect(misconfigured).toMatchObject({
      type: 'issuer-failed',
      issuer: 'https://i/',
      endpoint: 'discovery',
      fault: 'configuration',
      detail: { expected: '"https://i/"', actual: '"https://i"' },
    });
  });
});

describe('guardedSink', () => {
  it('swallows what a throwing receiver throws', () => {
    const sink = guardedSink(() => {
      throw new Error('logging is down');
    });
    expect(() => sink(refusedEvent(new InvalidTokenError('x')))).not.toThrow();
  });
});
