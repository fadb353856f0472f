import type { IssuerOptions } from '../issuer/options.js';
import { fail } from '../option-checks.js';
import { baseUrlOf, listOf } from './origin.js';

/** What a Keycloak admin sees: the server, the realm, and the clients. */
export interface KeycloakSettings {
  /** The server's base URL, e.g. `'https://sso.example.com'` (for Keycloak before 17, with `/auth`). */
  url: string;
  /** The realm's name. */
  realm: string;
  /** The audience an audience mapper puts in the API's tokens (usually the API's client id). */
  audience?: string | readonly string[] | undefined;
  /**
   * Without an audience mapper: the clients (`azp`, the client id of a service account's token)
   * whose tokens this API accepts.
   */
  clientIds?: readonly string[] | undefined;
  /** Treat the realm roles (`realm_access.roles`) as scopes; default false. */
  realmRoles?: boolean | undefined;
  /** Treat this client's roles (`resource_access.<client>.roles`) as scopes. */
  clientRoles?: string | undefined;
}

/**
 * Keycloak: issuer `<url>/realms/<realm>`. User tokens carry `aud: account` unless an audience
 * mapper adds the API, and service-account tokens carry no `aud`: bind them with `audience` (a
 * mapper) or `clientIds`; roles become scopes by option.
 * @example
 * ```ts
 * app.use(requireAuth(keycloakIssuer({ url: 'https://sso.example.com', realm: 'shop', clientIds: ['orders-api'], clientRoles: 'orders-api' })));
 * ```
 */
export function keycloakIssuer(settings: KeycloakSettings): IssuerOptions {
  const { audience, clientIds, realm, clientRoles } = settings;
  if (audience === undefined && clientIds === undefined) {
    fail(
      "keycloakIssuer needs `audience` (what an audience mapper adds to the API's tokens) or `clientIds` (the clients whose tokens the API accepts): every token of a realm carries aud 'account', which binds nothing.",
    );
  }
  if (typeof realm !== 'string' || realm === '') fail("keycloakIssuer needs `realm`, e.g. 'shop'.");
  return {
    issuer: `${baseUrlOf('url', settings.url)}/realms/${encodeURIComponent(realm)}`,
    ...(audience === undefined ? {} : { audience: listOf('audience', audience) }),
    ...(clientIds === undefined ? {} : { clientIds: listOf('clientIds', clientIds) }),
    scopeClaims: [
      'scope',
      ...(settings.realmRoles === true ? [['realm_access', 'roles']] : []),
      ...(clientRoles === undefined ? [] : [['resource_access', clientRoles, 'roles']]),
    ],
  };
}
