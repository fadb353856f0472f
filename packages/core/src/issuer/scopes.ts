function words(value: unknown): string[] {
  if (typeof value === 'string') return value.split(' ').filter((scope) => scope !== '');
  if (Array.isArray(value)) return value.filter((scope): scope is string => typeof scope === 'string' && scope !== '');
  return [];
}

const DEFAULT_PATHS: readonly (readonly string[])[] = [['scope'], ['scp']];

/** The value at a claim path, or undefined where an object along it is missing. */
function at(claims: Record<string, unknown>, path: readonly string[]): unknown {
  let value: unknown = claims;
  for (const segment of path) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    // Own members only: a path such as `__proto__` or `constructor` must not reach the prototype.
    value = Object.hasOwn(value, segment) ? (value as Record<string, unknown>)[segment] : undefined;
  }
  return value;
}

/**
 * The scopes a token grants, read from `paths`: by default `scope` (RFC 8693 §4.2, RFC 9068
 * §2.2.3, space-delimited) and `scp` (used by some issuers); each value a string or an array of
 * strings. Other claims by option: Auth0's `permissions`, Entra's `roles`, Keycloak's
 * `realm_access.roles`. Returned frozen and de-duplicated.
 * @example
 * ```ts
 * scopesOf({ scope: 'read:accounts  transfer:funds', scp: ['admin'] }); // ['read:accounts', 'transfer:funds', 'admin']
 * scopesOf({ realm_access: { roles: ['teller'] } }, [['realm_access', 'roles']]); // ['teller']
 * ```
 */
export function scopesOf(
  claims: Record<string, unknown>,
  paths: readonly (readonly string[])[] = DEFAULT_PATHS,
): readonly string[] {
  return Object.freeze([...new Set(paths.flatMap((path) => words(at(claims, path))))]);
}
