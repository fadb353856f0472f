import fc from 'fast-check';
import type { SigningAlgorithm } from '@access-guard/testing';

// JSON objects as generated data: a list of members whose names may repeat (duplicate keys), with
// values that may be symbols of the running issuer (its URL, kids, the clock), resolved only when
// the text is built, so a seed replays the same logical object against a fresh issuer.

/** A value in a generated JSON object. */
export type Value =
  | { readonly json: unknown }
  /** A string of `filler` x's (huge claims print short). */
  | { readonly filler: number }
  /** `nest` levels of nested arrays (or objects). */
  | { readonly nest: number; readonly arrays: boolean }
  /** Seconds from now. */
  | { readonly time: number }
  | {
      readonly symbol:
        | 'issuer'
        | 'issuer/'
        | 'ISSUER'
        | 'issuer-array'
        | 'audience'
        | 'audience-array'
        | 'audience-mixed'
        | 'kid'
        | 'kid-other'
        | 'signing-alg';
    };

/** A JSON object as a list of members (names may repeat), or some other JSON text. */
export type JsonSpec = { readonly members: ReadonlyArray<readonly [string, Value]> } | { readonly text: string };

/** What symbols resolve to. */
export interface ForgeContext {
  readonly issuer: string;
  readonly audience: string;
  readonly kidOf: (alg: SigningAlgorithm) => string;
  readonly nowSeconds: number;
  /** The algorithm whose key signs the token (`kid`, `signing-alg` refer to it). */
  readonly signingAlg: SigningAlgorithm;
}

export const SIGNING_ALGORITHMS: readonly SigningAlgorithm[] = ['RS256', 'PS256', 'ES256', 'EdDSA'];

export const json = (arbitrary: fc.Arbitrary<unknown>): fc.Arbitrary<Value> =>
  arbitrary.map((value) => ({ json: value }));
export const symbol = (name: Extract<Value, { symbol: string }>['symbol']): fc.Arbitrary<Value> =>
  fc.constant({ symbol: name });
/** `fc.oneof` over `[weight, arbitrary]` pairs. */
export const weighted = <T>(...pairs: Array<[number, fc.Arbitrary<T>]>): fc.Arbitrary<T> =>
  fc.oneof(...pairs.map(([weight, arbitrary]) => ({ weight, arbitrary })));
/** A member that is present with the given value arbitrary, or absent. */
export const member = (
  name: string,
  absentWeight: number,
  value: fc.Arbitrary<Value>,
): fc.Arbitrary<Array<[string, Value]>> =>
  weighted<Array<[string, Value]>>([absentWeight, fc.constant([])], [10, value.map((v) => [[name, v]])]);

export const anyJson = json(fc.jsonValue({ maxDepth: 3 }));

/** JSON texts that are not a JSON object. */
const notAnObject = fc.oneof(
  fc.constantFrom(
    '[]',
    '[1,2]',
    '["RS256"]',
    '"RS256"',
    'null',
    '42',
    'true',
    '',
    '{',
    '{"alg":"RS256"',
    "{'alg':'RS256'}",
    '{"alg":"RS256",}',
    '\ufeff{}',
  ),
  fc.json({ maxDepth: 2 }),
  fc.string({ maxLength: 30 }),
);

/** Mostly an object of the given member groups, now and then some other JSON text. */
export const shuffledObject = (
  parts: fc.Arbitrary<Array<Array<[string, Value]>>>,
  weightOfOther: number,
): fc.Arbitrary<JsonSpec> =>
  weighted<JsonSpec>(
    [40, parts.map((groups) => ({ members: groups.flat() }))],
    [weightOfOther, notAnObject.map((text) => ({ text }))],
  );

function resolve(value: Value, context: ForgeContext): string {
  if ('filler' in value) return JSON.stringify('x'.repeat(value.filler));
  if ('nest' in value)
    return value.arrays
      ? `${'['.repeat(value.nest)}${']'.repeat(value.nest)}`
      : `${'{"a":'.repeat(value.nest)}1${'}'.repeat(value.nest)}`;
  if ('json' in value) return JSON.stringify(value.json) ?? 'null';
  if ('time' in value) return JSON.stringify(context.nowSeconds + value.time);
  const other = SIGNING_ALGORITHMS.find((alg) => alg !== context.signingAlg) as SigningAlgorithm;
  const symbols: Record<typeof value.symbol, unknown> = {
    issuer: context.issuer,
    'issuer/': `${context.issuer}/`,
    ISSUER: context.issuer.toUpperCase(),
    'issuer-array': [context.issuer],
    audience: context.audience,
    'audience-array': ['https://other.api.test', context.audience],
    'audience-mixed': [1, null, { aud: context.audience }, context.audience],
    kid: context.kidOf(context.signingAlg),
    'kid-other': context.kidOf(other),
    'signing-alg': context.signingAlg,
  };
  return JSON.stringify(symbols[value.symbol]);
}

/** The exact JSON text of a header or claim set. */
export function jsonText(part: JsonSpec, context: ForgeContext): string {
  if ('text' in part) return part.text;
  return `{${part.members.map(([name, value]) => `${JSON.stringify(name)}:${resolve(value, context)}`).join(',')}}`;
}
