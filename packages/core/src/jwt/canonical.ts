const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** The 6-bit value of a base64url character (the caller has checked the alphabet). */
function sextet(code: number): number {
  if (code >= 0x61) return code - 0x61 + 26; // a-z
  if (code === 0x5f) return 63; // '_' (between Z and a)
  if (code >= 0x41) return code - 0x41; // A-Z
  if (code >= 0x30) return code - 0x30 + 52; // 0-9
  return 62; // '-'
}

/** Whether an unpadded base64url segment is the one canonical spelling of its bytes. */
export function isCanonicalSegment(segment: string): boolean {
  // 4n+1 characters encode no whole byte; the last character of 4n+2 (4n+3) carries 4 (2) spare bits.
  const spareBits = [0, -1, 4, 2][segment.length % 4] as number;
  if (spareBits === -1) return false;
  return (sextet(segment.charCodeAt(segment.length - 1)) & ((1 << spareBits) - 1)) === 0;
}

/**
 * RFC 7515 §2 / RFC 4648 §3.5: unpadded base64url whose spare bits are zero. Decoders are lenient
 * (they accept `==` and ignore spare bits), so without this one token would have many accepted
 * spellings, each a separate cache entry and a way around any list keyed by the token.
 */
export function isCanonicalCompactJws(token: string): boolean {
  return COMPACT_JWS.test(token) && token.split('.').every(isCanonicalSegment);
}
