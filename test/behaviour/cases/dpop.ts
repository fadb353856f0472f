import {
  createClientCertificate,
  dpopProof,
  generateDpopKey,
  type DpopKey,
  type DpopProofOptions,
  type LocalIssuer,
  type TestCertificate,
} from '@access-guard/testing';
import { ROUTES } from '../apps.js';
import { AUDIENCE, aud, bearer, now, type BehaviourCase, type CaseRequest } from './shared.js';

// Sender-constrained tokens (RFC 9449 DPoP, RFC 8705 mTLS), on every adapter. Requests name the host
// they address (`Host`), so the proof's htu is known: http://api.behaviour.test/protected. No proxy
// is trusted by the table's apps, so X-Forwarded-* must change nothing.

const HOST = 'api.behaviour.test';
const HTU = `http://${HOST}${ROUTES.protected}`;

let key: Promise<DpopKey> | undefined;
let otherKey: Promise<DpopKey> | undefined;
/** The client's DPoP key (one for the table: made once). */
const dpopKey = (): Promise<DpopKey> => (key ??= generateDpopKey('ES256'));
const anotherKey = (): Promise<DpopKey> => (otherKey ??= generateDpopKey('ES256'));

let certificate: Promise<TestCertificate> | undefined;
let otherCertificate: Promise<TestCertificate> | undefined;
const clientCertificate = (): Promise<TestCertificate> => (certificate ??= createClientCertificate());
const anotherCertificate = (): Promise<TestCertificate> => (otherCertificate ??= createClientCertificate());

/** A DPoP-bound JWT for the table's audience. */
async function boundToken(issuer: LocalIssuer, claims: Record<string, unknown> = {}): Promise<string> {
  return issuer.mint({ ...aud, ...claims }, { dpop: await dpopKey() });
}

/** A request with `Authorization: DPoP <token>` and a proof, the proof options changed as given. */
async function dpopRequest(
  token: string,
  proof: Partial<DpopProofOptions> = {},
  extra: Partial<CaseRequest> = {},
): Promise<CaseRequest> {
  const signed = await dpopProof({ key: await dpopKey(), htm: 'GET', htu: HTU, accessToken: token, ...proof });
  return { ...extra, headers: { host: HOST, authorization: `DPoP ${token}`, dpop: signed, ...extra.headers } };
}

const invalidProof = { status: 401, error: 'invalid_dpop_proof', challengeOn: 'DPoP' as const };

export const DPOP_CASES: BehaviourCase[] = [
  {
    name: 'accepts a DPoP-bound token with a valid proof, and says how it was bound',
    spec: '§8',
    async request(issuer) {
      return dpopRequest(await boundToken(issuer, { scope: 'read:accounts' }));
    },
    expect: { status: 200, scheme: 'DPoP', scopes: ['read:accounts'] },
  },
  {
    name: 'refuses the same proof a second time (replay)',
    spec: '§8',
    async request(issuer) {
      return dpopRequest(await boundToken(issuer));
    },
    then: async (_issuer, _first, sent) => sent,
    expect: invalidProof,
  },
  {
    name: 'refuses a proof for another URL',
    spec: '§8',
    async request(issuer) {
      return dpopRequest(await boundToken(issuer), { htu: `http://${HOST}/elsewhere` });
    },
    expect: invalidProof,
  },
  {
    name: 'refuses a proof for another method',
    spec: '§8',
    async request(issuer) {
      return dpopRequest(await boundToken(issuer), { htm: 'POST' });
    },
    expect: invalidProof,
  },
  {
    name: 'compares htu after RFC 3986 normalization (scheme and host case, default port)',
    spec: '§8',
    async request(issuer) {
      return dpopRequest(await boundToken(issuer), {
        claims: { htu: `HTTP://API.BEHAVIOUR.TEST:80${ROUTES.protected}` },
      });
    },
    expect: { status: 200, scheme: 'DPoP' },
  },
  {
    name: 'never takes the URL from X-Forwarded-* headers the app does not trust',
    spec: '§8',
    async request(issuer) {
      const token = await boundToken(issuer);
      return dpopRequest(
        token,
        { htu: `https://evil.example${ROUTES.protected}` },
        { headers: { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' } },
      );
    },
    expect: invalidProof,
  },
  {
    name: 'checks htu against a configured origin (behind a proxy)',
    spec: '§8',
    config: 'dpop-origin',
    async request(issuer) {
      return dpopRequest(await boundToken(issuer), { htu: `https://api.behaviour.test${ROUTES.protected}` });
    },
    expect: { status: 200, scheme: 'DPoP' },
  },
  {
    name: 'refuses a proof whose iat is ten minutes old',
    spec: '§8',
    async request(issuer) {
      return dpopRequest(await boundToken(issuer), { iat: now() - 600 });
    },
    expect: invalidProof,
  },
  {
    name: 'refuses a proof without ath',
    spec: '§8',
    async request(issuer) {
      return dpopRequest(await boundToken(issuer), { accessToken: undefined });
    },
    expect: invalidProof,
  },
  {
    name: 'refuses a proof made for another access token (ath)',
    spec: '§8',
    async request(issuer) {
      return dpopRequest(await boundToken(issuer), { accessToken: await boundToken(issuer, { sub: 'other' }) });
    },
    expect: invalidProof,
  },
  {
    name: 'refuses a proof whose jwk holds a private key',
    spec: '§8',
    async request(issuer) {
      return dpopRequest(await boundToken(issuer), { jwk: 'private' });
    },
    expect: invalidProof,
  },
  ...(['none', 'HS256'] as const).map((alg): BehaviourCase => ({
    name: `refuses a proof with alg ${alg}`,
    spec: '§8 §6',
    async request(issuer) {
      return dpopRequest(await boundToken(issuer), { alg });
    },
    expect: invalidProof,
  })),
  {
    name: 'refuses a proof whose typ is not dpop+jwt',
    spec: '§8',
    async request(issuer) {
      return dpopRequest(await boundToken(issuer), { typ: 'JWT' });
    },
    expect: invalidProof,
  },
  {
    name: 'refuses a proof without jti',
    spec: '§8',
    async request(issuer) {
      return dpopRequest(await boundToken(issuer), { claims: { jti: undefined } });
    },
    expect: invalidProof,
  },
  {
    name: 'refuses a proof signed by another key than its jwk',
    spec: '§8',
    async request(issuer) {
      return dpopRequest(await boundToken(issuer), { jwk: (await anotherKey()).publicJwk });
    },
    expect: invalidProof,
  },
  {
    name: "refuses a valid proof by another key than the token's (cnf.jkt)",
    spec: '§8',
    async request(issuer) {
      const token = await boundToken(issuer);
      const proof = await dpopProof({ key: await anotherKey(), htm: 'GET', htu: HTU, accessToken: token });
      return { headers: { host: HOST, authorization: `DPoP ${token}`, dpop: proof } };
    },
    expect: invalidProof,
  },
  {
    name: 'refuses the DPoP scheme without a proof',
    spec: '§8',
    async request(issuer) {
      return { headers: { host: HOST, authorization: `DPoP ${await boundToken(issuer)}` } };
    },
    expect: invalidProof,
  },
  {
    name: 'refuses a DPoP-bound token presented as Bearer (downgrade), on the DPoP challenge',
    spec: '§8',
    async request(issuer) {
      return { headers: { host: HOST, ...bearer(await boundToken(issuer)) } };
    },
    expect: { status: 401, error: 'invalid_token', challengeOn: 'DPoP' },
  },
  {
    name: 'refuses an unbound token presented with the DPoP scheme and a proof',
    spec: '§8',
    async request(issuer) {
      return dpopRequest(await issuer.mint(aud));
    },
    expect: { status: 401, error: 'invalid_token', challengeOn: 'DPoP' },
  },
  {
    name: 'answers 400 to two DPoP proofs',
    spec: '§8',
    async request(issuer) {
      const token = await boundToken(issuer);
      const proof = async () => dpopProof({ key: await dpopKey(), htm: 'GET', htu: HTU, accessToken: token });
      return {
        headers: {
          host: HOST,
          authorization: `DPoP ${token}`,
          dpop: [await proof(), await proof()] as unknown as string,
        },
      };
    },
    expect: { status: 400, error: 'invalid_request' },
  },
  {
    name: 'answers 400 to a Bearer token sent with a DPoP proof',
    spec: '§8',
    async request(issuer) {
      const token = await issuer.mint(aud);
      const proof = await dpopProof({ key: await dpopKey(), htm: 'GET', htu: HTU, accessToken: token });
      return { headers: { host: HOST, ...bearer(token), dpop: proof } };
    },
    expect: { status: 400, error: 'invalid_request' },
  },
  {
    name: 'keeps accepting a plain bearer token while DPoP is accepted',
    spec: '§8',
    async request(issuer) {
      return { headers: bearer(await issuer.mint(aud)) };
    },
    expect: { status: 200, scheme: 'Bearer' },
  },
  {
    name: 'refuses a plain bearer token when DPoP is required',
    spec: '§8',
    config: 'dpop-required',
    async request(issuer) {
      return { headers: bearer(await issuer.mint(aud)) };
    },
    // Bearer is not accepted, so the only challenge is the DPoP one.
    expect: { status: 401, error: 'invalid_token', challengeOn: 'DPoP' },
  },
  {
    name: 'accepts a DPoP-bound token with a proof when DPoP is required',
    spec: '§8',
    config: 'dpop-required',
    async request(issuer) {
      return dpopRequest(await boundToken(issuer));
    },
    expect: { status: 200, scheme: 'DPoP' },
  },
  {
    name: 'asks for a server nonce with 401 use_dpop_nonce and a DPoP-Nonce header',
    spec: '§8',
    config: 'dpop-nonce',
    async request(issuer) {
      return dpopRequest(await boundToken(issuer));
    },
    expect: { status: 401, error: 'use_dpop_nonce', challengeOn: 'DPoP', headers: { 'dpop-nonce': true } },
  },
  {
    name: 'accepts a proof with the nonce it was given, and gives the next one',
    spec: '§8',
    config: 'dpop-nonce',
    async request(issuer) {
      return dpopRequest(await boundToken(issuer));
    },
    first: { status: 401, error: 'use_dpop_nonce' },
    then: async (_issuer, first, sent) => {
      const token = String(sent.headers?.['authorization']).slice('DPoP '.length);
      return dpopRequest(token, { nonce: first.headers['dpop-nonce'] });
    },
    expect: { status: 200, scheme: 'DPoP', headers: { 'dpop-nonce': true } },
  },
  {
    name: 'accepts a DPoP-bound opaque token whose introspection answer names its key',
    spec: '§8 §4',
    config: 'introspection',
    async request(issuer) {
      const token = issuer.issueOpaqueToken({ aud: AUDIENCE, dpop: await dpopKey() });
      return dpopRequest(token);
    },
    expect: { status: 200, scheme: 'DPoP', format: 'opaque' },
  },
  {
    name: 'refuses a DPoP-bound opaque token presented as Bearer',
    spec: '§8 §4',
    config: 'introspection',
    async request(issuer) {
      return { headers: bearer(issuer.issueOpaqueToken({ aud: AUDIENCE, dpop: await dpopKey() })) };
    },
    expect: { status: 401, error: 'invalid_token', challengeOn: 'DPoP' },
  },
  {
    name: 'accepts a certificate-bound token with that certificate (named proxy header)',
    spec: '§8',
    config: 'mtls-header',
    async request(issuer) {
      const cert = await clientCertificate();
      const token = await issuer.mint(aud, { certificate: cert });
      return { headers: { ...bearer(token), 'x-client-cert': encodeURIComponent(cert.certificate) } };
    },
    expect: { status: 200 },
  },
  {
    name: 'refuses a certificate-bound token without a certificate',
    spec: '§8',
    config: 'mtls-header',
    async request(issuer) {
      return { headers: bearer(await issuer.mint(aud, { certificate: await clientCertificate() })) };
    },
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'refuses a certificate-bound token with another certificate',
    spec: '§8',
    config: 'mtls-header',
    async request(issuer) {
      const token = await issuer.mint(aud, { certificate: await clientCertificate() });
      return {
        headers: { ...bearer(token), 'x-client-cert': encodeURIComponent((await anotherCertificate()).certificate) },
      };
    },
    expect: { status: 401, error: 'invalid_token' },
  },
  {
    name: 'never reads a certificate header it was not told to trust',
    spec: '§8',
    async request(issuer) {
      const cert = await clientCertificate();
      const token = await issuer.mint(aud, { certificate: cert });
      return { headers: { ...bearer(token), 'x-client-cert': encodeURIComponent(cert.certificate) } };
    },
    expect: { status: 401, error: 'invalid_token' },
  },
];
