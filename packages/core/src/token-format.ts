/** What a bearer token looks like from the outside, before any verification. */
export type TokenShape = 'jws' | 'jwe' | 'opaque';

const SEGMENT = /^[A-Za-z0-9_-]+$/;

function headerOf(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Classifies a token: a JWS compact serialization (three base64url segments whose first is a JSON
 * header with `alg`), a JWE (five segments with `enc`), or anything else, which is opaque.
 */
export function tokenShape(token: string): TokenShape {
  const segments = token.split('.');
  if (segments.length !== 3 && segments.length !== 5) return 'opaque';
  const first = segments[0] ?? '';
  if (!SEGMENT.test(first)) return 'opaque';
  const header = headerOf(first);
  if (header === undefined || !('alg' in header)) return 'opaque';
  return segments.length === 5 || 'enc' in header ? 'jwe' : 'jws';
}
