import { InvalidTokenError } from '../errors.js';

/** The time policy a token is checked against on every request, cached or not. Seconds. */
export interface TimePolicy {
  readonly clockToleranceSeconds: number;
  readonly maxTokenAgeSeconds: number | undefined;
  readonly maxTokenLifetimeSeconds: number | undefined;
}

// 9999-12-31T23:59:59Z: a NumericDate past this is no real date (`1e21`, `1e300`) and is refused.
const MAX_NUMERIC_DATE = 253_402_300_799;

function numericDate(payload: Record<string, unknown>, claim: 'exp' | 'nbf' | 'iat'): number | undefined {
  const value = payload[claim];
  if (value === undefined) return undefined;
  // RFC 7519 §2: a NumericDate is a JSON number; strings, NaN-like and absurd values are refused.
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_NUMERIC_DATE) {
    throw new InvalidTokenError(`The ${claim} claim is not a valid NumericDate`);
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
  if (exp === undefined && requireExp) throw new InvalidTokenError('The access token has no exp claim');
  if (exp !== undefined && nowSeconds >= exp + leeway) throw new InvalidTokenError('The access token expired');
  if (nbf !== undefined && nowSeconds < nbf - leeway) {
    throw new InvalidTokenError('The access token is not valid yet');
  }
  if (iat !== undefined && iat > nowSeconds + leeway) {
    throw new InvalidTokenError('The access token was issued in the future');
  }
  const { maxTokenAgeSeconds, maxTokenLifetimeSeconds } = policy;
  if (maxTokenAgeSeconds === undefined && maxTokenLifetimeSeconds === undefined) return;
  if (iat === undefined) {
    throw new InvalidTokenError('The access token has no iat claim, which this API requires');
  }
  // The age limit is the API's own policy, exact: the clock tolerance is for exp, nbf and iat only.
  if (maxTokenAgeSeconds !== undefined && nowSeconds - iat > maxTokenAgeSeconds) {
    throw new InvalidTokenError(`The access token is older than this API accepts (${maxTokenAgeSeconds} s)`);
  }
  if (maxTokenLifetimeSeconds !== undefined && (exp === undefined || exp - iat > maxTokenLifetimeSeconds)) {
    throw new InvalidTokenError(`The access token lives longer than this API accepts (${maxTokenLifetimeSeconds} s)`);
  }
}
