import { checkBoolean, checkIssuerUrl, checkNumber, fail } from './option-checks.js';

/** How opaque access tokens are checked with the issuer (SPEC §4). */
export interface OpaqueTokenOptions {
  /**
   * `'introspection'` (RFC 7662): the answer carries `active`, scopes, audience and expiry.
   * `'userinfo'` (OIDC Core §5.3): the answer is the user's profile; it proves neither audience nor
   * scope, so such tokens are granted **no scopes**.
   */
  via: 'userinfo' | 'introspection';
  /** The endpoint; default: `introspection_endpoint` / `userinfo_endpoint` from discovery. */
  endpoint?: string | undefined;
  /** The resource server's client id at the introspection endpoint (HTTP Basic, RFC 7662 §2.1). */
  clientId?: string | undefined;
  /** The resource server's client secret at the introspection endpoint. */
  clientSecret?: string | undefined;
  /** How long a positive answer is reused, in seconds (never past the token's `exp`); default 60. */
  cacheTtlSeconds?: number | undefined;
  /** How long an "inactive" / 401 answer is reused, in seconds; default 10. */
  negativeCacheTtlSeconds?: number | undefined;
  /** Bound of the answer cache, in entries; default 10000. */
  cacheMaxEntries?: number | undefined;
  /** Introspection answers without `aud` are refused unless this is false; default true. */
  requireAudience?: boolean | undefined;
}

/** Opaque-token settings after validation. */
export interface ResolvedOpaqueOptions {
  via: 'userinfo' | 'introspection';
  endpoint: string | undefined;
  clientId: string | undefined;
  clientSecret: string | undefined;
  cacheTtlSeconds: number;
  negativeCacheTtlSeconds: number;
  requireAudience: boolean;
}

export const OPAQUE_OPTION_KEYS = [
  'via',
  'endpoint',
  'clientId',
  'clientSecret',
  'cacheTtlSeconds',
  'negativeCacheTtlSeconds',
  'cacheMaxEntries',
  'requireAudience',
];

/** Validates `opaqueTokens` at start-up and applies its defaults. */
export function checkOpaqueOptions(
  value: OpaqueTokenOptions | undefined,
  lifetimePolicy: boolean,
): ResolvedOpaqueOptions | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || (value.via !== 'userinfo' && value.via !== 'introspection')) {
    fail(
      "`opaqueTokens.via` must be 'userinfo' or 'introspection', e.g. { opaqueTokens: { via: 'introspection', clientId, clientSecret } }.",
    );
  }
  if (value.via === 'introspection') {
    const { clientId, clientSecret } = value;
    if (typeof clientId !== 'string' || clientId === '' || typeof clientSecret !== 'string' || clientSecret === '') {
      fail(
        '`opaqueTokens.clientId` and `opaqueTokens.clientSecret` are required with introspection: the API authenticates to the introspection endpoint (RFC 7662 §2.1). Register the API as a confidential client at the issuer.',
      );
    }
  }
  if (value.via === 'userinfo' && lifetimePolicy) {
    fail(
      '`maxTokenAge` / `maxTokenLifetime` cannot be enforced on opaque tokens checked via userinfo (a profile has no iat or exp). Use introspection, or drop the lifetime policy.',
    );
  }
  return {
    via: value.via,
    endpoint: value.endpoint === undefined ? undefined : checkIssuerUrl('opaqueTokens.endpoint', value.endpoint),
    clientId: value.clientId,
    clientSecret: value.clientSecret,
    cacheTtlSeconds: checkNumber('opaqueTokens.cacheTtlSeconds', value.cacheTtlSeconds, 60, 'seconds'),
    negativeCacheTtlSeconds: checkNumber(
      'opaqueTokens.negativeCacheTtlSeconds',
      value.negativeCacheTtlSeconds,
      10,
      'seconds',
    ),
    requireAudience:
      value.requireAudience === undefined ? true : checkBoolean('opaqueTokens.requireAudience', value.requireAudience),
  };
}
