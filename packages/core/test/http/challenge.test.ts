import { formatChallenge, isValidChallengeValue, sanitizeChallengeValue } from '../../src/http/challenge.js';

// Characters RFC 6750 §3 forbids in an attribute value, each inside an otherwise valid value.
const FORBIDDEN: ReadonlyArray<[string, string]> = [
  ['a double quote', 'a"b'],
  ['a backslash', 'a\\b'],
  ['a carriage return', 'a\rb'],
  ['a line feed', 'a\nb'],
  ['a CRLF pair', 'a\r\nb'],
  ['a tab', 'a\tb'],
  ['a NUL', 'a\u0000b'],
  ['DEL', 'a\u007fb'],
  ['a Latin-1 letter (é)', 'aéb'],
  ['LINE SEPARATOR (U+2028)', 'a\u2028b'],
  ['an emoji (surrogate pair)', 'a\u{1F600}b'],
];

describe('sanitizeChallengeValue', () => {
  it.each(FORBIDDEN)('strips %s', (_name, value) => {
    expect(sanitizeChallengeValue(value)).toBe('ab');
  });

  it('keeps every printable ASCII character except " and \\', () => {
    let allowed = '';
    for (let code = 0x20; code <= 0x7e; code += 1) {
      if (code !== 0x22 && code !== 0x5c) allowed += String.fromCharCode(code);
    }
    expect(sanitizeChallengeValue(allowed)).toBe(allowed);
  });

  it('strips every forbidden character, not only the first', () => {
    expect(sanitizeChallengeValue('"x"\r\n"y"\\')).toBe('xy');
  });
});

describe('isValidChallengeValue', () => {
  it.each([
    ['a plain word', 'api'],
    ['spaces and punctuation', 'The access token expired (exp)'],
    ['an empty string', ''],
    ['scope-like values', 'read:accounts transfer:funds'],
  ])('accepts %s', (_name, value) => {
    expect(isValidChallengeValue(value)).toBe(true);
  });

  it.each(FORBIDDEN)('refuses a value with %s', (_name, value) => {
    expect(isValidChallengeValue(value)).toBe(false);
  });
});

describe('formatChallenge', () => {
  it('formats a realm-only challenge', () => {
    expect(formatChallenge({ realm: 'api' })).toBe('Bearer realm="api"');
  });

  it('formats realm and error', () => {
    expect(formatChallenge({ realm: 'api', error: 'invalid_token' })).toBe('Bearer realm="api", error="invalid_token"');
  });

  it('orders the attributes realm, error, error_description, scope', () => {
    expect(
      formatChallenge({ scope: 'a b', errorDescription: 'Need more', error: 'insufficient_scope', realm: 'bank' }),
    ).toBe('Bearer realm="bank", error="insufficient_scope", error_description="Need more", scope="a b"');
  });

  it('omits attributes that are undefined', () => {
    expect(formatChallenge({ realm: 'api', error: undefined, errorDescription: undefined, scope: 'read' })).toBe(
      'Bearer realm="api", scope="read"',
    );
  });

  it('keeps an attribute whose value is the empty string', () => {
    expect(formatChallenge({ realm: 'api', error: 'invalid_token', errorDescription: '' })).toBe(
      'Bearer realm="api", error="invalid_token", error_description=""',
    );
  });

  it.each(FORBIDDEN)('strips %s from every attribute value', (_name, value) => {
    expect(formatChallenge({ realm: value, error: value, errorDescription: value, scope: value })).toBe(
      'Bearer realm="ab", error="ab", error_description="ab", scope="ab"',
    );
  });

  it('cannot be made to inject a second attribute or header line', () => {
    const header = formatChallenge({
      realm: 'api',
      error: 'invalid_token',
      errorDescription: 'x", scope="admin\r\nSet-Cookie: a=b',
    });
    expect(header).toBe('Bearer realm="api", error="invalid_token", error_description="x, scope=adminSet-Cookie: a=b"');
    expect(header.match(/"/g)).toHaveLength(6);
  });
});
