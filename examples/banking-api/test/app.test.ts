import type { Express } from 'express';
import request from 'supertest';
import { generateDpopKey, startLocalIssuer, type DpopKey, type LocalIssuer } from '@access-guard/testing';
import { BANKING_AUDIENCE, createBankingApp } from '../src/app.js';

/** The origin the bank's clients address; their proofs name it in `htu`. */
const ORIGIN = 'https://api.banking.example';

// The local issuer's default introspection client.
const RESOURCE_SERVER = { clientId: 'resource-server', clientSecret: 'resource-server-secret' };
const HOUR = 3600;

let issuer: LocalIssuer;
let app: Express;
// The client's DPoP key: every token is bound to it, every request carries a fresh proof signed by it.
let key: DpopKey;

beforeAll(async () => {
  issuer = await startLocalIssuer();
  key = await generateDpopKey();
});
afterAll(async () => {
  await issuer.close();
});
// A fresh app per test: transfers change balances, and each test starts from the seed.
beforeEach(() => {
  app = createBankingApp({ issuer: issuer.issuer, introspection: RESOURCE_SERVER, origin: ORIGIN });
});

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/**
 * A JWT for this API with `scope`, bound to the client's DPoP key; claims and mint options override
 * the defaults (sub user-123, 5 minutes).
 */
function mint(
  scope: string,
  claims: Record<string, unknown> = {},
  options: Parameters<LocalIssuer['mint']>[1] = {},
): Promise<string> {
  return issuer.mint({ aud: BANKING_AUDIENCE, scope, ...claims }, { dpop: key, ...options });
}

interface Sent {
  /** `DPoP` (default, with a fresh proof), or `Bearer` (no proof). */
  scheme?: 'DPoP' | 'Bearer';
  /** A proof to send instead of a fresh one. */
  proof?: string;
  contentType?: string;
}

/** A fresh proof for one request to this API with `token`. */
function proofFor(method: string, path: string, token: string): Promise<string> {
  return issuer.dpopProof({ key, htm: method, htu: `${ORIGIN}${path}`, accessToken: token });
}

async function send(
  method: 'GET' | 'POST',
  path: string,
  token: string | undefined,
  body?: unknown,
  sent: Sent = {},
): Promise<request.Response> {
  const call = method === 'GET' ? request(app).get(path) : request(app).post(path);
  if (token !== undefined) {
    const scheme = sent.scheme ?? 'DPoP';
    call.set('Authorization', `${scheme} ${token}`);
    if (scheme === 'DPoP') call.set('DPoP', sent.proof ?? (await proofFor(method, path, token)));
  }
  if (sent.contentType !== undefined) call.set('Content-Type', sent.contentType);
  return body === undefined ? call : call.send(body as object);
}

const get = (path: string, token?: string, sent?: Sent) => send('GET', path, token, undefined, sent);
const postTransfer = (token: string, body: unknown, sent?: Sent) => send('POST', '/transfers', token, body, sent);

/** Asserts a response's status and hands the response on. */
async function answered(response: Promise<request.Response>, status: number): Promise<request.Response> {
  const settled = await response;
  expect(settled.status).toBe(status);
  return settled;
}

async function balanceOf(accountId: string, owner = 'user-123'): Promise<number> {
  const response = await answered(
    get(`/accounts/${accountId}/balance`, await mint('read:accounts', { sub: owner })),
    200,
  );
  return (response.body as { balance: number }).balance;
}

describe('GET /accounts', () => {
  it("lists the caller's accounts for a read:accounts token", async () => {
    const response = await answered(get('/accounts', await mint('read:accounts')), 200);
    const ids = (response.body as { accounts: { id: string }[] }).accounts.map((account) => account.id);
    expect(ids).toEqual(['acc-123-checking', 'acc-123-savings']);
  });

  it('accepts admin instead of read:accounts (any-of)', async () => {
    await answered(get('/accounts', await mint('admin')), 200);
  });

  it('rejects a request without a token with 401 and a DPoP challenge only, without error', async () => {
    const response = await answered(get('/accounts'), 401);
    expect(response.headers['www-authenticate']).toBe('DPoP realm="api", algs="RS256 PS256 ES256 EdDSA"');
  });

  it('rejects an expired token with 401 invalid_token and a JSON body', async () => {
    const token = await mint('read:accounts', { iat: nowSeconds() - 120, exp: nowSeconds() - 60 });
    const response = await answered(get('/accounts', token), 401);
    expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
    expect(response.body).toMatchObject({ error: 'invalid_token' });
  });

  it('rejects a token issued for another API with 401', async () => {
    await answered(get('/accounts', await mint('read:accounts', { aud: 'https://api.todo.example' })), 401);
  });

  it('rejects a token with neither read:accounts nor admin with 403 insufficient_scope', async () => {
    const response = await answered(get('/accounts', await mint('transfer:funds')), 403);
    expect(response.headers['www-authenticate']).toContain('error="insufficient_scope"');
    expect(response.headers['www-authenticate']).toContain('scope="read:accounts admin"');
    expect(response.body).toMatchObject({ error: 'insufficient_scope' });
  });

  it('rejects a token without sub with 403: it owns no accounts', async () => {
    await answered(get('/accounts', await mint('read:accounts', { sub: undefined })), 403);
  });
});

describe('token policy', () => {
  it('accepts a fresh at+jwt token that lives 15 minutes', async () => {
    await answered(get('/accounts', await mint('read:accounts', {}, { expiresIn: 900 })), 200);
  });

  it('rejects a fresh 24-hour token with 401: it lives longer than maxTokenLifetime', async () => {
    const response = await answered(get('/accounts', await mint('read:accounts', {}, { expiresIn: 24 * HOUR })), 401);
    expect(response.body).toMatchObject({ error: 'invalid_token' });
  });

  it('rejects a token issued 10 minutes ago with 401: it is older than maxTokenAge', async () => {
    const token = await mint('read:accounts', { iat: nowSeconds() - 600, exp: nowSeconds() + 300 });
    await answered(get('/accounts', token), 401);
  });

  it('rejects an ID-token-like typ: JWT token with 401 (strict typ)', async () => {
    await answered(get('/accounts', await mint('read:accounts', {}, { typ: 'JWT' })), 401);
  });
});

describe('opaque tokens via introspection', () => {
  function opaque(scope: string, expiresIn = 600): string {
    return issuer.issueOpaqueToken({ sub: 'user-123', scope, aud: BANKING_AUDIENCE, expiresIn, dpop: key });
  }

  it('accepts an active opaque token with read:accounts', async () => {
    const response = await answered(get('/accounts', opaque('read:accounts')), 200);
    expect((response.body as { accounts: unknown[] }).accounts).toHaveLength(2);
  });

  it('enforces the scopes from the introspection answer: 403 on POST /transfers', async () => {
    const body = { from: 'acc-123-checking', to: 'acc-123-savings', amount: 100 };
    await answered(postTransfer(opaque('read:accounts'), body), 403);
  });

  it('accepts a transfer with an opaque token that has both scopes', async () => {
    const body = { from: 'acc-123-checking', to: 'acc-123-savings', amount: 100 };
    await answered(postTransfer(opaque('transfer:funds read:accounts'), body), 201);
  });

  it('rejects a revoked opaque token with 401', async () => {
    const token = opaque('read:accounts');
    issuer.revoke(token);
    await answered(get('/accounts', token), 401);
  });

  it('applies the lifetime policy to introspected tokens: a one-hour opaque token is 401', async () => {
    await answered(get('/accounts', opaque('read:accounts', HOUR)), 401);
  });

  it('refuses opaque tokens with 401 when no introspection client is configured', async () => {
    app = createBankingApp({ issuer: issuer.issuer });
    await answered(get('/accounts', opaque('read:accounts')), 401);
  });
});

describe('POST /transfers', () => {
  const valid = { from: 'acc-123-checking', to: 'acc-123-savings', amount: 12_345 };

  it('creates a transfer for a token with transfer:funds and read:accounts (all-of)', async () => {
    const response = await answered(postTransfer(await mint('transfer:funds read:accounts'), valid), 201);
    expect(response.body).toMatchObject({ ...valid, owner: 'user-123', currency: 'EUR' });
    expect(await balanceOf('acc-123-checking')).toBe(250_000 - 12_345);
    expect(await balanceOf('acc-123-savings')).toBe(1_000_000 + 12_345);
  });

  it('rejects a token with transfer:funds only with 403 (all-of)', async () => {
    const response = await answered(postTransfer(await mint('transfer:funds'), valid), 403);
    expect(response.headers['www-authenticate']).toContain('scope="transfer:funds read:accounts"');
  });

  it('rejects admin alone with 403: admin does not replace transfer:funds', async () => {
    await answered(postTransfer(await mint('admin read:accounts'), valid), 403);
  });

  it.each([
    ['no body', undefined],
    ['an array', [valid]],
    ['a missing amount', { from: valid.from, to: valid.to }],
    ['a negative amount', { ...valid, amount: -5 }],
    ['a fractional amount', { ...valid, amount: 10.5 }],
    ['a string amount', { ...valid, amount: '100' }],
    ['the same account twice', { ...valid, to: valid.from }],
    ['an owner field', { ...valid, owner: 'user-456' }],
  ])('rejects %s with 400 invalid_request', async (_name, body) => {
    const response = await answered(postTransfer(await mint('transfer:funds read:accounts'), body), 400);
    expect(response.body).toMatchObject({ error: 'invalid_request' });
  });

  it('rejects malformed JSON with 400 invalid_request', async () => {
    const response = await answered(
      postTransfer(await mint('transfer:funds read:accounts'), '{"from": ', { contentType: 'application/json' }),
      400,
    );
    expect(response.body).toMatchObject({ error: 'invalid_request' });
  });

  it('rejects an amount above the balance with 422 and moves nothing', async () => {
    const token = await mint('transfer:funds read:accounts', { acr: 'phr', auth_time: nowSeconds() });
    await answered(postTransfer(token, { ...valid, amount: 250_001 }), 422);
    expect(await balanceOf('acc-123-checking')).toBe(250_000);
  });

  it('answers 404 for an unknown destination account', async () => {
    await answered(postTransfer(await mint('transfer:funds read:accounts'), { ...valid, to: 'acc-999' }), 404);
  });
});

describe('sender-constrained tokens (DPoP)', () => {
  it('refuses a bound token presented as a bearer token: a copied token moves no money', async () => {
    const response = await answered(get('/accounts', await mint('read:accounts'), { scheme: 'Bearer' }), 401);
    expect(response.headers['www-authenticate']).toMatch(/^DPoP /);
  });

  it('refuses a plain bearer token, even a valid one', async () => {
    const token = await issuer.mint({ aud: BANKING_AUDIENCE, scope: 'read:accounts' });
    await answered(get('/accounts', token, { scheme: 'Bearer' }), 401);
  });

  it('accepts a proof once: the same proof replayed is 401', async () => {
    const token = await mint('read:accounts');
    const proof = await proofFor('GET', '/accounts', token);
    await answered(get('/accounts', token, { proof }), 200);
    const replay = await answered(get('/accounts', token, { proof }), 401);
    expect(replay.headers['www-authenticate']).toContain('error="invalid_dpop_proof"');
  });

  it('refuses a proof made for another route', async () => {
    const token = await mint('read:accounts');
    await answered(get('/accounts', token, { proof: await proofFor('GET', '/transfers', token) }), 401);
  });
});

describe('large transfers need a step-up login (RFC 9470)', () => {
  const large = { from: 'acc-123-savings', to: 'acc-123-checking', amount: 500_000 };

  it('answers 401 insufficient_user_authentication naming acr_values for a password login', async () => {
    const token = await mint('transfer:funds read:accounts', { acr: 'pwd', auth_time: nowSeconds() });
    const response = await answered(postTransfer(token, large), 401);
    expect(response.headers['www-authenticate']).toContain('error="insufficient_user_authentication"');
    expect(response.headers['www-authenticate']).toContain('acr_values="phr phrh"');
    expect(await balanceOf('acc-123-savings')).toBe(1_000_000);
  });

  it('answers 401 naming max_age when the strong login is older than 5 minutes', async () => {
    const token = await mint('transfer:funds read:accounts', { acr: 'phr', auth_time: nowSeconds() - 600 });
    const response = await answered(postTransfer(token, large), 401);
    expect(response.headers['www-authenticate']).toContain('max_age="300"');
  });

  it('moves the money after a recent phishing-resistant login', async () => {
    const token = await mint('transfer:funds read:accounts', { acr: 'phrh', auth_time: nowSeconds() - 30 });
    await answered(postTransfer(token, large), 201);
    expect(await balanceOf('acc-123-savings')).toBe(500_000);
  });

  it('lets a small transfer through without a step-up', async () => {
    const token = await mint('transfer:funds read:accounts', { acr: 'pwd' });
    await answered(postTransfer(token, { ...large, amount: 100_000 }), 201);
  });
});

describe('data isolation between owners', () => {
  it('shows each owner only their own accounts', async () => {
    const response = await answered(get('/accounts', await mint('read:accounts', { sub: 'user-456' })), 200);
    const ids = (response.body as { accounts: { id: string }[] }).accounts.map((account) => account.id);
    expect(ids).toEqual(['acc-456-checking']);
  });

  it("answers 404, not 403, for another owner's balance", async () => {
    await answered(get('/accounts/acc-123-checking/balance', await mint('read:accounts', { sub: 'user-456' })), 404);
  });

  it("refuses a transfer from another owner's account with 404 and moves nothing", async () => {
    const token = await mint('transfer:funds read:accounts', { sub: 'user-456' });
    await answered(postTransfer(token, { from: 'acc-123-savings', to: 'acc-456-checking', amount: 1_000 }), 404);
    expect(await balanceOf('acc-123-savings')).toBe(1_000_000);
    expect(await balanceOf('acc-456-checking', 'user-456')).toBe(50_000);
  });
});
