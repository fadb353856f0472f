import type { IssuerOptions } from '../issuer/options.js';
import { listOf, originOf } from './origin.js';

/** What the Okta admin console shows for a custom authorization server (Security → API). */
export interface OktaSettings {
  /** The org's domain, e.g. `'dev-123456.okta.com'`. */
  domain: string;
  /** The authorization server's ID; default `'default'`. */
  authorizationServer?: string | undefined;
  /** The server's Audience; default `'api://default'`. */
  audience?: string | readonly string[] | undefined;
}

/**
 * Okta, custom authorization server: issuer `https://<domain>/oauth2/<server>`; scopes in `scp` (an
 * array). The org authorization server's access tokens are meant for Okta's own APIs only and
 * cannot be verified by an API.
 * @example
 * ```ts
 * app.use(requireAuth(oktaIssuer({ domain: 'dev-123456.okta.com', audience: 'api://default' })));
 * ```
 */
export function oktaIssuer(settings: OktaSettings): IssuerOptions {
  const server = settings.authorizationServer ?? 'default';
  return {
    issuer: `${originOf('domain', settings.domain)}/oauth2/${encodeURIComponent(server)}`,
    audience: listOf('audience', settings.audience ?? 'api://default'),
  };
}
