import { detailValue, InsufficientUserAuthenticationError } from '../errors.js';

/** What a route asks of the user's authentication (RFC 9470). */
export interface AuthLevelOptions {
  /** Acceptable authentication context classes (`acr`), any of them; e.g. `['phr', 'phrh']`. */
  acr?: string | readonly string[] | undefined;
  /** The user must have authenticated at most this many seconds ago (`auth_time`). */
  maxAgeSeconds?: number | undefined;
}

/** A validated {@link AuthLevelOptions}. */
export interface AuthLevel {
  readonly acr: readonly string[] | undefined;
  readonly maxAgeSeconds: number | undefined;
}

// RFC 9470 §3: acr values are space-delimited in the challenge, so none may hold a space or a quote.
const ACR_VALUE = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** Validates a step-up requirement at start-up. @throws TypeError for an empty or malformed one. */
export function normalizeAuthLevel(options: AuthLevelOptions): AuthLevel {
  const acr = typeof options?.acr === 'string' ? [options.acr] : options?.acr;
  const maxAgeSeconds = options?.maxAgeSeconds;
  if (acr !== undefined && (!Array.isArray(acr) || acr.length === 0 || !acr.every((value) => ACR_VALUE.test(value)))) {
    throw new TypeError(
      "access-guard: requireAuthLevel's `acr` must be a non-empty list of acr values without spaces or quotes, e.g. ['phr', 'phrh'].",
    );
  }
  if (maxAgeSeconds !== undefined && (!Number.isInteger(maxAgeSeconds) || maxAgeSeconds < 0)) {
    throw new TypeError("access-guard: requireAuthLevel's `maxAgeSeconds` must be a whole number of seconds >= 0.");
  }
  if (acr === undefined && maxAgeSeconds === undefined) {
    throw new TypeError("access-guard: requireAuthLevel needs `acr`, `maxAgeSeconds` or both, e.g. { acr: ['phr'] }.");
  }
  return Object.freeze({ acr: acr === undefined ? undefined : Object.freeze([...acr]), maxAgeSeconds });
}

/**
 * The RFC 9470 refusal of claims whose authentication is too weak or too old at `nowSeconds`, or
 * undefined when they pass. A missing or malformed `acr` or `auth_time` fails.
 */
export function authLevelRefusal(
  claims: Record<string, unknown>,
  level: AuthLevel,
  nowSeconds: number,
): InsufficientUserAuthenticationError | undefined {
  const { acr, maxAgeSeconds } = level;
  if (acr !== undefined && !(typeof claims['acr'] === 'string' && acr.includes(claims['acr']))) {
    return new InsufficientUserAuthenticationError('A stronger authentication is required', {
      reason: 'weak_authentication',
      acrValues: acr.join(' '),
      maxAge: maxAgeSeconds,
      detail: { expected: `acr one of ${detailValue(acr)}`, actual: detailValue(claims['acr']) },
    });
  }
  const authTime = claims['auth_time'];
  if (
    maxAgeSeconds !== undefined &&
    !(typeof authTime === 'number' && Number.isFinite(authTime) && nowSeconds - authTime <= maxAgeSeconds)
  ) {
    return new InsufficientUserAuthenticationError('A more recent authentication is required', {
      reason: 'stale_authentication',
      acrValues: acr?.join(' '),
      maxAge: maxAgeSeconds,
      detail: {
        expected: `auth_time at most ${maxAgeSeconds} s ago`,
        actual: typeof authTime === 'number' ? `${Math.round(nowSeconds - authTime)} s ago` : detailValue(authTime),
      },
    });
  }
  return undefined;
}
