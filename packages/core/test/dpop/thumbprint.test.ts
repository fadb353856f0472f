import { generateKeyPairSync } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { jwkThumbprint } from '../../src/dpop/thumbprint.js';

describe('jwkThumbprint', () => {
  it.each([
    ['RSA', generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey],
    ['EC P-256', generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey],
    ['Ed25519', generateKeyPairSync('ed25519').publicKey],
  ])('agrees with an independent RFC 7638 implementation for %s', async (_label, key) => {
    const jwk = key.export({ format: 'jwk' }) as Record<string, unknown>;
    expect(jwkThumbprint({ ...jwk, kid: 'ignored', use: 'sig' })).toBe(await calculateJwkThumbprint(jwk as JWK));
  });

  it('is undefined for a key type RFC 7638 does not define here, or a member that is not a string', () => {
    expect(jwkThumbprint({ kty: 'oct', k: 'abc' })).toBeUndefined();
    expect(jwkThumbprint({ kty: 'EC', crv: 'P-256', x: 1, y: 'y' })).toBeUndefined();
  });
});
