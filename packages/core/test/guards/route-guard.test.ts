import { InsufficientScopeError, MissingTokenError } from '../../src/errors.js';
import {
  createClaimGuard,
  createScopeGuard,
  GuardOrderError,
  type RequireScopeOptions,
} from '../../src/guards/route-guard.js';
import type { AuthResult } from '../../src/result.js';

const NOW = 1_700_000_000_000;

function auth(scopes: readonly string[], payload: Record<string, unknown> = {}): AuthResult {
  return {
    token: 't',
    format: 'jwt',
    header: { alg: 'RS256' },
    payload,
    scopes,
    issuer: 'https://issuer.example/',
    scheme: 'Bearer',
    confirmation: undefined,
  };
}

describe('createScopeGuard', () => {
  it('passes a result that grants the scope', () => {
    expect(createScopeGuard('read').refusal(auth(['read']), NOW)).toBeUndefined();
  });

  it('requires every scope by default', () => {
    const guard = createScopeGuard(['read', 'write']);
    expect(guard.refusal(auth(['write', 'read']), NOW)).toBeUndefined();
    expect(guard.refusal(auth(['read']), NOW)).toBeInstanceOf(InsufficientScopeError);
  });

  it("accepts one of the scopes with match: 'any'", () => {
    const guard = createScopeGuard(['read', 'write'], { match: 'any' });
    expect(guard.refusal(auth(['write']), NOW)).toBeUndefined();
    expect(guard.refusal(auth(['admin']), NOW)).toBeInstanceOf(InsufficientScopeError);
  });

  it('names every required scope in the 403', () => {
    const refusal = createScopeGuard(['read', 'transfer:funds']).refusal(auth(['read']), NOW);
    expect(refusal).toMatchObject({ status: 403, requiredScope: 'read transfer:funds' });
  });

  it.each([[undefined], [null], ['a string']])('answers 401 MissingTokenError for a result of %p', (value) => {
    const refusal = createScopeGuard('read').refusal(value, NOW);
    expect(refusal).toBeInstanceOf(MissingTokenError);
    expect(refusal?.status).toBe(401);
  });

  it('judges a spread or enriched copy exactly as the original', () => {
    const guard = createScopeGuard('write');
    const original = auth(['read']);
    expect(guard.refusal({ ...original, tenant: 'acme' }, NOW)).toBeInstanceOf(InsufficientScopeError);
    expect(guard.refusal({ ...auth(['write']), tenant: 'acme' }, NOW)).toBeUndefined();
  });

  it.each([
    ['a space-delimited string', 'admin read'],
    ['a string equal to the scope', 'write'],
    ['an array with a non-string', ['write', 1]],
    ['missing', undefined],
  ])('refuses scopes given as %s, never matching by substring', (_label, scopes) => {
    const refusal = createScopeGuard('write').refusal({ ...auth([]), scopes }, NOW);
    expect(refusal).toBeInstanceOf(InsufficientScopeError);
  });

  it('names itself requireScope', () => {
    expect(createScopeGuard('read').name).toBe('requireScope');
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
  it('passes a result whose claims match', () => {
    expect(createClaimGuard({ email_verified: true }).refusal(auth([], { email_verified: true }), NOW)).toBeUndefined();
  });

  it('matches a value inside an array claim', () => {
    expect(
      createClaimGuard({ roles: 'teller' }).refusal(auth([], { roles: ['teller', 'auditor'] }), NOW),
    ).toBeUndefined();
  });

  it('refuses with 403 and no scope attribute when an object check fails', () => {
    const refusal = createClaimGuard({ email_verified: true }).refusal(auth([], { email_verified: false }), NOW);
    expect(refusal).toBeInstanceOf(InsufficientScopeError);
    expect(refusal?.headers['WWW-Authenticate']).not.toContain('scope=');
  });

  it('runs a predicate over the payload', () => {
    const guard = createClaimGuard((claims) => claims.sub === 'alice');
    expect(guard.refusal(auth([], { sub: 'alice' }), NOW)).toBeUndefined();
    expect(guard.refusal(auth([], { sub: 'bob' }), NOW)).toBeInstanceOf(InsufficientScopeError);
  });

  it('refuses with 403 when the predicate throws', () => {
    const guard = createClaimGuard(() => {
      throw new Error('boom');
    });
    expect(guard.refusal(auth([]), NOW)?.status).toBe(403);
  });

  it('refuses a result without a payload object', () => {
    expect(createClaimGuard({ sub: 'alice' }).refusal({ ...auth([]), payload: 'sub=alice' }, NOW)?.status).toBe(403);
  });

  it('answers 401 MissingTokenError when the result is gone', () => {
    expect(createClaimGuard({ sub: 'alice' }).refusal(undefined, NOW)).toBeInstanceOf(MissingTokenError);
  });

  it('validates the check when it is built', () => {
    expect(() => createClaimGuard({})).toThrow(TypeError);
  });
});

describe('GuardOrderError', () => {
  it('is a 500, not exposed, that says to mount requireAuth first', () => {
    const error = new GuardOrderError('requireScope');
    expect(error).toMatchObject({ status: 500, statusCode: 500, expose: false, name: 'GuardOrderError' });
    expect(error.message).toBe(
      'access-guard: requireScope needs requireAuth to run before it on this route; mount requireAuth first.',
    );
  });
});
