function words(value: unknown): string[] {
  if (typeof value === 'string') return value.split(' ').filter((scope) => scope !== '');
  if (Array.isArray(value)) return value.filter((scope): scope is string => typeof scope === 'string' && scope !== '');
  return [];
}

/**
 * The scopes a token grants: `scope` (RFC 8693 §4.2, RFC 9068 §2.2.3, space-delimited) and `scp`
 * (used by some issuers), each a string or an array of strings. Returned frozen and de-duplicated.
 * @example
 * ```ts
 * scopesOf({ scope: 'read:accounts  transfer:funds', scp: ['admin'] }); // ['read:accounts', 'transfer:funds', 'admin']
 * ```
 */
export function scopesOf(claims: Record<string, unknown>): readonly string[] {
  return Object.freeze([...new Set([...words(claims['scope']), ...words(claims['scp'])])]);
}
