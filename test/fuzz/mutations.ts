import fc from 'fast-check';

// Edits of a valid compact JWS. Positions are free naturals taken modulo the token's length (or
// segment count), so one generated edit applies to any token and replays the same from a seed.

/** One edit of a token. */
export type Mutation =
  | { readonly kind: 'replace' | 'insert'; readonly at: number; readonly char: string }
  | { readonly kind: 'delete' | 'flip-case' | 'add-dot' | 'truncate'; readonly at: number }
  | { readonly kind: 'swap-segments'; readonly a: number; readonly b: number }
  | { readonly kind: 'duplicate-segment' | 'remove-segment' | 'remove-dot'; readonly index: number }
  | { readonly kind: 'pad'; readonly index: number; readonly padding: string }
  | { readonly kind: 'append'; readonly text: string }
  // Changes only the bits a base64url decoder drops from a segment's last character (RFC 4648 §3.5).
  | { readonly kind: 'spare-bits'; readonly index: number; readonly bits: number };

export const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const char = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...BASE64URL) },
  { weight: 2, arbitrary: fc.constantFrom('+', '/', '=', '.', '~', ' ', '\t', '%', '"', ',', '\u00e9', '\u00ff') },
);

/** A random edit, weighted towards the ones a real attacker or a broken client would make. */
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constantFrom('replace' as const, 'insert' as const), at: fc.nat(), char }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constantFrom('delete' as const, 'flip-case' as const, 'add-dot' as const, 'truncate' as const),
      at: fc.nat(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('swap-segments' as const), a: fc.nat(4), b: fc.nat(4) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constantFrom('duplicate-segment' as const, 'remove-segment' as const, 'remove-dot' as const),
      index: fc.nat(4),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('pad' as const),
      index: fc.nat(4),
      padding: fc.constantFrom('=', '==', '==='),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('append' as const),
      text: fc.constantFrom('=', '==', '.', '..', '.x', 'x', ' ', '\t', '%3D', '.e30'),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('spare-bits' as const), index: fc.nat(4), bits: fc.nat(15) }) },
);

function changeSpareBits(segment: string, bits: number): string {
  const spare = [0, 0, 4, 2][segment.length % 4] ?? 0; // unused low bits of the last character
  const last = BASE64URL.indexOf(segment.at(-1) ?? '');
  if (spare === 0 || last === -1) return segment;
  const mask = (1 << spare) - 1;
  return segment.slice(0, -1) + BASE64URL[(last & ~mask) | (bits & mask)];
}

function editSegments(token: string, edit: (segments: string[]) => void): string {
  const segments = token.split('.');
  edit(segments);
  return segments.join('.');
}

/** Applies one edit. */
export function applyMutation(token: string, m: Mutation): string {
  const position = (at: number, extra = 0): number => at % (token.length + extra);
  const segmentIndex = (index: number): number => index % token.split('.').length;
  switch (m.kind) {
    case 'replace': {
      const at = position(m.at);
      return token.slice(0, at) + m.char + token.slice(at + 1);
    }
    case 'insert': {
      const at = position(m.at, 1);
      return token.slice(0, at) + m.char + token.slice(at);
    }
    case 'delete': {
      const at = position(m.at);
      return token.slice(0, at) + token.slice(at + 1);
    }
    case 'flip-case': {
      const at = position(m.at);
      const c = token.charAt(at);
      const flipped = c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase();
      return token.slice(0, at) + flipped + token.slice(at + 1);
    }
    case 'add-dot': {
      const at = position(m.at, 1);
      return `${token.slice(0, at)}.${token.slice(at)}`;
    }
    case 'truncate':
      return token.slice(0, position(m.at));
    case 'swap-segments':
      return editSegments(token, (s) => {
        const [a, b] = [m.a % s.length, m.b % s.length];
        [s[a], s[b]] = [s[b] as string, s[a] as string];
      });
    case 'duplicate-segment':
      return editSegments(token, (s) => void s.splice(segmentIndex(m.index), 0, s[segmentIndex(m.index)] as string));
    case 'remove-segment':
      return editSegments(token, (s) => void s.splice(segmentIndex(m.index), 1));
    case 'remove-dot': {
      const dots = [...token.matchAll(/\./g)].map((match) => match.index);
      const at = dots.length === 0 ? undefined : dots[m.index % dots.length];
      return at === undefined ? token : token.slice(0, at) + token.slice(at + 1);
    }
    case 'pad':
      return editSegments(token, (s) => {
        const i = segmentIndex(m.index);
        s[i] = `${s[i] as string}${m.padding}`;
      });
    case 'append':
      return token + m.text;
    case 'spare-bits':
      return editSegments(token, (s) => {
        const i = segmentIndex(m.index);
        s[i] = changeSpareBits(s[i] as string, m.bits);
      });
  }
}

/** Applies edits in order. */
export function applyMutations(token: string, mutations: readonly Mutation[]): string {
  return mutations.reduce(applyMutation, token);
}
