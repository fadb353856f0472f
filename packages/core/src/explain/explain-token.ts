import { hash } from 'node:crypto';
import { createAuthenticator } from '../authenticator.js';
import { AccessGuardError, detailValue, type RefusalReason } from '../errors.js';
import { checkTokenSyntax } from '../http/extract-token.js';
import { Issuer } from '../issuer/issuer.js';
import { TrustedIssuers } from '../issuer/trusted-issuers.js';
import { isCanonicalCompactJws } from '../jwt/canonical.js';
import { decodeJsonObject, tokenShape } from '../jwt/compact.js';
import { checkHeader, type HeaderPolicy, type KeyHint } from '../jwt/header.js';
import { verifyJwsSignature } from '../jwt/signature.js';
import { checkAudienceClaim, checkIssuerClaim, checkNotIdToken, type JwtPolicy } from '../jwt/verify.js';
import { resolveOptions, type AuthOptions } from '../options.js';
import { failed, pass, skip, type ExplainCheck, type ExplainCheckName, type Step } from './check.js';
import { explainTimes } from './times.js';

export type { ExplainCheck, ExplainCheckName } from './check.js';

/** What {@link explainToken} found. */
export interface TokenExplanation {
  /** The verifier's own verdict: true when it accepts the token. */
  readonly ok: boolean;
  /** The first 12 hex digits of the token's SHA-256, to tell tokens apart without showing one. */
  readonly tokenSha256: string;
  /** Every check in order; the last is `verdict`, the answer of the real verifier. */
  readonly checks: readonly ExplainCheck[];
}

/** Options of {@link explainToken}: the same as `requireAuth`'s (only `issuer` and `audience` are required). */
export type ExplainOptions = AuthOptions;

// The verifier throws the first failure of a header; each part is explained on its own.
const TYP_REASONS: readonly RefusalReason[] = ['wrong_typ'];

function explainHeader(header: Record<string, unknown>, policy: HeaderPolicy): { steps: Step[]; hint?: KeyHint } {
  const algDetail = `${detailValue(header['alg'])} is one of the allowed ${policy.algorithms.join(', ')}`;
  const typDetail = `${header['typ'] === undefined ? 'no typ' : detailValue(header['typ'])} is accepted (typ: '${policy.typ}')`;
  const rest = (error: unknown): Step[] =>
    error instanceof AccessGuardError && TYP_REASONS.includes(error.reason)
      ? [pass('header', 'no key pointers (jku, x5u, jwk, x5c), crit or nested JWT'), failed('typ', error)]
      : [failed('header', error), skip('typ')];
  try {
    const hint = checkHeader(header, policy);
    return {
      steps: [pass('alg', algDetail), pass('header', 'no key pointers, crit or nested JWT'), pass('typ', typDetail)],
      hint,
    };
  } catch (error) {
    if (!(error instanceof AccessGuardError) || error.reason !== 'algorithm_not_allowed') {
      return { steps: [pass('alg', algDetail), ...rest(error)] };
    }
    // The algorithm is refused; the rest of the header is still worth a verdict.
    const [allowed] = policy.algorithms as readonly [string];
    try {
      checkHeader({ ...header, alg: allowed }, policy);
      return {
        steps: [failed('alg', error), pass('header', 'no key pointers, crit or nested JWT'), pass('typ', typDetail)],
      };
    } catch (other) {
      return { steps: [failed('alg', error), ...rest(other)] };
    }
  }
}

/** Runs one of the verifier's own steps: the check passes with `detail` unless the step throws. */
function attempt(name: ExplainCheckName, step: () => void, detail: string): Step {
  try {
    step();
    return pass(name, detail);
  } catch (error) {
    return failed(name, error);
  }
}

/** The claim checks that need no key: `iss`, not an ID token, `aud`, times and the lifetime policy. */
function explainClaims(claims: Record<string, unknown>, policy: JwtPolicy, nowSeconds: number, verified: boolean) {
  const unverified = (step: Step): Step =>
    verified ? step : { ...step, detail: `${step.detail} (unverified: the signature did not hold)` };
  const audience = policy.clientIds === undefined ? '' : ` (or a client of ${detailValue(policy.clientIds)})`;
  return [
    unverified(
      attempt('iss', () => checkIssuerClaim(claims, policy), `${detailValue(claims['iss'])} is the configured issuer`),
    ),
    unverified(attempt('idToken', () => checkNotIdToken(claims), 'an access token, not an ID token')),
    unverified(
      attempt(
        'aud',
        () => checkAudienceClaim(claims, policy),
        `${detailValue(claims['aud'])} names one of ${detailValue(policy.audiences)}${audience}`,
      ),
    ),
    ...explainTimes(claims, policy, nowSeconds),
  ];
}

/** The first 12 hex digits of SHA-256 of the token. */
export function tokenFingerprint(token: string): string {
  return hash('sha256', token, 'hex').slice(0, 12);
}

/**
 * Explains why the verifier accepts or refuses a token: each check of the pipeline (syntax, format,
 * algorithm allowlist, header, `typ`, key found, signature, `iss`, `aud`, `exp`/`nbf`/`iat` with the
 * clock tolerance, `maxTokenAge`, `maxTokenLifetime`) with pass or fail and why, expected against
 * actual, then the verdict of a real authenticator built from the same options. Each check runs the
 * verifier's own code, so the explanation and the verdict cannot disagree; later checks still run
 * after a failure, so one call names every problem. The token itself appears nowhere in the answer.
 *
 * It fetches the issuer's metadata and keys like `requireAuth` does; options are `requireAuth`'s,
 * and a mistake throws the same `TypeError`.
 *
 * @param token - the access token, as a client would send it after `Bearer `.
 * @param options - `issuer` and `audience` at least; `onEvent` defaults to silence here.
 * @returns every check, and `ok`: whether the verifier accepts the token.
 * @example
 * ```ts
 * const { ok, checks } = await explainToken(token, { issuer: 'https://issuer.example/', audience: 'https://api.example' });
 * for (const check of checks) console.log(check.status, check.name, check.detail);
 * // fail aud expected one of ["https://api.example"], actual "https://other.example". Fix: …
 * ```
 */
export async function explainToken(token: string, options: ExplainOptions): Promise<TokenExplanation> {
  const quiet = { onEvent: () => undefined, ...options, verifiedTokenCacheSize: 0 };
  const { shared, issuers: issuerOptions } = resolveOptions(quiet);
  const authenticator = createAuthenticator(quiet);
  const context = {
    timeoutMs: shared.timeoutMs,
    now: authenticator.clock,
    report: shared.onEvent,
    resource: shared.resource,
  };
  const trusted = new TrustedIssuers(issuerOptions.map((resolved) => new Issuer(resolved, context)));
  const steps = await explainSteps(token, shared.maxTokenLength, trusted, () => authenticator.clock() / 1000);
  const verdict = await authenticator.verifyToken(token).then(
    () => pass('verdict', 'accepted: the verifier lets this token through'),
    (error: unknown) =>
      boundVerdict(error) ?? {
        ...failed('verdict', error),
        detail: `refused: ${failed('verdict', error).detail}`,
      },
  );
  const checks = [...steps, verdict].map((step) => Object.freeze({ ...step, ok: step.status === 'pass' }));
  return Object.freeze({
    ok: verdict.status === 'pass',
    tokenSha256: tokenFingerprint(token),
    checks: Object.freeze(checks),
  });
}

// Refusals a token alone always gets when it is bound to a key or certificate: the request's proof is missing.
const PROOF_MISSING: readonly RefusalReason[] = ['bound_token_as_bearer', 'certificate_required'];

/**
 * A sender-constrained token is refused for want of its proof only after every other check passed
 * (the binding is the pipeline's last step): it is valid with its proof, so say so.
 */
function boundVerdict(error: unknown): Step | undefined {
  if (!(error instanceof AccessGuardError) || !PROOF_MISSING.includes(error.reason)) return undefined;
  return pass(
    'verdict',
    'accepted with its proof: each request must also carry the DPoP proof or client certificate the token is bound to',
  );
}

async function explainSteps(
  token: string,
  maxTokenLength: number,
  trusted: TrustedIssuers,
  nowSeconds: () => number,
): Promise<Step[]> {
  try {
    checkTokenSyntax(token, { maxTokenLength });
  } catch (error) {
    return [failed('syntax', error)];
  }
  const steps = [pass('syntax', `${token.length} characters of RFC 6750 b64token`)];
  const shape = tokenShape(token);
  if (shape === 'oversized' || shape.kind !== 'jws') {
    const what =
      shape === 'oversized'
        ? 'a JOSE header past 1024 characters'
        : shape.kind === 'jwe'
          ? 'an encrypted token (JWE), which is not accepted'
          : undefined;
    if (what !== undefined)
      return [
        ...steps,
        {
          name: 'format',
          status: 'fail',
          reason: shape === 'oversized' ? 'header_too_large' : 'encrypted',
          detail: what,
        },
      ];
    const opaque = trusted.all.find((issuer) => issuer.opaque !== undefined)?.opaque;
    return [
      ...steps,
      opaque === undefined
        ? {
            name: 'format',
            status: 'fail',
            reason: 'not_a_jwt',
            detail:
              'not a JWT: an opaque token. Fix: to accept opaque tokens, configure opaqueTokens (introspection or userinfo).',
          }
        : pass('format', `an opaque token: the issuer's ${opaque.via} endpoint decides (see verdict)`),
    ];
  }
  if (!isCanonicalCompactJws(token)) {
    return [
      ...steps,
      {
        name: 'format',
        status: 'fail',
        reason: 'malformed',
        detail: 'a JWS whose base64url is not in its one canonical spelling (padding or spare bits)',
      },
    ];
  }
  steps.push(pass('format', 'a signed JWT (JWS compact serialization: header.payload.signature)'));
  const claims = decodeJsonObject(shape.payloadSegment);
  if (claims === undefined)
    return [
      ...steps,
      { name: 'claims', status: 'fail', reason: 'malformed', detail: 'the payload is not a JSON object' },
    ];
  steps.push(pass('claims', 'the payload is a JSON object'));
  // The token's iss picks the issuer whose policy applies; an untrusted one is checked against the first.
  const issuer = trusted.find(claims['iss']) ?? (trusted.all[0] as Issuer);
  const { policy } = issuer;
  const header = explainHeader(shape.header, policy);
  steps.push(...header.steps);
  const verified = header.hint === undefined ? false : await explainSignature(header.hint, shape, issuer, steps);
  if (header.hint === undefined) steps.push(skip('key'), skip('signature'));
  steps.push(...explainClaims(claims, policy, nowSeconds(), verified));
  steps.push(explainBinding(claims));
  return steps;
}

/** `key` and `signature`: the issuer's JWKS holds a key for the header, and one of them verifies. */
async function explainSignature(
  hint: KeyHint,
  jws: { signingInput: string; signatureSegment: string },
  issuer: Issuer,
  steps: Step[],
): Promise<boolean> {
  let candidates;
  try {
    candidates = await issuer.keys(hint);
  } catch (error) {
    steps.push(failed('key', error), skip('signature', "not checked: the issuer's keys could not be fetched"));
    return false;
  }
  const kid = hint.kid === undefined ? 'no kid' : `kid ${detailValue(hint.kid)}`;
  if (candidates.length === 0) {
    steps.push(
      {
        name: 'key',
        status: 'fail',
        reason: 'unknown_key',
        detail: `${kid}, alg ${hint.alg}: no such key in the JWKS of ${issuer.identifier}. Fix: a token of another issuer or environment, or a key not yet published.`,
      },
      skip('signature'),
    );
    return false;
  }
  steps.push(pass('key', `${kid}, alg ${hint.alg}: found in the JWKS of ${issuer.identifier}`));
  const signature = Buffer.from(jws.signatureSegment, 'base64url');
  const ok = candidates.some((key) => verifyJwsSignature(hint.alg, key, jws.signingInput, signature));
  steps.push(
    ok
      ? pass('signature', `verified with the issuer's ${hint.alg} key`)
      : {
          name: 'signature',
          status: 'fail',
          reason: 'bad_signature',
          detail: "the signature does not verify with the issuer's key: the token was altered or signed by another key",
        },
  );
  return ok;
}

/** `binding`: a sender-constrained token needs its proof on each request, which a token alone lacks. */
function explainBinding(claims: Record<string, unknown>): Step {
  const cnf = claims['cnf'];
  if (typeof cnf !== 'object' || cnf === null)
    return pass('binding', 'a bearer token (no cnf): no proof of possession needed');
  const kinds = [
    'jkt' in cnf ? 'a DPoP key (send it with the DPoP scheme and a proof)' : undefined,
    'x5t#S256' in cnf ? 'a client certificate (mTLS)' : undefined,
  ].filter((kind) => kind !== undefined);
  return skip(
    'binding',
    `bound to ${kinds.join(' and ') || 'an unknown confirmation method'}: checked on each request`,
  );
}
