import { InsufficientUserAuthenticationError } from '../../src/errors.js';
import { authLevelRefusal, normalizeAuthLevel, type AuthLevelOptions } from '../../src/guards/auth-level.js';
import { createAuthLevelGuard } from '../../src/guards/route-guard.js';

const NOW = 1_700_000_000;
const level = normalizeAuthLevel({ acr: ['phr', 'phrh'], maxAgeSeconds: 300 });

describe('normalizeAuthLevel', () => {
  it('accepts acr, maxAgeSeconds or both, and freezes them', () => {
    expect(normalizeAuthLevel({ acr: 'phr' })).toEqual({ acr: ['phr'], maxAgeSeconds: undefined });
    expect(normalizeAuthLevel({ maxAgeSeconds: 0 })).toEqual({ acr: undefined, maxAgeSeconds: 0 });
    expect(Object.isFrozen(level.acr)).toBe(true);
  });

  it.each<[string, AuthLevelOptions]>([
    ['nothing', {}],
    ['an empty acr list', { acr: [] }],
    ['an acr with a space', { acr: ['a b'] }],
    ['an acr with a quote', { acr: ['a"'] }],
    ['a negative max age', { maxAgeSeconds: -1 }],
    ['a fractional max age', { maxAgeSeconds: 1.5 }],
  ])('refuses %s at start-up', (_label, options) => {
    expect(() => normalizeAuthLevel(options)).toThrow(TypeError);
  });
});

describe('authLevelRefusal', () => {
  it('passes an accepted acr with a recent auth_time', () => {
    expect(authLevelRefusal({ acr: 'phrh', auth_time: NOW - 299 }, level, NOW)).toBeUndefined();
  });

  it.each([
    ['a weaker acr', { acr: 'pwd', auth_time: NOW }],
    ['no acr', { auth_time: NOW }],
    ['a non-string acr', { acr: ['phr'], auth_time: NOW }],
  ])('refuses %s naming acr_values and max_age', (_label, claims) => {
    const refusal = authLevelRefusal(claims, level, NOW);
    expect(refusal).toBeInstanceOf(InsufficientUserAuthenticationError);
    expect(refusal?.reason).toBe('weak_authentication');
    expect(refusal?.headers['WWW-Authenticate']).toBe(
      'Bearer realm="api", error="insufficient_user_authentication", error_description="A stronger authentication is required", acr_values="phr phrh", max_age="300"',
    );
  });

  it.each([
    ['an old auth_time', { acr: 'phr', auth_time: NOW - 301 }],
    ['no auth_time', { acr: 'phr' }],
    ['a string auth_time', { acr: 'phr', auth_time: String(NOW) }],
  ])('refuses %s as stale', (_label, claims) => {
    const refusal = authLevelRefusal(claims, level, NOW);
    expect(refusal?.reason).toBe('stale_authentication');
    expect(refusal?.status).toBe(401);
    expect(refusal?.maxAge).toBe(300);
  });

  it('names only max_age when no acr is required', () => {
    const refusal = authLevelRefusal({ auth_time: NOW - 100 }, normalizeAuthLevel({ maxAgeSeconds: 60 }), NOW);
    expect(refusal?.headers['WWW-Authenticate']).toContain('max_age="60"');
    expect(refusal?.headers['WWW-Authenticate']).not.toContain('acr_values');
  });
});

describe('createAuthLevelGuard', () => {
  const guard = createAuthLevelGuard({ acr: ['phr'], maxAgeSeconds: 60 });

  it('judges the result payload at the given time', () => {
    const auth = { payload: { acr: 'phr', auth_time: NOW - 30 } };
    expect(guard.refusal(auth, NOW * 1000)).toBeUndefined();
    expect(guard.refusal(auth, (NOW + 60) * 1000)?.reason).toBe('stale_authentication');
  });

  it('answers 401 MissingTokenError without a result, and refuses a result without a payload', () => {
    expect(guard.refusal(undefined, NOW * 1000)?.code).toBe('ERR_MISSING_TOKEN');
    expect(guard.refusal({}, NOW * 1000)?.reason).toBe('weak_authentication');
    expect(guard.name).toBe('requireAuthLevel');
  });
});
