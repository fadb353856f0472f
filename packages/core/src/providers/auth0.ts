import type { IssuerOptions } from '../issuer/options.js';
import { listOf, originOf } from './origin.js';

/** What the Auth0 dashboard shows for an API. */
export interface Auth0Settings {
  /** The tenant's domain (Settings → Domain), e.g. `'tenant.eu.auth0.com'`, or a custom domain. */
  domain: string;
  /** The API's Identifier (Applications → APIs), e.g. `'https://api.example'`. */
  audience: string | readonly string[];
}

/**
 * Auth0: the issuer is the tenant's origin with its trailing slash; scopes come from `scope` and,
 * with RBAC's "Add Permissions in the Access Token", from `permissions`. Returns ordinary issuer
 * options, to spread into `requireAuth` or to list in `issuers`.
 * @example
 * ```ts
 * app.use(requireAuth(auth0Issuer({ domain: 'tenant.eu.auth0.com', audience: 'https://api.example' })));
 * ```
 */
export function auth0Issuer(settings: Auth0Settings): IssuerOptions {
  return {
    issuer: `${originOf('domain', settings.domain)}/`,
    audience: listOf('audience', settings.audience),
    scopeClaims: ['scope', 'permissions'],
  };
}
