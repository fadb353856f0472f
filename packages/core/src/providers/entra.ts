import { TENANT_PLACEHOLDER } from '../issuer/issuer-name.js';
import type { IssuerOptions } from '../issuer/options.js';
import { fail } from '../option-checks.js';
import { listOf, originOf } from './origin.js';

/** What the Azure portal shows for an app registration (Overview). */
export interface EntraSettings {
  /**
   * The Directory (tenant) ID; or `'common'` / `'organizations'` for a multi-tenant app, which then
   * accepts tokens of every tenant, or of those listed in `tenants`.
   */
  tenant: string;
  /** The API's Application (client) ID; tokens name it or `api://<it>` as their audience. */
  clientId: string;
  /** The access token version the API's manifest asks for (`accessTokenAcceptedVersion`); default `'2.0'`. */
  version?: '1.0' | '2.0' | undefined;
  /** A multi-tenant app's allowed tenant ids; default: any tenant. */
  tenants?: readonly string[] | undefined;
  /** The login authority; default `https://login.microsoftonline.com` (another for national clouds, or a local test issuer). */
  authority?: string | undefined;
}

/**
 * Microsoft Entra ID: v2.0 issuer `https://login.microsoftonline.com/<tenant>/v2.0`, v1.0 issuer
 * `https://sts.windows.net/<tenant>/`; delegated scopes in `scp`, application permissions in
 * `roles`. A multi-tenant app checks the tenant each token's `iss` names (and its `tid`).
 * @example
 * ```ts
 * app.use(requireAuth(entraIssuer({ tenant: 'organizations', clientId: 'b7e1c3d5-…', tenants: ['9188040d-…'] })));
 * ```
 */
export function entraIssuer(settings: EntraSettings): IssuerOptions {
  const { tenant, clientId, tenants } = settings;
  const version = settings.version ?? '2.0';
  if (typeof tenant !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(tenant)) {
    fail("entraIssuer needs `tenant`: the Directory (tenant) ID, or 'common' / 'organizations'.");
  }
  if (version !== '1.0' && version !== '2.0') fail("entraIssuer `version` must be '1.0' or '2.0'.");
  const login = originOf('authority', settings.authority ?? 'https://login.microsoftonline.com');
  // v1.0 tokens are issued by the sts.windows.net form of the authority.
  const sts = settings.authority === undefined ? 'https://sts.windows.net' : login;
  const multi = tenant === 'common' || tenant === 'organizations';
  if (!multi && tenants !== undefined) fail("entraIssuer `tenants` needs tenant 'common' or 'organizations'.");
  const segment = multi ? TENANT_PLACEHOLDER : tenant;
  const [clientIdValue] = listOf('clientId', clientId);
  return {
    issuer: version === '2.0' ? `${login}/${segment}/v2.0` : `${sts}/${segment}/`,
    audience: [clientIdValue as string, `api://${clientIdValue}`],
    // The keys are the same for every tenant; set here, they need no discovery (whose v1.0 metadata
    // sits on another host than its issuer).
    jwksUri:
      version === '2.0'
        ? `${login}/${multi ? 'common' : tenant}/discovery/v2.0/keys`
        : `${login}/common/discovery/keys`,
    scopeClaims: ['scp', 'roles'],
    ...(tenants === undefined ? {} : { tenants }),
  };
}
