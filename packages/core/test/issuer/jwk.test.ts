import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { importJwk, type ImportedKey } from '../../src/issuer/jwk.js';

const jwkOf = (key: { export(options: { format: 'jwk' }): object }): Record<string, unknown> => ({
  ...key.export({ format: 'jwk' }),
});
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ed = generateKeyPairSync('ed25519');
const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });

function imported(jwk: unknown): ImportedKey {
  const result = importJwk(jwk);
  if (typeof result === 'string') throw new Error(`refused: ${result}`);
  return result;
}

describe('importJwk', () => {
  it('imports RSA, EC and Ed25519 keys for the algorithms of their type and curve', () => {
    expect(imported({ ...jwkOf(rsa.publicKey), kid: 'r' }).algorithms).toEqual([
      'RS256',
      'RS384',
      'RS512',
      'PS256',
      'PS384',
      'PS512',
    ]);
    expect(imported(jwkOf(p256.publicKey)).algorithms).toEqual(['ES256']);
    expect(imported(jwkOf(ed.publicKey)).algorithms).toEqual(['EdDSA', 'Ed25519']);
  });

  it('keeps kid and alg as the JWK states them', () => {
    expect(imported({ ...jwkOf(rsa.publicKey), kid: 'k1', alg: 'PS256' })).toMatchObject({ kid: 'k1', alg: 'PS256' });
  });

  it('ignores x5c and other members it does not read', () => {
    expect(typeof importJwk({ ...jwkOf(rsa.publicKey), x5c: ['not a certificate'], x5t: 'x' })).toBe('object');
  });

  it.each([
    ['an RSA exponent of 1 (every message is its own signature)', { e: 'AQ' }, 'RSA public exponent of 1'],
    [
      'an even RSA exponent',
      { e: Buffer.from([0x01, 0x00, 0x00]).toString('base64url') },
      'RSA public exponent of 65536',
    ],
  ])('refuses %s', (_label, change, reason) => {
    expect(importJwk({ ...jwkOf(rsa.publicKey), ...change })).toContain(reason);
  });

  it('refuses RSA moduli under 2048 and over 8192 bits', () => {
    const short = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(importJwk(jwkOf(short.publicKey))).toContain('RSA modulus of 1024 bits');
    const long = { ...jwkOf(rsa.publicKey), n: Buffer.alloc(1025, 0xff).toString('base64url') };
    expect(importJwk(long)).toContain('RSA modulus of 8200 bits');
  });

  it('refuses an EC point off the curve', () => {
    const off = { ...jwkOf(p256.publicKey), y: Buffer.alloc(32, 1).toString('base64url') };
    expect(importJwk(off)).toContain('a malformed key');
  });

  it.each([
    ['the identity', '0100000000000000000000000000000000000000000000000000000000000000'],
    ['the identity with the sign bit', '0100000000000000000000000000000000000000000000000000000000000080'],
    ['the point of order 2', 'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f'],
    ['a point of order 4', '0000000000000000000000000000000000000000000000000000000000000000'],
    ['a point of order 8', 'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a'],
    ['another point of order 8', '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85'],
    ['y = p (non-canonical zero)', 'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f'],
    ['y = p + 1 (non-canonical one)', 'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff'],
  ])('refuses an Ed25519 key that is %s', (_label, hex) => {
    expect(importJwk({ kty: 'OKP', crv: 'Ed25519', x: Buffer.from(hex, 'hex').toString('base64url') })).toBe(
      'a weak Ed25519 point',
    );
  });

  it('would be forgeable with the identity point: the reason it is refused', () => {
    // R = identity, S = 0 verifies any message under A = identity ([S]B = R + [k]A).
    const identity = Buffer.from('0100000000000000000000000000000000000000000000000000000000000000', 'hex');
    const key = { kty: 'OKP', crv: 'Ed25519', x: identity.toString('base64url') };
    const forged = Buffer.concat([identity, Buffer.alloc(32)]);
    expect(verify(null, Buffer.from('any claims'), { key, format: 'jwk' }, forged)).toBe(true);
  });

  it.each([
    ['use enc', { use: 'enc' }, 'use "enc"'],
    ['key_ops without verify', { key_ops: ['encrypt'] }, 'key_ops without verify'],
    ['a private member', { d: 'AAAA' }, 'private key material'],
    ['a numeric kid', { kid: 7 }, 'a kid or alg that is not a string'],
  ])('refuses a key with %s', (_label, change, reason) => {
    expect(importJwk({ ...jwkOf(rsa.publicKey), ...change })).toBe(reason);
  });

  it('refuses what is not a key at all', () => {
    expect(importJwk(null)).toBe('not a JSON object');
    expect(importJwk({ kty: 'oct', k: 'c2VjcmV0' })).toBe('private key material');
    expect(importJwk({ kty: 'RSA' })).toContain('a malformed key');
    expect(importJwk({ ...jwkOf(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey) })).toContain(
      'unsupported curve',
    );
  });

  it('imports a key that verifies what its private half signed', () => {
    const key = imported(jwkOf(ed.publicKey)).key;
    const signature = sign(null, Buffer.from('claims'), ed.privateKey);
    expect(verify(null, Buffer.from('claims'), key, signature)).toBe(true);
  });
});
