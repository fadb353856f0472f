import type { Issuer } from '../issuer/issuer.js';
import { freezeJson, type AccessTokenClaims, type Clock } from '../result.js';
import type { Kept } from '../store/shared-answer.js';
import { NO_SCOPES, type Decided } from '../verdict.js';
import { introspectionRefusal, type IntrospectionAnswer } from './introspection.js';
import type { UserinfoAnswer } from './userinfo.js';

/** How long an issuer's answer may be reused (ms): its TTL, never past the token's `exp`. */
export function answerValidUntil(issuer: Issuer, positive: boolean, exp: unknown, now: Clock): number {
  const settings = issuer.opaque;
  const ttl = positive ? (settings?.cacheTtlSeconds ?? 60) : (settings?.negativeCacheTtlSeconds ?? 10);
  const until = now() + ttl * 1000;
  return typeof exp === 'number' && Number.isFinite(exp) ? Math.min(until, exp * 1000) : until;
}

/**
 * Decides an opaque token with its issuer, the way the issuer is configured for: introspection
 * (RFC 7662; `active`, then type, `iss` and `aud` of the answer), tokeninfo (Google; the same
 * checks of its answer, which always names the audience) or userinfo (OIDC Core §5.3; a
 * profile, which proves neither audience nor scope, so it grants none). Definite answers come back
 * with how long they may be reused; failures throw and are never kept.
 *
 * @param introspect the introspection answer for the token, through the shared store if there is one
 * @param profile the userinfo answer for the token, through the authenticator's profile cache
 */
export async function resolveOpaqueToken(
  issuer: Issuer,
  introspect: () => Promise<Kept<IntrospectionAnswer>>,
  profile: () => Promise<Kept<UserinfoAnswer>>,
): Promise<Decided> {
  if (issuer.opaque?.via === 'userinfo') {
    const { answer, validUntil } = await profile();
    return {
      decision:
        answer.kind === 'profile'
          ? { format: 'opaque', issuer, header: undefined, payload: answer.profile, scopes: NO_SCOPES, times: 'none' }
          : { refusal: 'The issuer rejected the access token', reason: 'rejected_by_issuer' },
      validUntil,
    };
  }
  const { answer, validUntil } = await introspect();
  if (answer.kind === 'inactive') {
    return { decision: { refusal: 'The access token is not active', reason: 'inactive' }, validUntil };
  }
  const claims = freezeJson({ ...answer.claims }) as AccessTokenClaims;
  const refusal = introspectionRefusal(claims, {
    issuer: issuer.identifier,
    audiences: issuer.policy.audiences,
    resource: issuer.policy.resource,
    requireAudience: issuer.opaque?.requireAudience ?? true,
  });
  return {
    decision:
      refusal !== undefined
        ? refusal
        : {
            format: 'opaque',
            issuer,
            header: undefined,
            payload: claims,
            scopes: issuer.scopesOf(claims),
            times: 'exp-optional',
          },
    validUntil,
  };
}
