import { detailValue, InvalidTokenError } from '../errors.js';

/** The time policy a token is checked against on every request, cached or not. Seconds. */
export interface TimePolicy {
  readonly clockToleranceSeconds: number;
  readonly maxTokenAgeSeconds: number | undefined;
  readonly maxTokenLifetimeSeconds: number | undefined;
}

const SKEW_FIX = 'Check the clocks of this server and of the issuer (NTP); clockTolerance covers a few seconds.';

/** A duration for a detail line. */
function seconds(value: number): string {
  return `${Math.round(value)} s`;
}

// 9999-12-31T23:59:59Z: a NumericDate past this is no real date (`1e21`, `1e300`) and is refused.
const MAX_NUMERIC_DATE = 253_402_300_799;

function numericDate(payload: Record<string, unknown>, claim: 'exp' | 'nbf' | 'iat'): number | undefined {
  const value = payload[claim];
  if (value === undefined) return undefined;
  // RFC 7519 §2: a NumericDate is a JSON number; strings, NaN-like and absurd values are refused.
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_NUMERIC_DATE) {
    throw new InvalidTokenError(`The ${claim} claim is not a valid NumericDate`, {
      reason: 'bad_date',
      detail: { expected: 'seconds since the epoch, as a JSON number', actual: detailValue(value) },
    });
  }
  return value;
}

/**
 * Checks `exp` (required unless `requireExp` is false, as for introspection answers), `nbf` and `iat`
 * (RFC 7519 §4.1.4–4.1.6, with the clock tolerance) and the API's lifetime policy (exact) at
 * `nowSeconds`. It runs on every request, including those served from the verified-token cache,
 * because these are the checks whose answer changes with time.
 */
export function checkTokenTimes(
  payload: Record<string, unknown>,
  nowSeconds: number,
  policy: TimePolicy,
  requireExp = true,
): void {
  const { clockToleranceSeconds: leeway } = policy;
  const exp = numericDate(payload, 'exp');
  const nbf = numericDate(payload, 'nbf');
  const iat = numericDate(payload, 'iat');
  if (exp === undefined && requireExp) {
    throw new InvalidTokenError('The access token has no exp claim', { reason: 'missing_exp' });
  }
  if (exp !== undefined && nowSeconds >= exp + leeway) {
    throw new InvalidTokenError('The access token expired', {
      reason: 'expired',
      detail: { actual: `expired ${seconds(nowSeconds - exp)} ago (clock tolerance ${leeway} s)` },
    });
  }
  if (nbf !== undefined && nowSeconds < nbf - leeway) {
    throw new InvalidTokenError('The access token is not valid yet', {
      reason: 'not_yet_valid',
      detail: { actual: `valid in ${seconds(nbf - nowSeconds)} (clock tolerance ${leeway} s)`, fix: SKEW_FIX },
    });
  }
  if (iat !== undefined && iat > nowSeconds + leeway) {
    throw new InvalidTokenError('The access token was issued in the future', {
      reason: 'issued_in_future',
      detail: {
        actual: `issued ${seconds(iat - nowSeconds)} ahead of this clock (clock tolerance ${leeway} s)`,
        fix: SKEW_FIX,
      },
    });
  }
  const { maxTokenAgeSeconds, maxTokenLifetimeSeconds } = policy;
  if (maxTokenAgeSeconds === undefined && maxTokenLifetimeSeconds === undefined) return;
  if (iat === undefined) {
    throw new InvalidTokenError('The access token has no iat claim, which this API requires', {
      reason: 'missing_iat',
    });
  }
  // The age limit is the API's own policy, exact: the clock tolerance is for exp, nbf and iat only.
  if (maxTokenAgeSeconds !== undefined && nowSeconds - iat > maxTokenAgeSeconds) {
    throw new InvalidTokenError(`The access token is older than this API accepts (${maxTokenAgeSeconds} s)`, {
      reason: 'too_old',
      detail: { expected: `at most ${maxTokenAgeSeconds} s old`, actual: `${seconds(nowSeconds - iat)} old` },
    });
  }
  if (maxTokenLifetimeSeconds !== undefined && (exp === undefined || exp - iat > maxTokenLifetimeSeconds)) {
    throw new InvalidTokenError(`The access token lives longer than this API accepts (${maxTokenLifetimeSeconds} s)`, {
      reason: 'lifetime_too_long',
      detail: {
        expected: `exp - iat at most ${maxTokenLifetimeSeconds} s`,
        actual: exp === undefined ? 'no exp' : `${seconds(exp - iat)}`,
      },
    });
  }
}
