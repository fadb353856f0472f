import { claimsPass, insufficientClaims, normalizeClaimCheck } from '../../src/guards/claims.js';
import { InsufficientScopeError } from '../../src/errors.js';
import type { AccessTokenClaims } from '../../src/result.js';

const claims: AccessTokenClaims = {
  sub: 'alice',
  email_verified: true,
  tier: 2,
  roles: ['teller', 'auditor'],
  amr: ['pwd', 'otp'],
};

describe('normalizeClaimCheck', () => {
  it('returns a predicate unchanged', () => {
    const predicate = (c: AccessTokenClaims): boolean => c.sub === 'alice';
    expect(normalizeClaimCheck(predicate)).toBe(predicate);
  });

  it.each<[string, Record<string, string | number | boolean>]>([
    ['a string claim', { sub: 'alice' }],
    ['a boolean claim', { email_verified: true }],
    ['a number claim', { tier: 2 }],
    ['a value inside an array claim', { roles: 'auditor' }],
    ['several claims at once', { sub: 'alice', roles: 'teller', amr: 'otp' }],
  ])('matches %s', (_name, check) => {
    expect(normalizeClaimCheck(check)(claims)).toBe(true);
  });

  it.each<[string, Record<string, string | number | boolean>]>([
    ['a different string', { sub: 'bob' }],
    ['a missing claim', { department: 'loans' }],
    ['a value absent from an array claim', { roles: 'admin' }],
    ['a string where the claim is a boolean', { email_verified: 'true' }],
    ['a string where the claim is a number', { tier: '2' }],
    ['a different case', { sub: 'Alice' }],
    ['one of several claims failing', { sub: 'alice', roles: 'admin' }],
  ])('does not match %s', (_name, check) => {
    expect(normalizeClaimCheck(check)(claims)).toBe(false);
  });

  it('does not match an inherited property', () => {
    expect(normalizeClaimCheck({ toString: 'x' })(claims)).toBe(false);
  });

  it.each<[string, unknown]>([
    ['an empty object', {}],
    ['null', null],
    ['a string', 'email_verified'],
  ])('rejects %s with a TypeError', (_name, check) => {
    expect(() => normalizeClaimCheck(check as Record<string, string>)).toThrow(
      new TypeError(
        'access-guard: requireClaims needs a predicate or an object of expected claim values, e.g. requireClaims({ email_verified: true }).',
      ),
    );
  });

  it.each<[string, unknown]>([
    ['an array', ['teller']],
    ['an object', { nested: true }],
    ['null', null],
    ['undefined', undefined],
  ])('rejects %s as an expected value with a TypeError naming the claim', (_name, value) => {
    expect(() => normalizeClaimCheck({ roles: value } as unknown as Record<string, string>)).toThrow(
      new TypeError(
        'access-guard: requireClaims expects a string, number or boolean for "roles"; use a predicate for anything else.',
      ),
    );
  });
});

describe('claimsPass', () => {
  it('passes when the predicate returns true', () => {
    expect(claimsPass(claims, () => true)).toBe(true);
  });

  it('hands the claims to the predicate', () => {
    let seen: AccessTokenClaims | undefined;
    claimsPass(claims, (c: AccessTokenClaims) => {
      seen = c;
      return true;
    });
    expect(seen).toBe(claims);
  });

  it.each<[string, () => unknown]>([
    ['false', () => false],
    ['a truthy non-boolean', () => 1],
    ['undefined', () => undefined],
  ])('refuses when the predicate returns %s', (_name, predicate) => {
    expect(claimsPass(claims, predicate as () => boolean)).toBe(false);
  });

  it('refuses when the predicate throws', () => {
    const predicate = (): boolean => {
      throw new Error('boom');
    };
    expect(claimsPass(claims, predicate)).toBe(false);
  });
});

describe('insufficientClaims', () => {
  it('answers 403 insufficient_scope without a scope attribute', () => {
    const error = insufficientClaims().present({ realm: 'bank' });
    expect(error).toBeInstanceOf(InsufficientScopeError);
    expect(error.status).toBe(403);
    expect(error.requiredScope).toBeUndefined();
    expect(error.message).toBe('The access token does not carry the claims this resource requires');
    expect(error.headers).toEqual({
      'WWW-Authenticate':
        'Bearer realm="bank", error="insufficient_scope", error_description="The access token does not carry the claims this resource requires"',
    });
  });
});
