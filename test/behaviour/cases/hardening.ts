import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import type { LocalIssuer } from '@access-guard/testing';
import { ROUTES } from '../apps.js';
import { AUDIENCE, aud, b64, bearer, now, type BehaviourCase, type CaseRequest } from './shared.js';

// The findings of an independent attack on the library, one row each (the hardening issue): degenerate
// keys in a key set, key sets that cannot be used, oversized headers, deep answers, answers to a
// token in the URI that a handler or an error handler would let shared caches store.

/** The issuer's current JWKS, to serve it back with one more key. */
async function keysOf(issuer: LocalIssuer): Promise<unknown[]> {
  return ((await (await fetch(issuer.jwksUri)).json()) as { keys: unknown[] }).keys;
}

/** A token of the issuer's claims, signed by nothing: its third segment is given. */
function forged(issuer: LocalIssuer, header: Record<string, unknown>, signature: Buffer): string {
  const input = `${b64(header)}.${b64({ iss: issuer.issuer, ...aud, sub: 'mallory', exp: now() + 300 })}`;
  return `${input}.${signature.toString('base64url')}`;
}

/** RFC 8017 §9.2 EMSA-PKCS1-v1_5 of SHA-256(input) for a modulus of `bytes` bytes. */
function pkcs1(input: string, bytes: number): Buffer {
  const digestInfo = Buffer.from('3031300d060960864801650304020105000420', 'hex');
  const encoded = Buffer.concat([digestInfo, createHash('sha256').update(input).digest()]);
  return Buffer.concat([
    Buffer.from([0, 1]),
    Buffer.alloc(bytes - encoded.length - 3, 0xff),
    Buffer.from([0]),
    encoded,
  ]);
}

/** Serves the issuer's keys plus `extra` (first) from its JWKS endpoint for this row. */
async function serveKeys(issuer: LocalIssuer, extra: unknown[]): Promise<void> {
  issuer.setFault('jwks', { status: 200, body: JSON.stringify({ keys: [...extra, ...(await keysOf(issuer))] }) });
}

const ED25519_IDENTITY = Buffer.from('0100000000000000000000000000000000000000000000000000000000000000', 'hex');

export const HARDENING_CASES: BehaviourCase[] = [
  {
    name: 'refuses a token forged against an RSA key with e = 1 in the key set',
    spec: '§3 §6',
    freshApp: true,
    async request(issuer): Promise<CaseRequest> {
      // With e = 1 every message is its own signature: the padded digest itself verifies.
      const n = randomBytes(256);
      n[0] = 0xff;
      await serveKeys(issuer, [{ kty: 'RSA', kid: 'weak-rsa', n: n.toString('base64url'), e: 'AQ' }]);
      const header = { alg: 'RS256', kid: 'weak-rsa', typ: 'at+jwt' };
      const input = `${b64(header)}.${b64({ iss: issuer.issuer, ...aud, sub: 'mallory', exp: now() + 300 })}`;
      return { headers: bearer(`${input}.${pkcs1(input, 256).toString('base64url')}`) };
    },
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'refuses a token forged against the Ed25519 identity point in the key set',
    spec: '§3 §6',
    freshApp: true,
    async request(issuer) {
      await serveKeys(issuer, [
        { kty: 'OKP', crv: 'Ed25519', kid: 'weak-ed', x: ED25519_IDENTITY.toString('base64url') },
      ]);
      const signature = Buffer.concat([ED25519_IDENTITY, Buffer.alloc(32)]);
      return { headers: bearer(forged(issuer, { alg: 'EdDSA', kid: 'weak-ed', typ: 'at+jwt' }, signature)) };
    },
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'accepts a token whose kid two keys of the set share, trying each',
    spec: '§3',
    freshApp: true,
    async request(issuer) {
      const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' });
      await serveKeys(issuer, [{ ...other, kid: issuer.currentKid('RS256') }]);
      return { headers: bearer(await issuer.mint({ ...aud }, { alg: 'RS256' })) };
    },
    expect: { status: 200 },
  },
  {
    name: 'answers 503, not 401, when the key set is empty',
    spec: '§2 §6',
    freshApp: true,
    fault: { endpoint: 'jwks', fault: { status: 200, body: '{"keys":[]}' } },
    async request(issuer) {
      return { headers: bearer(await issuer.mint({ ...aud })) };
    },
    expect: { status: 503 },
  },
  {
    name: 'answers 503, not 401, when no key of the set can be used (no n or e)',
    spec: '§2 §6',
    freshApp: true,
    fault: { endpoint: 'jwks', fault: { status: 200, body: '{"keys":[{"kty":"RSA","kid":"k"}]}' } },
    async request(issuer) {
      return { headers: bearer(await issuer.mint({ ...aud })) };
    },
    expect: { status: 503 },
  },
  {
    name: 'refuses a JOSE header of 550 members without any outbound request',
    spec: '§6',
    freshApp: true,
    async request(issuer) {
      const header: Record<string, unknown> = { alg: 'RS256', typ: 'at+jwt' };
      for (let i = 0; i < 550; i += 1) header[`m${i}`] = i;
      return { headers: bearer(forged(issuer, header, Buffer.from('signature'))) };
    },
    expect: { status: 401, error: 'invalid_token', upstream: { total: 0 } },
  },
  {
    name: 'accepts an introspection answer nested 300,000 deep (frozen without exhausting the stack)',
    spec: '§4 §6',
    config: 'introspection',
    freshApp: true,
    async request(issuer) {
      const deep = `${'['.repeat(300_000)}${']'.repeat(300_000)}`;
      const claims = JSON.stringify({ active: true, aud: AUDIENCE, sub: 'deep', exp: now() + 300 });
      issuer.setFault('introspection', { status: 200, body: `${claims.slice(0, -1)},"deep":${deep}}` });
      return { headers: bearer(issuer.issueOpaqueToken({ aud: AUDIENCE })) };
    },
    expect: { status: 200, sub: 'deep', format: 'opaque' },
  },
  {
    name: 'keeps Cache-Control private for a query token when the handler gives writeHead a public header',
    spec: '§1',
    config: 'query',
    async request(issuer) {
      return { path: `${ROUTES.cacheableWriteHead}?access_token=${await issuer.mint(aud)}` };
    },
    expect: { status: 200, cacheControl: 'private, max-age=60' },
  },
  {
    name: 'keeps Cache-Control private for a query token when writeHead gets raw header pairs',
    spec: '§1',
    config: 'query',
    async request(issuer) {
      return { path: `${ROUTES.cacheableRawHeaders}?access_token=${await issuer.mint(aud)}` };
    },
    expect: { status: 200, cacheControl: 'private, max-age=60' },
  },
  {
    name: 'marks the 401 to an expired query token Cache-Control: private',
    spec: '§1',
    config: 'query',
    async request(issuer) {
      const token = await issuer.mint({ ...aud, iat: now() - 600, exp: now() - 60 });
      return { path: `${ROUTES.protected}?access_token=${token}` };
    },
    expect: { status: 401, error: 'invalid_token', cacheControl: 'private' },
  },
  {
    name: 'marks the 403 of a scope guard to a query token Cache-Control: private',
    spec: '§1',
    config: 'query',
    async request(issuer) {
      return { path: `${ROUTES.scopedAll}?access_token=${await issuer.mint({ ...aud, scope: 'read:accounts' })}` };
    },
    expect: { status: 403, error: 'insufficient_scope', cacheControl: 'private' },
  },
];
