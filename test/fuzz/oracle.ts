import type { WireRequest } from './http-target.js';

// An oracle written from SPEC §1 and §3 and the RFCs, not from the implementation: it decides from
// what the generator built whether a request must pass. Times within BAND seconds of a boundary are
// 'ambiguous' (the server's clock moves between generation and verification).

/** Whether a token must be accepted. */
export type Verdict = 'valid' | 'invalid' | 'ambiguous';

/** What a resource server must answer. `ambiguous`: 200 or 401 invalid_token. */
export type Outcome =
  | { readonly status: 200; readonly source: 'header' | 'query' }
  | { readonly status: 400; readonly error: 'invalid_request' }
  | { readonly status: 401; readonly error: 'invalid_token' | null; readonly scheme?: 'Bearer' | 'DPoP' }
  | { readonly status: 'ambiguous' };

/** The configuration of the app under test, as far as the oracle needs it. */
export interface JwtPolicy {
  readonly issuer: string;
  readonly audience: string;
  readonly algorithms: readonly string[];
  /** The kid the issuer's JWKS lists for an algorithm. */
  readonly kidOf: (alg: string) => string;
  readonly leewaySeconds: number;
}

/** A JWS as the generator built it: the exact JSON texts, and which key signed it (if validly). */
export interface BuiltJws {
  readonly headerText: string;
  readonly payloadText: string;
  /** The algorithm whose issuer key made the signature, or undefined when the signature is not genuine. */
  readonly signedWith: string | undefined;
}

// RFC 7519 §2 NumericDate; 9999-12-31T23:59:59Z is the SPEC's upper bound for a real date.
const MAX_NUMERIC_DATE = 253_402_300_799;
const BAND = 2;
const KEY_POINTERS = ['jku', 'x5u', 'jwk', 'x5c'];
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
export const MAX_TOKEN_LENGTH = 8192;

function parseObject(text: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    // RFC 7515 §4 / RFC 7519 §4 let a parser keep the lexically last duplicate: JSON.parse does.
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function worst(verdicts: Verdict[]): Verdict {
  if (verdicts.includes('invalid')) return 'invalid';
  return verdicts.includes('ambiguous') ? 'ambiguous' : 'valid';
}

/** `value` must be a NumericDate; valid above (`exp`) or at most (`nbf`, `iat`) `boundary`. */
function numericDate(value: unknown, boundary: number, validWhen: 'above' | 'at-most'): Verdict {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_NUMERIC_DATE) return 'invalid';
  if (Math.abs(value - boundary) <= BAND) return 'ambiguous';
  const ok = validWhen === 'above' ? value > boundary : value <= boundary;
  return ok ? 'valid' : 'invalid';
}

function mediaType(typ: unknown): string | undefined {
  if (typeof typ !== 'string') return undefined;
  const lower = typ.toLowerCase();
  return lower.startsWith('application/') ? lower.slice('application/'.length) : lower;
}

function headerVerdict(header: Record<string, unknown>, signedWith: string, policy: JwtPolicy): Verdict {
  const { alg } = header;
  if (typeof alg !== 'string' || !policy.algorithms.includes(alg) || alg !== signedWith) return 'invalid';
  if (Object.hasOwn(header, 'kid') && header['kid'] !== policy.kidOf(alg)) return 'invalid';
  // RFC 8725 §3.10: no key from the token; RFC 7515 §4.1.11 / RFC 7797: no crit, no b64; a JWE header (enc) is no JWS.
  for (const name of [...KEY_POINTERS, 'crit', 'b64', 'enc']) if (Object.hasOwn(header, name)) return 'invalid';
  // RFC 7519 §5.2: cty JWT means a nested JWT, which the SPEC refuses.
  if (mediaType(header['cty']) === 'jwt') return 'invalid';
  if (Object.hasOwn(header, 'typ')) {
    const typ = mediaType(header['typ']);
    if (typ !== 'jwt' && typ !== 'at+jwt') return 'invalid';
  }
  return 'valid';
}

function payloadVerdict(payload: Record<string, unknown>, policy: JwtPolicy, nowSeconds: number): Verdict {
  const { iss, aud } = payload;
  if (iss !== policy.issuer) return 'invalid';
  const audiences: unknown[] = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes(policy.audience)) return 'invalid';
  const verdicts = [numericDate(payload['exp'], nowSeconds - policy.leewaySeconds, 'above')];
  for (const claim of ['nbf', 'iat']) {
    if (Object.hasOwn(payload, claim))
      verdicts.push(numericDate(payload[claim], nowSeconds + policy.leewaySeconds, 'at-most'));
  }
  return worst(verdicts);
}

/** Whether a JWS the generator built must be accepted at `nowSeconds` (RFC 9068 §4, RFC 8725, SPEC §3). */
export function judgeJws(jws: BuiltJws, token: string, policy: JwtPolicy, nowSeconds: number): Verdict {
  if (jws.signedWith === undefined || token.length > MAX_TOKEN_LENGTH) return 'invalid';
  const header = parseObject(jws.headerText);
  const payload = parseObject(jws.payloadText);
  if (header === undefined || payload === undefined) return 'invalid';
  return worst([headerVerdict(header, jws.signedWith, policy), payloadVerdict(payload, policy, nowSeconds)]);
}

/** Header values as the app sees them: HTTP strips leading and trailing spaces and tabs (RFC 9110 §5.5). */
function authorizationValues(wire: WireRequest): string[] {
  return wire.headers
    .filter(([name]) => name.toLowerCase() === 'authorization')
    .map(([, value]) => value.replace(/^[ \t]+|[ \t]+$/g, ''));
}

function parameters(encoded: string | undefined): string[] {
  return encoded === undefined ? [] : new URLSearchParams(encoded).getAll('access_token');
}

/**
 * The credentials of an `Authorization: Bearer` value (RFC 6750 §2.1: "Bearer" 1*SP b64token) or a
 * `DPoP` one (RFC 9449 §7.1, the same form), or undefined for another scheme.
 */
function credentialsOf(value: string): { token: string; scheme: 'Bearer' | 'DPoP' } | undefined {
  const match = /^(bearer|dpop)( +|$)/i.exec(value);
  if (match === null) return undefined;
  return { token: value.slice(match[0].length), scheme: match[1]?.toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer' };
}

/**
 * What the app must answer to `wire` (SPEC §1): one Authorization header at most, one way of
 * sending the token at most (400), a Bearer token that is a b64token within the size cap, else 401.
 */
export function expectedOutcome(
  wire: WireRequest,
  app: { readonly allowQueryToken: boolean },
  verdictOf: (token: string) => Verdict,
): Outcome {
  const values = authorizationValues(wire);
  if (values.length > 1) return { status: 400, error: 'invalid_request' };
  const credentials = values[0] === undefined ? undefined : credentialsOf(values[0]);
  const fromHeader = credentials?.token;
  // Policy: a Bearer value holding ", " is two headers joined (as a Fetch API Headers object joins them).
  if (fromHeader?.includes(', ')) return { status: 400, error: 'invalid_request' };
  const queryStart = wire.path.indexOf('?');
  const inQuery = parameters(queryStart === -1 ? undefined : wire.path.slice(queryStart + 1));
  // RFC 6750 §2.2: a form body (that media type only), never with GET (the generator sends no HEAD).
  const isForm = /^application\/x-www-form-urlencoded(\s*;|$)/i.test(
    wire.contentType ?? 'application/x-www-form-urlencoded',
  );
  const inBody = wire.method !== 'GET' && isForm ? parameters(wire.form) : [];
  if (inQuery.length > 1 || inBody.length > 1) return { status: 400, error: 'invalid_request' };
  if ((fromHeader === undefined ? 0 : 1) + inQuery.length + inBody.length > 1)
    return { status: 400, error: 'invalid_request' };

  let token: string;
  let source: 'header' | 'query';
  if (fromHeader !== undefined) {
    [token, source] = [fromHeader, 'header'];
  } else if (inQuery.length === 1 && app.allowQueryToken) {
    [token, source] = [inQuery[0] as string, 'query'];
  } else {
    return { status: 401, error: null }; // no credentials in a place this app reads (body tokens are off)
  }
  const scheme = source === 'header' ? (credentials?.scheme ?? 'Bearer') : 'Bearer';
  if (token === '' || token.length > MAX_TOKEN_LENGTH || !B64TOKEN.test(token))
    return { status: 401, error: 'invalid_token', scheme };
  // RFC 9449 §7.1: no generated token is DPoP-bound, and none comes with a proof: never accepted.
  if (scheme === 'DPoP') return { status: 401, error: 'invalid_token', scheme };
  const verdict = verdictOf(token);
  if (verdict === 'ambiguous') return { status: 'ambiguous' };
  return verdict === 'valid' ? { status: 200, source } : { status: 401, error: 'invalid_token' };
}
