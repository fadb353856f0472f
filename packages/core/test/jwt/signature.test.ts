import { constants, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { JwsAlgorithm } from '../../src/jwt/algorithms.js';
import { verifyJwsSignature } from '../../src/jwt/signature.js';

const INPUT = 'eyJhbGciOiJ0ZXN0In0.eyJzdWIiOiJhbGljZSJ9';
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = (namedCurve: string) => generateKeyPairSync('ec', { namedCurve });
const p256 = ec('P-256');
const p384 = ec('P-384');
const p521 = ec('P-521');
const ed = generateKeyPairSync('ed25519');

const pss = (key: KeyObject, saltLength: number) => ({ key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength });
const p1363 = (key: KeyObject) => ({ key, dsaEncoding: 'ieee-p1363' as const });

// For each algorithm: the key pair, and a signature made exactly as RFC 7518 / RFC 8037 prescribe.
const CASES: [JwsAlgorithm, { publicKey: KeyObject; privateKey: KeyObject }, () => Buffer][] = [
  ['RS256', rsa, () => sign('sha256', Buffer.from(INPUT), rsa.privateKey)],
  ['RS384', rsa, () => sign('sha384', Buffer.from(INPUT), rsa.privateKey)],
  ['RS512', rsa, () => sign('sha512', Buffer.from(INPUT), rsa.privateKey)],
  ['PS256', rsa, () => sign('sha256', Buffer.from(INPUT), pss(rsa.privateKey, 32))],
  ['PS384', rsa, () => sign('sha384', Buffer.from(INPUT), pss(rsa.privateKey, 48))],
  ['PS512', rsa, () => sign('sha512', Buffer.from(INPUT), pss(rsa.privateKey, 64))],
  ['ES256', p256, () => sign('sha256', Buffer.from(INPUT), p1363(p256.privateKey))],
  ['ES384', p384, () => sign('sha384', Buffer.from(INPUT), p1363(p384.privateKey))],
  ['ES512', p521, () => sign('sha512', Buffer.from(INPUT), p1363(p521.privateKey))],
  ['EdDSA', ed, () => sign(null, Buffer.from(INPUT), ed.privateKey)],
  ['Ed25519', ed, () => sign(null, Buffer.from(INPUT), ed.privateKey)],
];

describe('verifyJwsSignature', () => {
  it.each(CASES)('accepts a valid %s signature and refuses it over other bytes', (alg, pair, signature) => {
    const made = signature();
    expect(verifyJwsSignature(alg, pair.publicKey, INPUT, made)).toBe(true);
    expect(verifyJwsSignature(alg, pair.publicKey, `${INPUT}x`, made)).toBe(false);
  });

  it.each(CASES)('refuses a %s signature with one bit flipped', (alg, pair, signature) => {
    const made = signature();
    made[made.length - 1] = (made[made.length - 1] as number) ^ 1;
    expect(verifyJwsSignature(alg, pair.publicKey, INPUT, made)).toBe(false);
  });

  it('refuses a PS256 signature whose salt is not as long as the digest (RFC 7518 §3.5)', () => {
    const made = sign('sha256', Buffer.from(INPUT), pss(rsa.privateKey, 0));
    expect(verifyJwsSignature('PS256', rsa.publicKey, INPUT, made)).toBe(false);
  });

  it('refuses an ECDSA signature in DER or of the wrong length, without throwing', () => {
    const der = sign('sha256', Buffer.from(INPUT), p256.privateKey);
    expect(verifyJwsSignature('ES256', p256.publicKey, INPUT, der)).toBe(false);
    const raw = sign('sha256', Buffer.from(INPUT), p1363(p256.privateKey));
    expect(verifyJwsSignature('ES256', p256.publicKey, INPUT, raw.subarray(1))).toBe(false);
    expect(verifyJwsSignature('ES256', p256.publicKey, INPUT, Buffer.alloc(0))).toBe(false);
  });

  it('refuses an RS256 signature checked against a key of another type, without throwing', () => {
    const made = sign('sha256', Buffer.from(INPUT), rsa.privateKey);
    expect(verifyJwsSignature('RS256', p256.publicKey, INPUT, made)).toBe(false);
  });

  it('answers false, not an exception, when node:crypto refuses the key for the algorithm', () => {
    // An Ed25519 key under RS256 makes node:crypto throw (no digest applies to it).
    const made = sign('sha256', Buffer.from(INPUT), rsa.privateKey);
    expect(() => verifyJwsSignature('RS256', ed.publicKey, INPUT, made)).not.toThrow();
    expect(verifyJwsSignature('RS256', ed.publicKey, INPUT, made)).toBe(false);
  });
});
