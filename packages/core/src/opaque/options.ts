import { checkBoolean, checkNumber, checkOptionalUrl, fail, readOptions, type Resolved } from '../option-checks.js';

/** How opaque access tokens are checked with the issuer. */
export interface OpaqueTokenOptions {
  /**
   * `'introspection'` (RFC 7662): the answer carries `active`, scopes, audience and expiry.
   * `'userinfo'` (OIDC Core §5.3): the answer is the user's profile; it proves neither audience nor
   * scope, so such tokens are granted **no scopes**, and `acceptAnyAudience: true` must say that a
   * token issued to any client of the issuer is accepted.
   * `'tokeninfo'`: Google's tokeninfo endpoint; its answer's `aud` must name the API's `audience`
   * (the OAuth client ids whose tokens the API accepts), and `scope` gives the scopes.
   */
  via: 'userinfo' | 'introspection' | 'tokeninfo';
  /**
   * The endpoint; default: `introspection_endpoint` / `userinfo_endpoint` from discovery. Required
   * for `'tokeninfo'`.
   */
  endpoint?: string | undefined;
  /**
   * With `via: 'userinfo'`, required and true: the userinfo answer does not say which client or API
   * a token was issued for, so any token of the issuer's users passes (the `audience` option binds
   * only the issuer's JWTs). Use introspection or tokeninfo where the audience matters.
   */
  acceptAnyAudience?: boolean | undefined;
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

const nonEmpty = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

// Every option of `opaqueTokens`, its check and its default.
const OPAQUE_OPTIONS = {
  via: (value: unknown): 'userinfo' | 'introspection' | 'tokeninfo' => {
    if (value !== 'userinfo' && value !== 'introspection' && value !== 'tokeninfo') {
      fail(
        "`opaqueTokens.via` must be 'introspection', 'userinfo' or 'tokeninfo', e.g. { opaqueTokens: { via: 'introspection', clientId, clientSecret } }.",
      );
    }
    return value;
  },
  acceptAnyAudience: (value: unknown) => checkBoolean('opaqueTokens.acceptAnyAudience', value),
  endpoint: (value: unknown) => checkOptionalUrl('opaqueTokens.endpoint', value),
  clientId: nonEmpty,
  clientSecret: nonEmpty,
  cacheTtlSeconds: (value: unknown) => checkNumber('opaqueTokens.cacheTtlSeconds', value, 60, 'seconds'),
  negativeCacheTtlSeconds: (value: unknown) =>
    checkNumber('opaqueTokens.negativeCacheTtlSeconds', value, 10, 'seconds'),
  cacheMaxEntries: (value: unknown) => checkNumber('opaqueTokens.cacheMaxEntries', value, 10_000, 'entries', 1),
  requireAudience: (value: unknown) => checkBoolean('opaqueTokens.requireAudience', value, true),
} satisfies { readonly [K in keyof OpaqueTokenOptions]-?: (value: unknown) => unknown };

/** `opaqueTokens` after validation, defaults applied. */
export type ResolvedOpaqueOptions = Resolved<typeof OPAQUE_OPTIONS>;

/** Validates `opaqueTokens` at start-up and applies its defaults; undefined when opaque tokens are refused. */
export function resolveOpaqueOptions(value: unknown): ResolvedOpaqueOptions | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object') OPAQUE_OPTIONS.via(undefined);
  const resolved = readOptions('opaqueTokens.', value as object, OPAQUE_OPTIONS);
  if (resolved.via === 'introspection' && (resolved.clientId === undefined || resolved.clientSecret === undefined)) {
    fail(
      '`opaqueTokens.clientId` and `opaqueTokens.clientSecret` are required with introspection: the API authenticates to the introspection endpoint (RFC 7662 §2.1). Register the API as a confidential client at the issuer.',
    );
  }
  if (resolved.via === 'userinfo' && !resolved.acceptAnyAudience) {
    fail(
      "`opaqueTokens: { via: 'userinfo' }` cannot check the audience: the userinfo answer does not say which client or API a token was issued for, so a token issued to any client of the issuer would pass. Use introspection (or tokeninfo for Google), or set opaqueTokens.acceptAnyAudience: true to accept that.",
    );
  }
  if (resolved.via === 'tokeninfo' && resolved.endpoint === undefined) {
    fail(
      "`opaqueTokens.endpoint` is required with tokeninfo (issuers do not publish it), e.g. 'https://oauth2.googleapis.com/tokeninfo'.",
    );
  }
  return resolved;
}
