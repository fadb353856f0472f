import type { IssuerOptions } from '../issuer/options.js';
import { listOf, originOf } from './origin.js';

/** What the Google Cloud console shows (APIs & Services → Credentials). */
export interface GoogleSettings {
  /** The OAuth client IDs whose access tokens this API accepts (`…apps.googleusercontent.com`). */
  clientIds: string | readonly string[];
  /** The issuer; default `https://accounts.google.com` (another for a local test issuer). */
  issuer?: string | undefined;
  /** The tokeninfo endpoint; default `https://oauth2.googleapis.com/tokeninfo`, or `<issuer>/tokeninfo` with `issuer`. */
  tokeninfoEndpoint?: string | undefined;
}

/**
 * Google: access tokens are opaque; each is checked at Google's tokeninfo endpoint, whose answer's
 * `aud` must be one of `clientIds`, and whose `scope` gives the scopes. Google's JWTs are ID
 * tokens and are refused.
 * @example
 * ```ts
 * app.use(requireAuth(googleIssuer({ clientIds: ['123-abc.apps.googleusercontent.com'] })));
 * ```
 */
export function googleIssuer(settings: GoogleSettings): IssuerOptions {
  const issuer = settings.issuer === undefined ? 'https://accounts.google.com' : originOf('issuer', settings.issuer);
  return {
    issuer,
    audience: listOf('clientIds', settings.clientIds),
    jwtAccessTokens: false,
    opaqueTokens: {
      via: 'tokeninfo',
      endpoint:
        settings.tokeninfoEndpoint ??
        (settings.issuer === undefined ? 'https://oauth2.googleapis.com/tokeninfo' : `${issuer}/tokeninfo`),
    },
  };
}
