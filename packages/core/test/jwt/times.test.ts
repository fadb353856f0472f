import { InvalidTokenError } from '../../src/errors.js';
import { checkTokenTimes, type TimePolicy } from '../../src/jwt/times.js';

const NOW = 1_700_000_000; // seconds
const policy: TimePolicy = {
  clockToleranceSeconds: 5,
  maxTokenAgeSeconds: undefined,
  maxTokenLifetimeSeconds: undefined,
};

/** The InvalidTokenError checkTokenTimes throws (fails the test if it passes). */
function failure(
  payload: Record<string, unknown>,
  now = NOW,
  p: TimePolicy = policy,
  requireExp?: boolean,
): InvalidTokenError {
  try {
    checkTokenTimes(payload, now, p, requireExp);
  } catch (error) {
    if (error instanceof InvalidTokenError) return error;
    throw error;
  }
  throw new Error('checkTokenTimes did not throw');
}

describe('checkTokenTimes', () => {
  describe('exp', () => {
    it('accepts a token that expires in the future', () => {
      expect(() => checkTokenTimes({ exp: NOW + 60 }, NOW, policy)).not.toThrow();
    });

    it('requires exp', () => {
      expect(failure({ iat: NOW }).message).toBe('The access token has no exp claim');
    });

    it('does not require exp when requireExp is false', () => {
      expect(() => checkTokenTimes({ iat: NOW }, NOW, policy, false)).not.toThrow();
    });

    it('still refuses an expired exp when requireExp is false', () => {
      expect(failure({ exp: NOW - 60 }, NOW, policy, false).message).toBe('The access token expired');
    });

    it('accepts a token one second before exp + leeway', () => {
      expect(() => checkTokenTimes({ exp: NOW - 4 }, NOW, policy)).not.toThrow();
    });

    it('refuses a token at exactly exp + leeway', () => {
      expect(failure({ exp: NOW - 5 }).message).toBe('The access token expired');
    });

    it('refuses a token at exactly exp with no leeway', () => {
      expect(failure({ exp: NOW }, NOW, { ...policy, clockToleranceSeconds: 0 }).message).toBe(
        'The access token expired',
      );
    });

    it('respects a larger leeway', () => {
      expect(() => checkTokenTimes({ exp: NOW - 59 }, NOW, { ...policy, clockToleranceSeconds: 60 })).not.toThrow();
    });

    it('accepts exp at 9999-12-31T23:59:59Z, the largest NumericDate it allows', () => {
      expect(() => checkTokenTimes({ exp: 253_402_300_799 }, NOW, policy)).not.toThrow();
    });

    it('refuses exp one second past 9999-12-31T23:59:59Z', () => {
      expect(failure({ exp: 253_402_300_800 }).message).toBe('The exp claim is not a valid NumericDate');
    });

    it('compares fractional seconds', () => {
      expect(() => checkTokenTimes({ exp: NOW }, NOW - 0.001, { ...policy, clockToleranceSeconds: 0 })).not.toThrow();
    });
  });

  describe.each(['exp', 'nbf', 'iat'] as const)('%s as a NumericDate', (claim) => {
    const valid = { exp: NOW + 60, nbf: NOW - 60, iat: NOW - 60 };

    it.each<[string, unknown]>([
      ['a numeric string', String(NOW)],
      ['1e21', 1e21],
      ['1e300', 1e300],
      ['a negative number', -1],
      ['NaN', NaN],
      ['Infinity', Infinity],
      ['-Infinity', -Infinity],
      ['null', null],
      ['a boolean', true],
      ['an array', [NOW]],
      ['an object', { value: NOW }],
    ])(`refuses ${claim} as %s with 401 invalid_token`, (_name, value) => {
      const error = failure({ ...valid, [claim]: value });
      expect(error.status).toBe(401);
      expect(error.error).toBe('invalid_token');
      expect(error.message).toBe(`The ${claim} claim is not a valid NumericDate`);
    });

    it(`accepts ${claim} with a fractional part`, () => {
      expect(() => checkTokenTimes({ ...valid, [claim]: valid[claim] + 0.5 }, NOW, policy)).not.toThrow();
    });
  });

  describe('nbf', () => {
    it('refuses a token whose nbf is beyond the leeway', () => {
      expect(failure({ exp: NOW + 600, nbf: NOW + 6 }).message).toBe('The access token is not valid yet');
    });

    it('accepts a token whose nbf is exactly now + leeway', () => {
      expect(() => checkTokenTimes({ exp: NOW + 600, nbf: NOW + 5 }, NOW, policy)).not.toThrow();
    });
  });

  describe('iat', () => {
    it('refuses a token issued in the future beyond the leeway', () => {
      expect(failure({ exp: NOW + 600, iat: NOW + 6 }).message).toBe('The access token was issued in the future');
    });

    it('accepts a token issued exactly leeway seconds in the future', () => {
      expect(() => checkTokenTimes({ exp: NOW + 600, iat: NOW + 5 }, NOW, policy)).not.toThrow();
    });

    it('does not require iat without a lifetime policy', () => {
      expect(() => checkTokenTimes({ exp: NOW + 600 }, NOW, policy)).not.toThrow();
    });
  });

  describe('maxTokenAge', () => {
    const aged: TimePolicy = { ...policy, maxTokenAgeSeconds: 300 };

    it('requires iat', () => {
      expect(failure({ exp: NOW + 60 }, NOW, aged).message).toBe(
        'The access token has no iat claim, which this API requires',
      );
    });

    it('accepts a token exactly maxTokenAge old', () => {
      expect(() => checkTokenTimes({ exp: NOW + 60, iat: NOW - 300 }, NOW, aged)).not.toThrow();
    });

    it('refuses a token one second older than maxTokenAge: the clock tolerance does not extend the age limit', () => {
      expect(failure({ exp: NOW + 60, iat: NOW - 301 }, NOW, aged).message).toBe(
        'The access token is older than this API accepts (300 s)',
      );
    });
  });

  describe('maxTokenLifetime', () => {
    const shortLived: TimePolicy = { ...policy, maxTokenLifetimeSeconds: 900 };

    it('requires iat', () => {
      expect(failure({ exp: NOW + 60 }, NOW, shortLived).message).toBe(
        'The access token has no iat claim, which this API requires',
      );
    });

    it('accepts a lifetime of exactly maxTokenLifetime', () => {
      expect(() => checkTokenTimes({ iat: NOW - 100, exp: NOW + 800 }, NOW, shortLived)).not.toThrow();
    });

    it('refuses a lifetime one second over maxTokenLifetime', () => {
      expect(failure({ iat: NOW - 100, exp: NOW + 801 }, NOW, shortLived).message).toBe(
        'The access token lives longer than this API accepts (900 s)',
      );
    });

    it('refuses a day-long token', () => {
      expect(failure({ iat: NOW, exp: NOW + 86_400 }, NOW, shortLived).message).toBe(
        'The access token lives longer than this API accepts (900 s)',
      );
    });

    it('refuses a token without exp when requireExp is false (no lifetime can be proved)', () => {
      expect(failure({ iat: NOW }, NOW, shortLived, false).message).toBe(
        'The access token lives longer than this API accepts (900 s)',
      );
    });
  });
});
