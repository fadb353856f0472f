import { errorResponse } from '../../src/http/error-response.js';
import {
  AccessGuardError,
  InsufficientScopeError,
  InvalidTokenError,
  IssuerUnavailableError,
  MissingTokenError,
} from '../../src/errors.js';

// Presentations are made once per requireAuth; answers are reused per presentation object.
const byRealm = new Map<string, { realm: string }>();
const presentations = (realm: string) => {
  let presentation = byRealm.get(realm);
  if (presentation === undefined) byRealm.set(realm, (presentation = { realm }));
  return presentation;
};
const apart = { realm: 'apart' };

describe('errorResponse', () => {
  it('renders status, challenge, JSON body and its byte length', () => {
    const error = new InsufficientScopeError('The access token lacks a required scope', {
      requiredScope: 'transfer:funds',
    }).present({ realm: 'bank' });
    const { status, headers, body } = errorResponse(error);
    expect(status).toBe(403);
    expect(headers).toEqual({
      'WWW-Authenticate': error.headers['WWW-Authenticate'],
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(body)),
    });
    expect(JSON.parse(body)).toEqual({
      error: 'insufficient_scope',
      error_description: 'The access token lacks a required scope',
    });
  });

  it('reuses one frozen answer for equal built-in errors', () => {
    const memo = { realm: 'memo' };
    const first = errorResponse(new MissingTokenError().present(memo));
    expect(errorResponse(new MissingTokenError().present(memo))).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first.headers)).toBe(true);
  });

  it('tells apart answers that differ in realm, message or required scope', () => {
    const scoped = (scope: string, realm = 'api') =>
      errorResponse(
        new InsufficientScopeError('The access token lacks a required scope', { requiredScope: scope }).present(
          presentations(realm),
        ),
      );
    expect(scoped('a').headers['WWW-Authenticate']).toContain('scope="a"');
    expect(scoped('b').headers['WWW-Authenticate']).toContain('scope="b"');
    expect(scoped('a', 'other').headers['WWW-Authenticate']).toContain('realm="other"');
    expect(errorResponse(new InvalidTokenError('The access token expired')).body).toContain('expired');
    expect(errorResponse(new InvalidTokenError('The access token is malformed')).body).toContain('malformed');
  });

  it('keeps apart an absent and an empty required scope, and parts that contain newlines', () => {
    const absent = errorResponse(new InsufficientScopeError('Lacks a scope').present(apart));
    const empty = errorResponse(new InsufficientScopeError('Lacks a scope', { requiredScope: '' }).present(apart));
    expect(absent.headers['WWW-Authenticate']).not.toContain('scope=');
    expect(empty).not.toBe(absent);
    const a = errorResponse(new InvalidTokenError('x\ny').present({ realm: 'r' }));
    const b = errorResponse(new InvalidTokenError('y').present({ realm: 'r\nx' }));
    expect(a).not.toBe(b);
  });

  it('renders a 503 with Retry-After and no challenge', () => {
    const { status, headers } = errorResponse(
      new IssuerUnavailableError('The issuer is down', { retryAfterSeconds: 7 }),
    );
    expect(status).toBe(503);
    expect(headers['Retry-After']).toBe('7');
    expect(headers['WWW-Authenticate']).toBeUndefined();
  });

  it('renders an application subclass afresh, with the headers it adds', () => {
    let calls = 0;
    class TeapotError extends AccessGuardError {
      readonly status = 418;
      readonly code = 'ERR_INVALID_REQUEST';
      readonly error = 'invalid_request';
      override get headers(): Record<string, string> {
        calls += 1;
        return { ...super.headers, 'X-Teapot': String(calls) };
      }
    }
    expect(errorResponse(new TeapotError('short and stout')).headers['X-Teapot']).toBe('1');
    expect(errorResponse(new TeapotError('short and stout')).headers['X-Teapot']).toBe('2');
  });
});
