import { DEFAULT_REALM } from '../src/http/challenge.js';
import {
  AccessGuardError,
  ConfigurationError,
  InsufficientScopeError,
  InvalidRequestError,
  InvalidTokenError,
  IssuerUnavailableError,
  MissingTokenError,
} from '../src/errors.js';

describe('DEFAULT_REALM', () => {
  it("is 'api'", () => {
    expect(DEFAULT_REALM).toBe('api');
  });
});

describe('AccessGuardError', () => {
  const all: ReadonlyArray<[string, () => AccessGuardError]> = [
    ['MissingTokenError', () => new MissingTokenError()],
    ['InvalidRequestError', () => new InvalidRequestError('bad request')],
    ['InvalidTokenError', () => new InvalidTokenError('bad token')],
    ['InsufficientScopeError', () => new InsufficientScopeError('no scope')],
    ['IssuerUnavailableError', () => new IssuerUnavailableError('down')],
    ['ConfigurationError', () => new ConfigurationError('misconfigured')],
  ];

  it.each(all)('%s is an instance of AccessGuardError and Error', (_name, make) => {
    const error = make();
    expect(error).toBeInstanceOf(AccessGuardError);
    expect(error).toBeInstanceOf(Error);
  });

  it.each(all)('%s has its class name as name', (name, make) => {
    expect(make().name).toBe(name);
  });

  it.each(all)("%s uses the realm 'api' by default", (_name, make) => {
    expect(make().realm).toBe('api');
  });

  it.each(all)('%s has statusCode equal to status', (_name, make) => {
    const error = make();
    expect(error.statusCode).toBe(error.status);
  });

  it.each(all)('%s has description equal to message', (_name, make) => {
    const error = make();
    expect(error.description).toBe(error.message);
  });

  it('keeps the cause but never puts it in the message or the JSON body', () => {
    const cause = new Error('signature mismatch for eyJhbGciOi.secret.token');
    const error = new InvalidTokenError('The access token signature is invalid', { cause });
    expect(error.cause).toBe(cause);
    expect(error.message).toBe('The access token signature is invalid');
    expect(JSON.stringify(error.toJSON())).not.toContain('eyJhbGciOi');
    expect(error.headers['WWW-Authenticate']).not.toContain('eyJhbGciOi');
  });

  it('has no own cause when none is given', () => {
    expect(Object.prototype.hasOwnProperty.call(new InvalidTokenError('x'), 'cause')).toBe(false);
  });

  it('strips forbidden characters of the realm and message from the challenge', () => {
    const error = new InvalidTokenError('bad "token"\r\n').present({ realm: 'my "realm"' });
    expect(error.headers).toEqual({
      'WWW-Authenticate': 'Bearer realm="my realm", error="invalid_token", error_description="bad token"',
    });
  });
});

describe('MissingTokenError', () => {
  it('is a 401 with code ERR_MISSING_TOKEN and no error attribute', () => {
    const error = new MissingTokenError();
    expect(error.status).toBe(401);
    expect(error.statusCode).toBe(401);
    expect(error.expose).toBe(true);
    expect(error.code).toBe('ERR_MISSING_TOKEN');
    expect(error.error).toBeUndefined();
  });

  it("has the default message 'Authentication required'", () => {
    expect(new MissingTokenError().message).toBe('Authentication required');
  });

  it('carries a challenge with only the realm (RFC 6750 §3.1)', () => {
    expect(new MissingTokenError().headers).toEqual({ 'WWW-Authenticate': 'Bearer realm="api"' });
  });

  it('adds resource_metadata when the presentation names it (RFC 9728 §5.1)', () => {
    const error = new MissingTokenError().present({
      realm: 'mcp',
      resourceMetadata: 'https://api.example/.well-known/oauth-protected-resource/mcp',
    });
    expect(error.headers['WWW-Authenticate']).toBe(
      'Bearer realm="mcp", resource_metadata="https://api.example/.well-known/oauth-protected-resource/mcp"',
    );
  });

  it('uses the configured realm in the challenge', () => {
    expect(new MissingTokenError().present({ realm: 'bank' }).headers).toEqual({
      'WWW-Authenticate': 'Bearer realm="bank"',
    });
  });

  it("renders error 'unauthorized' in the JSON body", () => {
    expect(new MissingTokenError().toJSON()).toEqual({
      error: 'unauthorized',
      error_description: 'Authentication required',
    });
  });

  it('accepts a custom message', () => {
    expect(new MissingTokenError('Log in first').toJSON()).toEqual({
      error: 'unauthorized',
      error_description: 'Log in first',
    });
  });
});

describe('InvalidRequestError', () => {
  const error = new InvalidRequestError('The request has more than one Authorization header').present({
    realm: 'bank',
  });

  it('is a 400 invalid_request with code ERR_INVALID_REQUEST', () => {
    expect(error.status).toBe(400);
    expect(error.statusCode).toBe(400);
    expect(error.expose).toBe(true);
    expect(error.code).toBe('ERR_INVALID_REQUEST');
    expect(error.error).toBe('invalid_request');
  });

  it('carries the exact challenge header', () => {
    expect(error.headers).toEqual({
      'WWW-Authenticate':
        'Bearer realm="bank", error="invalid_request", error_description="The request has more than one Authorization header"',
    });
  });

  it('renders the RFC 6750 JSON body', () => {
    expect(error.toJSON()).toEqual({
      error: 'invalid_request',
      error_description: 'The request has more than one Authorization header',
    });
  });
});

describe('InvalidTokenError', () => {
  const error = new InvalidTokenError('The access token expired');

  it('is a 401 invalid_token with code ERR_INVALID_TOKEN', () => {
    expect(error.status).toBe(401);
    expect(error.statusCode).toBe(401);
    expect(error.expose).toBe(true);
    expect(error.code).toBe('ERR_INVALID_TOKEN');
    expect(error.error).toBe('invalid_token');
  });

  it('carries the exact challenge header', () => {
    expect(error.headers).toEqual({
      'WWW-Authenticate': 'Bearer realm="api", error="invalid_token", error_description="The access token expired"',
    });
  });

  it('renders the RFC 6750 JSON body', () => {
    expect(error.toJSON()).toEqual({ error: 'invalid_token', error_description: 'The access token expired' });
  });
});

describe('InsufficientScopeError', () => {
  const error = new InsufficientScopeError('The access token lacks a required scope', { requiredScope: 'a b' });

  it('is a 403 insufficient_scope with code ERR_INSUFFICIENT_SCOPE', () => {
    expect(error.status).toBe(403);
    expect(error.statusCode).toBe(403);
    expect(error.expose).toBe(true);
    expect(error.code).toBe('ERR_INSUFFICIENT_SCOPE');
    expect(error.error).toBe('insufficient_scope');
  });

  it('keeps the required scope', () => {
    expect(error.requiredScope).toBe('a b');
  });

  it('carries the exact challenge header with the scope attribute last', () => {
    expect(error.headers).toEqual({
      'WWW-Authenticate':
        'Bearer realm="api", error="insufficient_scope", error_description="The access token lacks a required scope", scope="a b"',
    });
  });

  it('has no scope attribute for a failed claim check', () => {
    const claimError = new InsufficientScopeError('Claims missing').present({ realm: 'bank' });
    expect(claimError.requiredScope).toBeUndefined();
    expect(claimError.headers).toEqual({
      'WWW-Authenticate': 'Bearer realm="bank", error="insufficient_scope", error_description="Claims missing"',
    });
  });

  it('renders the RFC 6750 JSON body without the scope', () => {
    expect(error.toJSON()).toEqual({
      error: 'insufficient_scope',
      error_description: 'The access token lacks a required scope',
    });
  });
});

describe('IssuerUnavailableError', () => {
  const error = new IssuerUnavailableError('The issuer could not be reached').present({ realm: 'bank' });

  it('is a 503 temporarily_unavailable with code ERR_ISSUER_UNAVAILABLE', () => {
    expect(error.status).toBe(503);
    expect(error.statusCode).toBe(503);
    expect(error.code).toBe('ERR_ISSUER_UNAVAILABLE');
    expect(error.error).toBe('temporarily_unavailable');
  });

  it('is not exposed', () => {
    expect(error.expose).toBe(false);
  });

  it('carries only Retry-After, 5 seconds by default, and no WWW-Authenticate', () => {
    expect(error.headers).toEqual({ 'Retry-After': '5' });
  });

  it('uses the given retryAfterSeconds', () => {
    expect(new IssuerUnavailableError('down', { retryAfterSeconds: 30 }).headers).toEqual({ 'Retry-After': '30' });
    expect(new IssuerUnavailableError('down', { retryAfterSeconds: 30 }).retryAfterSeconds).toBe(30);
  });

  it('renders the JSON body', () => {
    expect(error.toJSON()).toEqual({
      error: 'temporarily_unavailable',
      error_description: 'The issuer could not be reached',
    });
  });

  it('keeps its cause out of the message', () => {
    const cause = new Error('connect ECONNREFUSED 10.0.0.1:443');
    const withCause = new IssuerUnavailableError('The issuer could not be reached', { cause });
    expect(withCause.cause).toBe(cause);
    expect(withCause.message).not.toContain('ECONNREFUSED');
    expect(JSON.stringify(withCause.toJSON())).not.toContain('ECONNREFUSED');
  });
});

describe('stack traces', () => {
  it('records no stack frames for expected 4xx answers, so the rejection path stays cheap', () => {
    const error = new InvalidTokenError('The access token expired');
    expect(error.stack).not.toContain('\n    at ');
    expect(Error.stackTraceLimit).toBeGreaterThan(0);
  });

  it('keeps stack frames for a 503, which points at an outage worth debugging', () => {
    expect(new IssuerUnavailableError('down').stack).toContain('\n    at ');
  });
});

describe('ConfigurationError', () => {
  const error = new ConfigurationError('The API cannot check access tokens', {
    cause: new Error('the metadata names another issuer'),
  });

  it('is a 500 server_error with code ERR_CONFIGURATION, not exposed, with a stack', () => {
    expect(error).toMatchObject({ status: 500, code: 'ERR_CONFIGURATION', error: 'server_error', expose: false });
    expect(error.stack).toContain('\n    at ');
  });

  it('carries no challenge and no Retry-After', () => {
    expect(error.headers).toEqual({});
  });

  it('keeps the reason in the cause, out of the JSON body', () => {
    expect(error.toJSON()).toEqual({ error: 'server_error', error_description: 'The API cannot check access tokens' });
  });
});
