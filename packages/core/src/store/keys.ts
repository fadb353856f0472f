/** The kinds of remembered answers; each kind is its own keyspace. */
export type EntryKind = 'verdict' | 'profile';

/**
 * The key of a remembered answer: its kind, the parts that scope it (an issuer or endpoint), and the
 * SHA-256 of the token (never the token). Different kinds can never stand in for one another.
 */
export function entryKey(kind: EntryKind, hash: string, scope?: string): string {
  return scope === undefined ? `${kind}\n${hash}` : `${kind}\n${scope}\n${hash}`;
}
