import { tokenShape } from '../../src/jwt/compact.js';

function b64(value: unknown): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
}

/** The kind of shape, or 'oversized'. */
function kindOf(token: string): string {
  const shape = tokenShape(token);
  return typeof shape === 'string' ? shape : shape.kind;
}

describe('tokenShape', () => {
  it.each<[string, string]>([
    ['an RS256 JWS', `${b64({ alg: 'RS256', typ: 'at+jwt' })}.${b64({ sub: 'a' })}.c2ln`],
    ['a JWS with an empty signature', `${b64({ alg: 'none' })}.${b64({ sub: 'a' })}.`],
    ['a JWS with an empty payload', `${b64({ alg: 'RS256' })}..c2ln`],
    ['a JWS whose alg is not a string', `${b64({ alg: 1 })}.${b64({})}.c2ln`],
  ])('classifies %s as jws', (_name, token) => {
    expect(kindOf(token)).toBe('jws');
  });

  it.each<[string, string]>([
    ['a 5-segment JWE', `${b64({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.a.b.c.d`],
    ['a 5-segment token whose header has alg but no enc', `${b64({ alg: 'dir' })}.a.b.c.d`],
    ['a 3-segment token whose header has enc', `${b64({ alg: 'RS256', enc: 'A256GCM' })}.a.b`],
  ])('classifies %s as jwe', (_name, token) => {
    expect(kindOf(token)).toBe('jwe');
  });

  it.each<[string, string]>([
    ['a random string', 'm7Q2xZ9pLk3vT8aR1cF0'],
    ['a Google-style token', 'ya29.abc'],
    ['two dots with a header that is not base64url JSON', 'abc.def.ghi'],
    // '{"alg":"RS256" }' encodes to standard base64 with '==' padding, which base64url forbids.
    ['two dots with a padded base64 header', `${Buffer.from('{"alg":"RS256" }').toString('base64')}.a.b`],
    // Node's base64url decoder also accepts '+' and '/', so these headers would decode to valid JSON.
    [
      'two dots with a header holding a base64 +',
      `${Buffer.from('{"alg":"RS256","kid":"\\"!~~"}').toString('base64').replace(/=+$/, '')}.a.b`,
    ],
    [
      'two dots with a header holding a base64 /',
      `${Buffer.from('{"alg":"RS256","kid":"!?~~"}').toString('base64').replace(/=+$/, '')}.a.b`,
    ],
    ['a header without alg', `${b64({ typ: 'JWT' })}.${b64({})}.c2ln`],
    ['a header that is a JSON array', `${b64(['alg'])}.${b64({})}.c2ln`],
    ['a header that is JSON null', `${b64('null')}.${b64({})}.c2ln`],
    ['a header that is a JSON string', `${b64('"alg"')}.${b64({})}.c2ln`],
    ['an empty header segment', `.${b64({})}.c2ln`],
    ['a JWS with one dot', `${b64({ alg: 'RS256' })}.${b64({})}`],
    ['a JWS with three dots', `${b64({ alg: 'RS256' })}.${b64({})}.c2ln.x`],
    ['a JWE-like token with five dots', `${b64({ alg: 'RSA-OAEP', enc: 'A256GCM' })}.a.b.c.d.e`],
    ['an empty string', ''],
  ])('classifies %s as opaque', (_name, token) => {
    expect(kindOf(token)).toBe('opaque');
  });

  it('splits a JWS once: header decoded, signing input and segments kept', () => {
    const token = `${b64({ alg: 'RS256', kid: 'k' })}.${b64({ sub: 'a' })}.c2ln`;
    const [header, payload] = token.split('.') as [string, string];
    expect(tokenShape(token)).toEqual({
      kind: 'jws',
      header: { alg: 'RS256', kid: 'k' },
      signingInput: `${header}.${payload}`,
      payloadSegment: payload,
      signatureSegment: 'c2ln',
    });
  });

  it('calls a JOSE header past 1024 characters oversized without decoding it', () => {
    const header = b64({ alg: 'RS256', pad: 'x'.repeat(1000) });
    expect(tokenShape(`${header}.e30.c2ln`)).toBe('oversized');
  });

  it('calls a long first segment that is not JOSE JSON opaque', () => {
    expect(kindOf(`${'A'.repeat(1100)}.b.c`)).toBe('opaque');
  });
});
