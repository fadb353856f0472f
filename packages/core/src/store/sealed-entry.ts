import { createHmac, timingSafeEqual } from 'node:crypto';

// v1.<HMAC-SHA256, base64url>.<valid until, ms>.<JSON>
const VERSION = 'v1';

function mac(secret: string | Uint8Array, key: string, validUntil: number, json: string): Buffer {
  return createHmac('sha256', secret).update(`${key}\n${validUntil}\n${json}`).digest();
}

/**
 * Seals a value for the shared store: its JSON with the time it stops being valid, authenticated
 * with the shared secret over the key too, so an entry copied under another key (another policy,
 * another token) fails the check.
 */
export function sealEntry(secret: string | Uint8Array, key: string, value: unknown, validUntil: number): string {
  const json = JSON.stringify(value);
  return `${VERSION}.${mac(secret, key, validUntil, json).toString('base64url')}.${validUntil}.${json}`;
}

/** What a sealed entry held: the value, or `rejected` when it is malformed or fails the check. */
export type OpenedEntry = { readonly value: unknown; readonly validUntil: number } | 'rejected';

/** Opens an entry read at `key`: checks its MAC in constant time, then parses it. */
export function openEntry(secret: string | Uint8Array, key: string, sealed: string): OpenedEntry {
  const [version, tag, until] = sealed.split('.', 3);
  if (version !== VERSION || tag === undefined || until === undefined || !/^\d{1,16}$/.test(until)) return 'rejected';
  const json = sealed.slice(version.length + tag.length + until.length + 3);
  const validUntil = Number(until);
  const expected = mac(secret, key, validUntil, json);
  const given = Buffer.from(tag, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'rejected';
  try {
    return { value: JSON.parse(json) as unknown, validUntil };
  } catch {
    // Only an instance holding the secret can have written it: a bug, still never a pass.
    return 'rejected';
  }
}
