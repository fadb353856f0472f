import { hash } from 'node:crypto';

/** The kinds of remembered answers; each kind is its own keyspace. */
export type EntryKind = 'verdict' | 'profile';

/**
 * The key of a remembered answer: its kind, the parts that scope it (an issuer or endpoint), and the
 * SHA-256 of the token (never the token). Different kinds can never stand in for one another.
 */
export function entryKey(kind: EntryKind, hash: string, scope?: string): string {
  return scope === undefined ? `${kind}\n${hash}` : `${kind}\n${scope}\n${hash}`;
}

/**
 * A short fingerprint of the policy an answer was obtained under (issuer, endpoint, client,
 * audience): answers of different policies live under different keys of the shared store.
 */
export function policyFingerprint(parts: readonly unknown[]): string {
  return hash('sha256', JSON.stringify(parts), 'base64url').slice(0, 22);
}

/** A key of the shared store: `kind:fingerprint:hash`, printable, without the token. */
export function sharedKey(kind: string, fingerprint: string, tokenHash: string): string {
  return `${kind}:${fingerprint}:${tokenHash}`;
}
