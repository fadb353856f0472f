import { fail } from '../option-checks.js';

/** The placeholder of a multi-tenant issuer identifier, as Microsoft Entra ID publishes it. */
export const TENANT_PLACEHOLDER = '{tenantid}';

/**
 * The tenant whose metadata describes every tenant of a multi-tenant issuer: Entra ID publishes it
 * at `/common/v2.0`, with the placeholder in its `issuer`.
 */
export const DISCOVERY_TENANT = 'common';

// A tenant is one path segment of the issuer: letters, digits, `-`, `.` and `_` (Entra's are GUIDs).
const TENANT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * How an issuer's identifier matches a token's `iss`: byte for byte, or, for a multi-tenant
 * issuer (`https://login.microsoftonline.com/{tenantid}/v2.0`), with one tenant in place of the
 * placeholder, that tenant in the allowlist when there is one.
 */
export class IssuerName {
  /** The identifier as configured, placeholder included. */
  readonly identifier: string;
  readonly #prefix: string;
  readonly #suffix: string | undefined;
  readonly #tenants: ReadonlySet<string> | undefined;

  constructor(identifier: string, tenants: readonly string[] | undefined) {
    this.identifier = identifier;
    const at = identifier.indexOf(TENANT_PLACEHOLDER);
    this.#prefix = at === -1 ? identifier : identifier.slice(0, at);
    this.#suffix = at === -1 ? undefined : identifier.slice(at + TENANT_PLACEHOLDER.length);
    this.#tenants = tenants === undefined ? undefined : new Set(tenants);
  }

  /** Whether the identifier holds the tenant placeholder. */
  get isTemplate(): boolean {
    return this.#suffix !== undefined;
  }

  /**
   * The tenant `iss` names (`''` for an issuer without a placeholder), or undefined when `iss` is
   * not this issuer or names a tenant outside the allowlist.
   */
  tenantOf(iss: unknown): string | undefined {
    if (typeof iss !== 'string') return undefined;
    if (this.#suffix === undefined) return iss === this.identifier ? '' : undefined;
    if (!iss.startsWith(this.#prefix) || !iss.endsWith(this.#suffix)) return undefined;
    const tenant = iss.slice(this.#prefix.length, iss.length - this.#suffix.length);
    if (!TENANT.test(tenant)) return undefined;
    return this.#tenants === undefined || this.#tenants.has(tenant) ? tenant : undefined;
  }
}

/**
 * Checks the placeholder of a multi-tenant issuer and its allowlist at start-up: one placeholder, in
 * the path, and `tenants` only beside one.
 */
export function checkTenants(issuer: string, value: unknown): readonly string[] | undefined {
  const count = issuer.split(TENANT_PLACEHOLDER).length - 1;
  // ['https:', '', host, ...path segments]: the placeholder must be one of the path segments.
  if (count > 1 || (count === 1 && issuer.split('/').indexOf(TENANT_PLACEHOLDER) < 3)) {
    fail(`\`issuer\` may hold ${TENANT_PLACEHOLDER} once, as a whole path segment; got ${JSON.stringify(issuer)}.`);
  }
  if (value === undefined) return undefined;
  if (count === 0) {
    fail(`\`tenants\` needs a multi-tenant issuer, one with ${TENANT_PLACEHOLDER} in its path.`);
  }
  if (!Array.isArray(value) || value.length === 0 || !value.every((t) => typeof t === 'string' && TENANT.test(t))) {
    fail("`tenants` must be a non-empty array of tenant ids, e.g. ['9188040d-6c67-4c5b-b112-36a304b66dad'].");
  }
  return Object.freeze([...(value as string[])]);
}
