import fc from 'fast-check';
import type { SigningAlgorithm } from '@access-guard/testing';
import {
  anyJson,
  json,
  member,
  shuffledObject,
  SIGNING_ALGORITHMS,
  symbol,
  weighted,
  type JsonSpec,
  type Value,
} from './json-members.js';
import { BASE64URL } from './mutations.js';

// Forged JWS: a header and a claim set built from random parts (mostly acceptable, each part with
// every way to spoil it), then signed with the issuer's real key, so only the oracle can tell.

/** Everything needed to build one forged token. */
export interface ForgedSpec {
  readonly signingAlg: SigningAlgorithm;
  readonly signature: 'valid' | 'none' | { readonly garbage: string };
  readonly header: JsonSpec;
  readonly payload: JsonSpec;
}

const ALG_NAMES = [
  'none',
  'None',
  'NONE',
  'HS256',
  'HS512',
  'RS256',
  'PS256',
  'ES256',
  'EdDSA',
  'Ed25519',
  'RS384',
  'ES512',
  'rs256',
  '',
  'RSA-OAEP',
];
const VALID_TYPS = ['at+jwt', 'JWT', 'jwt', 'application/at+jwt', 'AT+JWT', 'application/JWT'];
const OTHER_TYPS = [
  'id_token+jwt',
  'JOSE',
  'JWS',
  'at+jwt ',
  '',
  'application/',
  'secevent+jwt',
  'application/at+jwt; charset=utf-8',
  null,
  1,
  ['JWT'],
];

/** Seconds from now, mostly on the side where `exp` (future) or `nbf`/`iat` (past) is acceptable. */
const timeOffset = (side: 1 | -1): fc.Arbitrary<Value> =>
  weighted<number>(
    [16, fc.integer({ min: -30, max: 7200 }).map((offset) => side * offset)],
    [1, fc.constantFrom(-9, -8, -7, -6, -4, -3, -2, -1, 0, 1, 2, 3, 4, 6, 7, 8, 9)],
    [1, fc.integer({ min: -10_000_000, max: 10_000_000 })],
    [1, fc.double({ min: -1000, max: 1000, noNaN: true })],
  ).map((time) => ({ time }));

/** Values no NumericDate may take (RFC 7519 §2), and edge values around the SPEC's bounds. */
const oddTime: fc.Arbitrary<Value> = weighted<Value>(
  [
    3,
    json(
      fc.constantFrom<unknown>(
        '1e21',
        '9999999999',
        null,
        true,
        1e21,
        1e300,
        -1,
        0,
        253402300799,
        253402300800,
        [4102444800],
        { $date: 1 },
        '',
        -0.5,
      ),
    ),
  ],
  [1, anyJson],
);

const timeClaim = (name: string, absentWeight: number, side: 1 | -1): fc.Arbitrary<Array<[string, Value]>> =>
  member(name, absentWeight, weighted([20, timeOffset(side)], [1, oddTime]));

const hugeString = fc.integer({ min: 1000, max: 8500 }).map((filler): Value => ({ filler }));
const deepNesting = fc.record({ nest: fc.integer({ min: 10, max: 3500 }), arrays: fc.boolean() });

const extraClaim: fc.Arbitrary<[string, Value]> = weighted<[string, Value]>(
  [6, fc.tuple(fc.string({ maxLength: 12 }), anyJson)],
  [1, fc.tuple(fc.constantFrom('blob', 'sub', 'scope'), hugeString)],
  [1, fc.tuple(fc.constantFrom('deep', 'scope', 'aud'), deepNesting)],
  [
    2,
    fc.tuple(
      fc.constantFrom('__proto__', 'constructor', 'prototype'),
      json(fc.constantFrom<unknown>({ polluted: true }, { prototype: { polluted: true } }, null, 'x')),
    ),
  ],
  // A second copy of a checked claim, before or after the first: the last one counts (RFC 7519 §4).
  [
    1,
    fc.tuple(
      fc.constantFrom('iss', 'aud', 'exp', 'nbf', 'iat'),
      weighted([1, anyJson], [1, timeOffset(1)], [1, symbol('issuer')], [1, symbol('audience')]),
    ),
  ],
  [
    1,
    fc.tuple(
      fc.constantFrom('scope', 'scp'),
      json(fc.constantFrom<unknown>('read:accounts transfer:funds', ['admin'], '', 42)),
    ),
  ],
);

const headerExtra: fc.Arbitrary<[string, Value]> = weighted<[string, Value]>(
  [2, fc.tuple(fc.string({ maxLength: 8 }), anyJson)],
  [
    3,
    fc.tuple(
      fc.constantFrom('jku', 'x5u'),
      json(fc.constantFrom('https://attacker.example/jwks', 'http://127.0.0.1:9/keys')),
    ),
  ],
  [1, fc.tuple(fc.constantFrom('jwk', 'x5c'), json(fc.constantFrom<unknown>({ kty: 'oct', k: 'AAAA' }, [], ['MIIB'])))],
  [2, fc.tuple(fc.constant('crit'), json(fc.constantFrom<unknown>(['exp'], ['b64'], [], null, 'exp', ['x-policy'])))],
  [2, fc.tuple(fc.constant('b64'), json(fc.constantFrom<unknown>(false, true)))],
  [
    2,
    fc.tuple(fc.constant('cty'), json(fc.constantFrom<unknown>('JWT', 'jwt', 'application/jwt', 'json', 'at+jwt', 42))),
  ],
  [
    1,
    fc.tuple(
      fc.constantFrom('enc', 'zip', 'x5t', 'x5t#S256', 'nonce'),
      json(fc.constantFrom<unknown>('A256GCM', 'DEF', 'abc', 1)),
    ),
  ],
  [
    2,
    fc.tuple(
      fc.constantFrom('__proto__', 'constructor'),
      json(fc.constantFrom<unknown>({ alg: 'none', polluted: true }, { prototype: { polluted: true } })),
    ),
  ],
  [
    2,
    fc.tuple(
      fc.constantFrom('alg', 'kid', 'typ'),
      weighted(
        [1, json(fc.constantFrom<unknown>(...ALG_NAMES, null, 42))],
        [1, symbol('signing-alg')],
        [1, symbol('kid')],
      ),
    ),
  ],
);

/** A JOSE header: mostly a valid access-token header, with every way to spoil it. */
export const forgedHeader: fc.Arbitrary<JsonSpec> = shuffledObject(
  fc.tuple(
    weighted([10, fc.constant([])], [1, fc.array(headerExtra, { maxLength: 1 })]),
    member(
      'alg',
      1,
      weighted([36, symbol('signing-alg')], [3, json(fc.constantFrom<unknown>(...ALG_NAMES))], [1, anyJson]),
    ),
    member(
      'kid',
      6,
      weighted([32, symbol('kid')], [1, symbol('kid-other')], [1, json(fc.string({ maxLength: 20 }))], [1, anyJson]),
    ),
    member(
      'typ',
      4,
      weighted(
        [24, json(fc.constantFrom<unknown>(...VALID_TYPS))],
        [2, json(fc.constantFrom<unknown>(...OTHER_TYPS))],
        [1, anyJson],
      ),
    ),
    weighted([16, fc.constant([])], [2, fc.array(headerExtra, { minLength: 1, maxLength: 3 })]),
  ),
  1,
);

/** A claim set: mostly acceptable, with iss/aud/exp/nbf/iat of every JSON type and hostile extras. */
export const forgedPayload: fc.Arbitrary<JsonSpec> = shuffledObject(
  fc.tuple(
    weighted([10, fc.constant([])], [1, fc.array(extraClaim, { maxLength: 1 })]),
    member(
      'iss',
      1,
      weighted(
        [60, symbol('issuer')],
        [1, symbol('issuer/')],
        [1, symbol('ISSUER')],
        [1, symbol('issuer-array')],
        [1, anyJson],
      ),
    ),
    member(
      'aud',
      1,
      weighted(
        [40, symbol('audience')],
        [12, symbol('audience-array')],
        [6, symbol('audience-mixed')],
        [1, json(fc.constantFrom<unknown>([], 'https://other.api.test', null))],
        [1, anyJson],
      ),
    ),
    member(
      'sub',
      2,
      weighted([6, json(fc.constant('user-fuzz'))], [2, json(fc.string({ maxLength: 20 }))], [1, anyJson]),
    ),
    timeClaim('exp', 1, 1),
    timeClaim('nbf', 20, -1),
    timeClaim('iat', 6, -1),
    weighted([6, fc.constant([])], [4, fc.array(extraClaim, { minLength: 1, maxLength: 3 })]),
  ),
  1,
);

/** A full forged token: usually genuinely signed by the issuer, sometimes unsigned or with a junk signature. */
export const forgedSpec: fc.Arbitrary<ForgedSpec> = fc.record({
  signingAlg: fc.constantFrom(...SIGNING_ALGORITHMS),
  signature: weighted<ForgedSpec['signature']>(
    [30, fc.constant('valid' as const)],
    [1, fc.constant('none' as const)],
    // Never the words forge() reads as instructions.
    [
      1,
      fc
        .string({ unit: fc.constantFrom(...BASE64URL), minLength: 1, maxLength: 90 })
        .map((text) => ({ garbage: text === 'valid' || text === 'none' ? `${text}_` : text })),
    ],
  ),
  header: forgedHeader,
  payload: forgedPayload,
});
