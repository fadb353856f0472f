import fc from 'fast-check';
import { weighted } from './json-members.js';
import { BASE64URL, mutation, type Mutation } from './mutations.js';

// Requests as symbols: tokens are picked from pools by index (the pools are minted per test run),
// so a seed replays the same request. materialize.ts turns a symbol into what goes on the wire.

/** Tokens minted once per run: valid ones, known-hostile ones, opaque ones. */
export interface TokenPools {
  readonly valid: readonly string[];
  readonly hostile: readonly string[];
  readonly opaque: readonly string[];
}

/** A token: from a pool (possibly edited), or literal text. */
export type CredentialSpec =
  | { readonly pool: keyof TokenPools; readonly index: number; readonly mutations: readonly Mutation[] }
  | { readonly literal: string }
  /** `char` repeated: long tokens stay short in a printed counterexample. */
  | { readonly char: string; readonly times: number };

/** An `Authorization` value: random text, or scheme + separator + credentials. */
export type AuthValueSpec =
  | { readonly text: string }
  | {
      readonly prefix: string;
      readonly scheme: string;
      readonly separator: string;
      readonly credential: CredentialSpec;
      readonly suffix: string;
    };

export interface AuthHeaderSpec {
  readonly name: string;
  readonly value: AuthValueSpec;
}

/** An `access_token`-like query parameter, or junk around it. */
export type QueryPart =
  | { readonly name: string; readonly credential: CredentialSpec; readonly encoding: 'component' | 'raw' }
  | { readonly junk: string };

/** A request mixing header, query and form-body tokens. */
export interface MixedRequestSpec {
  readonly authorization: readonly AuthHeaderSpec[];
  readonly query: readonly QueryPart[];
  readonly method: 'GET' | 'POST' | 'PUT';
  /** A body is sent when the method is not GET, or when `formOnGet` is set. */
  readonly form: ReadonlyArray<readonly [string, CredentialSpec]>;
  readonly formOnGet: boolean;
  readonly contentType: string;
}

const B64TOKEN_CHARS = `${BASE64URL}.~+/`;
/** One character Node lets a client put in a header value: HTAB, printable ASCII, latin1. */
const headerChar = weighted<string>(
  [8, fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code))],
  [1, fc.constant('\t')],
  [1, fc.integer({ min: 0x80, max: 0xff }).map((code) => String.fromCharCode(code))],
);
const headerText = (maxLength: number): fc.Arbitrary<string> => fc.string({ unit: headerChar, maxLength });
/** Unicode as it arrives: UTF-8 bytes, which Node hands over as latin1 characters. */
const unicodeText = fc
  .string({ unit: 'grapheme', maxLength: 20 })
  .map((text) => Buffer.from(text, 'utf8').toString('latin1'));
const b64token = fc
  .tuple(
    fc.string({ unit: fc.constantFrom(...B64TOKEN_CHARS), minLength: 1, maxLength: 80 }),
    fc.constantFrom('', '', '=', '=='),
  )
  .map(([body, padding]) => body + padding);
const jwtShaped = fc
  .array(fc.string({ unit: fc.constantFrom(...BASE64URL), maxLength: 40 }), { minLength: 2, maxLength: 6 })
  .map((segments) => segments.join('.'));
/** Around and over the 8 KiB cap, under Node's 16 KiB header limit. */
const longToken: fc.Arbitrary<CredentialSpec> = fc.record({
  char: fc.constantFrom(...B64TOKEN_CHARS),
  times: fc.oneof(fc.integer({ min: 8100, max: 11_000 }), fc.integer({ min: 8190, max: 8194 })),
});

/** Text that is not a token, or is one only by accident. */
export const literalCredential: fc.Arbitrary<CredentialSpec> = weighted<CredentialSpec>(
  [
    12,
    weighted<string>(
      [4, b64token],
      [2, jwtShaped],
      [3, headerText(60)],
      [1, unicodeText],
      [
        2,
        fc.constantFrom(
          '',
          '""',
          '"abc"',
          'a,b',
          'token=abc',
          'Bearer abc',
          '=',
          '====',
          '.',
          '..',
          '...',
          '....',
          'a b',
          'e30.e30.',
          'e30.e30.e30',
        ),
      ],
    ).map((literal) => ({ literal })),
  ],
  [1, longToken],
);

const poolCredential = (pool: keyof TokenPools, mutationWeight: number): fc.Arbitrary<CredentialSpec> =>
  fc.record({
    pool: fc.constant(pool),
    index: fc.nat(),
    mutations: weighted<Mutation[]>(
      [10, fc.constant([])],
      [mutationWeight, fc.array(mutation, { minLength: 1, maxLength: 3 })],
    ),
  });

/** Any credential: valid, hostile, opaque, edited or random. */
export const credential: fc.Arbitrary<CredentialSpec> = weighted(
  [3, poolCredential('valid', 10)],
  [1, poolCredential('hostile', 3)],
  [1, poolCredential('opaque', 5)],
  [4, literalCredential],
);

/** A valid pool token with 1–3 edits. */
export const mutatedValidToken: fc.Arbitrary<CredentialSpec> = fc.record({
  pool: fc.constant('valid' as const),
  index: fc.nat(),
  mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }),
});

const scheme = weighted<string>(
  [10, fc.constant('Bearer')],
  [4, fc.mixedCase(fc.constant('bearer'))],
  [
    3,
    fc.constantFrom(
      'Basic',
      'Bearer:',
      'Bearerx',
      'Token',
      'DPoP',
      'Negotiate',
      'MAC',
      'OAuth',
      'Bearer,',
      'B',
      '',
      'Bearer\u00a0',
    ),
  ],
  [1, headerText(10)],
);
const separator = weighted<string>(
  [10, fc.constant(' ')],
  [3, fc.constantFrom('', '  ', '   ', '\t', ' \t', '\t ', ' \u00a0')],
);
const edge = fc.constantFrom('', '', '', '', ' ', '\t', ' \t ');

/** An Authorization value built around `credentials`. */
export const authValue = (credentials: fc.Arbitrary<CredentialSpec>): fc.Arbitrary<AuthValueSpec> =>
  weighted<AuthValueSpec>(
    [2, weighted<string>([4, headerText(200)], [1, unicodeText]).map((text) => ({ text }))],
    [
      10,
      fc.record({
        prefix: edge,
        scheme,
        separator,
        credential: credentials,
        suffix: weighted([12, edge], [1, fc.constantFrom(',', ', Basic Zm9v', ' x', '=', '"')]),
      }),
    ],
  );

/** A well-formed `Bearer <token>`: the scheme in any case, one or more spaces (RFC 6750 §2.1). */
export const bearerValue = (credentials: fc.Arbitrary<CredentialSpec>): fc.Arbitrary<AuthValueSpec> =>
  fc.record({
    prefix: fc.constant(''),
    scheme: weighted([6, fc.constant('Bearer')], [1, fc.mixedCase(fc.constant('bearer'))]),
    separator: weighted([6, fc.constant(' ')], [1, fc.constantFrom('  ', '   ')]),
    credential: credentials,
    suffix: fc.constant(''),
  });

/** Exactly one `Authorization` header carrying a well-formed `Bearer` value. */
export const oneBearerHeader = (credentials: fc.Arbitrary<CredentialSpec>): fc.Arbitrary<AuthHeaderSpec[]> =>
  bearerValue(credentials).map((value) => [{ name: 'Authorization', value }]);

const headerName = weighted(
  [8, fc.constant('Authorization')],
  [2, fc.constantFrom('authorization', 'AUTHORIZATION', 'AuThOrIzAtIoN')],
);

/** Zero, one (mostly) or two Authorization headers. */
export const authHeaders = (values: fc.Arbitrary<AuthValueSpec>): fc.Arbitrary<AuthHeaderSpec[]> =>
  weighted<AuthHeaderSpec[]>(
    [1, fc.constant([])],
    [12, fc.record({ name: headerName, value: values }).map((header) => [header])],
    [2, fc.array(fc.record({ name: headerName, value: values }), { minLength: 2, maxLength: 2 })],
  );

const queryPart: fc.Arbitrary<QueryPart> = weighted<QueryPart>(
  [
    8,
    fc.record({
      name: weighted(
        [8, fc.constant('access_token')],
        [2, fc.constantFrom('access%5Ftoken', 'access_token%5B%5D', 'ACCESS_TOKEN', 'access_tokens', 'token')],
      ),
      credential: weighted([3, poolCredential('valid', 3)], [1, poolCredential('hostile', 1)], [2, literalCredential]),
      encoding: weighted([3, fc.constant('component' as const)], [2, fc.constant('raw' as const)]),
    }),
  ],
  [2, fc.record({ junk: fc.constantFrom('', 'a=1', '=', '&', 'access_token', 'x=%ZZ', 'q=a+b') })],
);

/** Header, query and form-body tokens together, duplicated or alone (RFC 6750 §2, SPEC §1). */
export const mixedRequest: fc.Arbitrary<MixedRequestSpec> = fc.record({
  authorization: weighted<AuthHeaderSpec[]>(
    [3, fc.constant([])],
    [4, authHeaders(bearerValue(weighted([3, poolCredential('valid', 2)], [1, literalCredential])))],
    [1, fc.constant([{ name: 'Authorization', value: { text: 'Basic dXNlcjpwYXNz' } }])],
  ),
  query: fc.array(queryPart, { maxLength: 3 }),
  method: weighted(
    [6, fc.constant('GET' as const)],
    [2, fc.constant('POST' as const)],
    [1, fc.constant('PUT' as const)],
  ),
  formOnGet: weighted([6, fc.constant(false)], [1, fc.constant(true)]),
  contentType: weighted(
    [8, fc.constant('application/x-www-form-urlencoded')],
    [
      2,
      fc.constantFrom(
        'application/x-www-form-urlencoded; charset=utf-8',
        'Application/X-WWW-Form-URLEncoded',
        'text/plain',
      ),
    ],
  ),
  form: fc.array(fc.tuple(fc.constantFrom('access_token', 'access_token', 'note'), poolCredential('valid', 1)), {
    maxLength: 2,
  }),
});
