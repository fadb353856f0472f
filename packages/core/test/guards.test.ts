import { boundJwtResult, resultPrototype } from '../src/auth-context.js';
import { errorResponse } from '../src/error-response.js';
import { AccessGuardError, InsufficientScopeError, MissingTokenError } from '../src/errors.js';
import { createClaimGuard, createScopeGuard, type RequireScopeOptions } from '../src/guards.js';
import type { AuthResult } from '../src/types.js';

function auth(scopes: readonly string[], payload: Record<string, unknown> = {}): AuthResult {
  return { token: 't', format: 'jwt', header: { alg: 'RS256' }, payload, scopes };
}

/** A result as an authenticator with `realm` creates it (linked to its context). */
function authIn(realm: string, scopes: readonly string[], payload: Record<string, unknown> = {}): AuthResult {
  return boundJwtResult(resultPrototype({ realm }), 't', { header: { alg: 'RS256' }, payload, scopes });
}

/** The access-guard error `run` throws (fails the test if it does not throw one). */
function failure(run: () => unknown): AccessGuardError {
  try {
    run();
  } catch (error) {
    if (error instanceof AccessGuardError) return error;
    throw error;
  }
  throw new Error('the guard did not throw');
}

describe('createScopeGuard', () => {
  it('returns the result it accepted', () => {
    const result = auth(['read']);
    expect(createScopeGuard('read')(result)).toBe(result);
  });

  it('requires every scope by default', () => {
    const guard = createScopeGuard(['read', 'write']);
    expect(guard(auth(['write', 'read']))).toBeDefined();
    expect(() => guard(auth(['read']))).toThrow(InsufficientScopeError);
  });

  it("accepts one of the scopes with match: 'any'", () => {
    const guard = createScopeGuard(['read', 'write'], { match: 'any' });
    expect(guard(auth(['write']))).toBeDefined();
    expect(() => guard(auth(['admin']))).toThrow(InsufficientScopeError);
  });

  it('throws MissingTokenError when no authentication ran before it', () => {
    const error = failure(() => createScopeGuard('read')(undefined));
    expect(error).toBeInstanceOf(MissingTokenError);
    expect(error.status).toBe(401);
    expect(error.message).toBe('Authentication required (requireAuth must run before this guard)');
  });

  it('uses the realm bound to the result in the 403 challenge', () => {
    const result = authIn('bank', ['read']);
    const error = failure(() => createScopeGuard(['read', 'transfer:funds'])(result));
    expect(error.headers).toEqual({
      'WWW-Authenticate':
        'Bearer realm="bank", error="insufficient_scope", error_description="The access token lacks a required scope", scope="read transfer:funds"',
    });
  });

  it('gives a spread copy of a bound result no context (realm api), and exposes none on the result', () => {
    const bound = authIn('bank', ['read']);
    const error = failure(() => createScopeGuard('write')({ ...bound }));
    expect(error.realm).toBe('api');
    expect(Object.getOwnPropertySymbols(bound)).toEqual([]);
    expect(Object.getOwnPropertySymbols(Object.getPrototypeOf(bound))).toEqual([]);
    expect(Object.keys(bound)).toEqual(['token', 'format', 'header', 'payload', 'scopes']);
  });

  it("uses the realm 'api' for a result with no bound context", () => {
    const error = failure(() => createScopeGuard('write')(auth(['read'])));
    expect(error.realm).toBe('api');
  });

  it('returns the refusal it would throw from refusal(), and undefined for a pass', () => {
    const guard = createScopeGuard(['read', 'write']);
    expect(guard.refusal(auth(['read', 'write']))).toBeUndefined();
    const refusal = guard.refusal(auth(['read']));
    expect(refusal).toBeInstanceOf(InsufficientScopeError);
    expect(refusal?.headers).toEqual(failure(() => guard(auth(['read']))).headers);
    expect(guard.refusal(undefined)).toBeInstanceOf(MissingTokenError);
  });

  it('answers refusalResponse() with the rendered refusal, reused per realm', () => {
    const guard = createScopeGuard('write');
    expect(guard.refusalResponse(auth(['write']))).toBeUndefined();
    const inApi = guard.refusalResponse(auth(['read']));
    expect(inApi).toEqual(errorResponse(failure(() => guard(auth(['read'])))));
    expect(guard.refusalResponse(auth([]))).toBe(inApi);
    const inBank = authIn('bank', ['read']);
    expect(guard.refusalResponse(inBank)?.headers['WWW-Authenticate']).toContain('realm="bank"');
    expect(guard.refusalResponse(undefined)?.status).toBe(401);
  });

  it('still answers correctly past the number of realms it remembers', () => {
    const guard = createScopeGuard('write');
    for (let i = 0; i < 70; i += 1) {
      const result = authIn(`realm-${i}`, []);
      expect(guard.refusalResponse(result)?.headers['WWW-Authenticate']).toContain(`realm="realm-${i}"`);
    }
  });

  it('validates the scopes when it is built', () => {
    expect(() => createScopeGuard([])).toThrow(TypeError);
    expect(() => createScopeGuard('read write')).toThrow(TypeError);
  });

  it.each([['some'], ['ALL'], ['']])('rejects match %j with a TypeError', (match) => {
    expect(() => createScopeGuard('read', { match } as unknown as RequireScopeOptions)).toThrow(
      new TypeError("access-guard: requireScope's `match` must be 'all' or 'any'."),
    );
  });
});

describe('createClaimGuard', () => {
  it('returns the result when the claims match', () => {
    const result = auth([], { email_verified: true });
    expect(createClaimGuard({ email_verified: true })(result)).toBe(result);
  });

  it('matches a value inside an array claim', () => {
    expect(createClaimGuard({ roles: 'teller' })(auth([], { roles: ['teller', 'auditor'] }))).toBeDefined();
  });

  it('refuses with 403 when an object check fails', () => {
    const error = failure(() => createClaimGuard({ email_verified: true })(auth([], { email_verified: false })));
    expect(error).toBeInstanceOf(InsufficientScopeError);
    expect(error.status).toBe(403);
  });

  it('runs a predicate over the payload', () => {
    const guard = createClaimGuard((claims) => claims.sub === 'alice');
    expect(guard(auth([], { sub: 'alice' }))).toBeDefined();
    expect(() => guard(auth([], { sub: 'bob' }))).toThrow(InsufficientScopeError);
  });

  it('refuses with 403 when the predicate throws', () => {
    const guard = createClaimGuard(() => {
      throw new Error('boom');
    });
    const error = failure(() => guard(auth([])));
    expect(error).toBeInstanceOf(InsufficientScopeError);
    expect(error.status).toBe(403);
  });

  it('throws MissingTokenError when no authentication ran before it', () => {
    expect(failure(() => createClaimGuard({ sub: 'alice' })(undefined))).toBeInstanceOf(MissingTokenError);
  });

  it('uses the realm bound to the result in the 403 challenge', () => {
    const result = authIn('bank', [], { sub: 'bob' });
    const error = failure(() => createClaimGuard({ sub: 'alice' })(result));
    expect(error.headers).toEqual({
      'WWW-Authenticate':
        'Bearer realm="bank", error="insufficient_scope", error_description="The access token does not carry the claims this resource requires"',
    });
  });

  it('returns the refusal from refusal() instead of throwing it', () => {
    const guard = createClaimGuard({ sub: 'alice' });
    expect(guard.refusal(auth([], { sub: 'alice' }))).toBeUndefined();
    expect(guard.refusal(auth([], { sub: 'bob' }))).toBeInstanceOf(InsufficientScopeError);
    expect(guard.refusal(undefined)).toBeInstanceOf(MissingTokenError);
  });

  it('answers refusalResponse() with the 403 of a failed check', () => {
    const guard = createClaimGuard({ sub: 'alice' });
    expect(guard.refusalResponse(auth([], { sub: 'alice' }))).toBeUndefined();
    expect(guard.refusalResponse(auth([], { sub: 'bob' }))?.status).toBe(403);
  });

  it('validates the check when it is built', () => {
    expect(() => createClaimGuard({})).toThrow(TypeError);
  });
});
