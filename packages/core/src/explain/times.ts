import type { AccessGuardError } from '../errors.js';
import { describeFailure } from '../diagnostics/loggers.js';
import { checkTokenTimes, type TimePolicy } from '../jwt/times.js';
import type { ExplainCheck, Step } from './check.js';

/** When a NumericDate is, for a person: an ISO time and how far from now. */
function when(seconds: number, nowSeconds: number): string {
  const delta = Math.round(seconds - nowSeconds);
  const relative = delta >= 0 ? `in ${delta} s` : `${-delta} s ago`;
  return `${new Date(seconds * 1000).toISOString()}, ${relative}`;
}

/**
 * Runs the verifier's own time check on one claim (or one policy) at a time, so that each is
 * explained on its own: `check` receives only the claims it needs and the part of the policy it tests.
 */
function timeStep(
  name: ExplainCheck['name'],
  claims: Record<string, unknown>,
  nowSeconds: number,
  policy: TimePolicy,
  requireExp: boolean,
  detail: string,
): Step {
  try {
    checkTokenTimes(claims, nowSeconds, policy, requireExp);
    return { name, status: 'pass', detail };
  } catch (error) {
    // checkTokenTimes throws only InvalidTokenError.
    const refusal = error as AccessGuardError;
    return { name, status: 'fail', detail: describeFailure(refusal), reason: refusal.reason };
  }
}

/** `exp`, `nbf`, `iat` (with the clock tolerance), then `maxTokenAge` and `maxTokenLifetime` when configured. */
export function explainTimes(claims: Record<string, unknown>, policy: TimePolicy, nowSeconds: number): Step[] {
  const leeway = policy.clockToleranceSeconds;
  const claimsOnly: TimePolicy = {
    clockToleranceSeconds: leeway,
    maxTokenAgeSeconds: undefined,
    maxTokenLifetimeSeconds: undefined,
  };
  const { exp, nbf, iat } = claims;
  const tolerance = `clock tolerance ${leeway} s`;
  const at = (value: unknown) => (typeof value === 'number' ? when(value, nowSeconds) : String(value));
  const steps: Step[] = [
    timeStep('exp', { exp }, nowSeconds, claimsOnly, true, `expires ${at(exp)} (${tolerance})`),
    nbf === undefined
      ? { name: 'nbf', status: 'pass', detail: 'no nbf claim' }
      : timeStep('nbf', { nbf }, nowSeconds, claimsOnly, false, `valid from ${at(nbf)} (${tolerance})`),
    iat === undefined
      ? { name: 'iat', status: 'pass', detail: 'no iat claim' }
      : timeStep('iat', { iat }, nowSeconds, claimsOnly, false, `issued ${at(iat)} (${tolerance})`),
  ];
  const { maxTokenAgeSeconds: maxAge, maxTokenLifetimeSeconds: maxLifetime } = policy;
  const none = {
    clockToleranceSeconds: Number.MAX_SAFE_INTEGER,
    maxTokenAgeSeconds: undefined,
    maxTokenLifetimeSeconds: undefined,
  };
  if (maxAge !== undefined) {
    const age = typeof iat === 'number' ? `${Math.round(nowSeconds - iat)} s old` : '';
    steps.push(
      timeStep(
        'maxTokenAge',
        { iat },
        nowSeconds,
        { ...none, maxTokenAgeSeconds: maxAge },
        false,
        `${age}, at most ${maxAge} s allowed`,
      ),
    );
  }
  if (maxLifetime !== undefined) {
    const lifetime = typeof iat === 'number' && typeof exp === 'number' ? `lives ${Math.round(exp - iat)} s` : '';
    steps.push(
      timeStep(
        'maxTokenLifetime',
        { iat, exp },
        nowSeconds,
        { ...none, maxTokenLifetimeSeconds: maxLifetime },
        false,
        `${lifetime}, at most ${maxLifetime} s allowed`,
      ),
    );
  }
  return steps;
}
