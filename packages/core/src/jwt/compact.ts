/** A token read as a JWS compact serialization: split once, header decoded once. */
export interface CompactJws {
  readonly kind: 'jws';
  /** The decoded protected header (not yet checked). */
  readonly header: Record<string, unknown>;
  /** `header.payload`, the input of the signature. */
  readonly signingInput: string;
  readonly payloadSegment: string;
  readonly signatureSegment: string;
}

/** What a bearer token looks like from the outside, before any verification. */
export type TokenShape = CompactJws | { readonly kind: 'jwe' } | { readonly kind: 'opaque' };

const SEGMENT = /^[A-Za-z0-9_-]+$/;
// A header of alg, kid, typ and a thumbprint fits in a few hundred characters; a larger one only
// costs parsing time, so it is refused before it is decoded.
export const MAX_HEADER_LENGTH = 1024;
// jose's rules for JOSE JSON (RFC 7515 §5.2): UTF-8 that must be valid, holding one JSON object.
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A base64url segment decoded as a JSON object, or undefined when it is anything else. */
export function decodeJsonObject(segment: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(STRICT_UTF8.decode(Buffer.from(segment, 'base64url')));
  } catch {
    return undefined;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * Classifies a token: a JWS compact serialization (three base64url segments whose first is a JSON
 * header with `alg`), a JWE (five segments, or `enc` in the header), or anything else, which is
 * opaque. `oversized` is returned for a JOSE-looking header (`eyJ…`, a JSON object) past
 * {@link MAX_HEADER_LENGTH}.
 */
export function tokenShape(token: string): TokenShape | 'oversized' {
  const firstDot = token.indexOf('.');
  if (firstDot <= 0) return OPAQUE;
  const segments = token.split('.');
  if (segments.length !== 3 && segments.length !== 5) return OPAQUE;
  const first = segments[0] as string;
  if (!SEGMENT.test(first)) return OPAQUE;
  if (first.length > MAX_HEADER_LENGTH) return first.startsWith('eyJ') ? 'oversized' : OPAQUE;
  const header = decodeJsonObject(first);
  if (header === undefined || !('alg' in header)) return OPAQUE;
  if (segments.length === 5 || 'enc' in header) return JWE;
  const payloadSegment = segments[1] as string;
  return {
    kind: 'jws',
    header,
    signingInput: `${first}.${payloadSegment}`,
    payloadSegment,
    signatureSegment: segments[2] as string,
  };
}

const OPAQUE = Object.freeze({ kind: 'opaque' as const });
const JWE = Object.freeze({ kind: 'jwe' as const });
