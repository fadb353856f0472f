import type { Express } from 'express';
import request from 'supertest';
import { startLocalIssuer, type LocalIssuer } from '@access-guard/testing';
import { BANKING_AUDIENCE, createBankingApp } from '../src/app.js';

// The local issuer's default introspection client.
const RESOURCE_SERVER = { clientId: 'resource-server', clientSecret: 'resource-server-secret' };
const HOUR = 3600;

let issuer: LocalIssuer;
let app: Express;

beforeAll(async () => {
  issuer = await startLocalIssuer();
});
afterAll(async () => {
  await issuer.close();
});
// A fresh app per test: transfers change balances, and each test starts from the seed.
beforeEach(() => {
  app = createBankingApp({ issuer: issuer.issuer, introspection: RESOURCE_SERVER });
});

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** A JWT for this API with `scope`; claims and mint options override the defaults (sub user-123, 5 minutes). */
function mint(
  scope: string,
  claims: Record<string, unknown> = {},
  options: Parameters<LocalIssuer['mint']>[1] = {},
): Promise<string> {
  return issuer.mint({ aud: BANKING_AUDIENCE, scope, ...claims }, options);
}

function get(path: string, token?: string): request.Test {
  const call = request(app).get(path);
  return token === undefined ? call : call.set('Authorization', `Bearer ${token}`);
}

function postTransfer(token: string, body: unknown): request.Test {
  return request(app)
    .post('/transfers')
    .set('Authorization', `Bearer ${token}`)
    .send(body as object);
}

async function balanceOf(accountId: string, owner = 'user-123'): Promise<number> {
  const response = await get(`/accounts/${accountId}/balance`, await mint('read:accounts', { sub: owner })).expect(200);
  return (response.body as { balance: number }).balance;
}

describe('GET /accounts', () => {
  it("lists the caller's accounts for a read:accounts token", async () => {
    const response = await get('/accounts', await mint('read:accounts')).expect(200);
    const ids = (response.body as { accounts: { id: string }[] }).accounts.map((account) => account.id);
    expect(ids).toEqual(['acc-123-checking', 'acc-123-savings']);
  });

  it('accepts admin instead of read:accounts (any-of)', async () => {
    await get('/accounts', await mint('admin')).expect(200);
  });

  it('rejects a request without a token with 401 and a challenge without error', async () => {
    const response = await get('/accounts').expect(401);
    expect(response.headers['www-authenticate']).toBe(
      'Bearer realm="api", DPoP realm="api", algs="RS256 PS256 ES256 EdDSA"',
    );
  });

  it('rejects an expired token with 401 invalid_token and a JSON body', async () => {
    const token = await mint('read:accounts', { iat: nowSeconds() - 120, exp: nowSeconds() - 60 });
    const response = await get('/accounts', token).expect(401);
    expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
    expect(response.body).toMatchObject({ error: 'invalid_token' });
  });

  it('rejects a token issued for another API with 401', async () => {
    await get('/accounts', await mint('read:accounts', { aud: 'https://api.todo.example' })).expect(401);
  });

  it('rejects a token with neither read:accounts nor admin with 403 insufficient_scope', async () => {
    const response = await get('/accounts', await mint('transfer:funds')).expect(403);
    expect(response.headers['www-authenticate']).toContain('error="insufficient_scope"');
    expect(response.headers['www-authenticate']).toContain('scope="read:accounts admin"');
    expect(response.body).toMatchObject({ error: 'insufficient_scope' });
  });

  it('rejects a token without sub with 403: it owns no accounts', async () => {
    await get('/accounts', await mint('read:accounts', { sub: undefined })).expect(403);
  });
});

describe('token policy', () => {
  it('accepts a fresh at+jwt token that lives 15 minutes', async () => {
    await get('/accounts', await mint('read:accounts', {}, { expiresIn: 900 })).expect(200);
  });

  it('rejects a fresh 24-hour token with 401: it lives longer than maxTokenLifetime', async () => {
    const response = await get('/accounts', await mint('read:accounts', {}, { expiresIn: 24 * HOUR })).expect(401);
    expect(response.body).toMatchObject({ error: 'invalid_token' });
  });

  it('rejects a token issued 10 minutes ago with 401: it is older than maxTokenAge', async () => {
    const token = await mint('read:accounts', { iat: nowSeconds() - 600, exp: nowSeconds() + 300 });
    await get('/accounts', token).expect(401);
  });

  it('rejects an ID-token-like typ: JWT token with 401 (strict typ)', async () => {
    await get('/accounts', await mint('read:accounts', {}, { typ: 'JWT' })).expect(401);
  });
});

describe('opaque tokens via introspection', () => {
  function opaque(scope: string, expiresIn = 600): string {
    return issuer.issueOpaqueToken({ sub: 'user-123', scope, aud: BANKING_AUDIENCE, expiresIn });
  }

  it('accepts an active opaque token with read:accounts', async () => {
    const response = await get('/accounts', opaque('read:accounts')).expect(200);
    expect((response.body as { accounts: unknown[] }).accounts).toHaveLength(2);
  });

  it('enforces the scopes from the introspection answer: 403 on POST /transfers', async () => {
    const body = { from: 'acc-123-checking', to: 'acc-123-savings', amount: 100 };
    await postTransfer(opaque('read:accounts'), body).expect(403);
  });

  it('accepts a transfer with an opaque token that has both scopes', async () => {
    const body = { from: 'acc-123-checking', to: 'acc-123-savings', amount: 100 };
    await postTransfer(opaque('transfer:funds read:accounts'), body).expect(201);
  });

  it('rejects a revoked opaque token with 401', async () => {
    const token = opaque('read:accounts');
    issuer.revoke(token);
    await get('/accounts', token).expect(401);
  });

  it('applies the lifetime policy to introspected tokens: a one-hour opaque token is 401', async () => {
    await get('/accounts', opaque('read:accounts', HOUR)).expect(401);
  });

  it('refuses opaque tokens with 401 when no introspection client is configured', async () => {
    app = createBankingApp({ issuer: issuer.issuer });
    await get('/accounts', opaque('read:accounts')).expect(401);
  });
});

describe('POST /transfers', () => {
  const valid = { from: 'acc-123-checking', to: 'acc-123-savings', amount: 12_345 };

  it('creates a transfer for a token with transfer:funds and read:accounts (all-of)', async () => {
    const response = await postTransfer(await mint('transfer:funds read:accounts'), valid).expect(201);
    expect(response.body).toMatchObject({ ...valid, owner: 'user-123', currency: 'EUR' });
    expect(await balanceOf('acc-123-checking')).toBe(250_000 - 12_345);
    expect(await balanceOf('acc-123-savings')).toBe(1_000_000 + 12_345);
  });

  it('rejects a token with transfer:funds only with 403 (all-of)', async () => {
    const response = await postTransfer(await mint('transfer:funds'), valid).expect(403);
    expect(response.headers['www-authenticate']).toContain('scope="transfer:funds read:accounts"');
  });

  it('rejects admin alone with 403: admin does not replace transfer:funds', async () => {
    await postTransfer(await mint('admin read:accounts'), valid).expect(403);
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
    const response = await postTransfer(await mint('transfer:funds read:accounts'), body).expect(400);
    expect(response.body).toMatchObject({ error: 'invalid_request' });
  });

  it('rejects malformed JSON with 400 invalid_request', async () => {
    const response = await postTransfer(await mint('transfer:funds read:accounts'), '{"from": ')
      .set('Content-Type', 'application/json')
      .expect(400);
    expect(response.body).toMatchObject({ error: 'invalid_request' });
  });

  it('rejects an amount above the balance with 422 and moves nothing', async () => {
    await postTransfer(await mint('transfer:funds read:accounts'), { ...valid, amount: 250_001 }).expect(422);
    expect(await balanceOf('acc-123-checking')).toBe(250_000);
  });

  it('answers 404 for an unknown destination account', async () => {
    await postTransfer(await mint('transfer:funds read:accounts'), { ...valid, to: 'acc-999' }).expect(404);
  });
});

describe('data isolation between owners', () => {
  it('shows each owner only their own accounts', async () => {
    const response = await get('/accounts', await mint('read:accounts', { sub: 'user-456' })).expect(200);
    const ids = (response.body as { accounts: { id: string }[] }).accounts.map((account) => account.id);
    expect(ids).toEqual(['acc-456-checking']);
  });

  it("answers 404, not 403, for another owner's balance", async () => {
    await get('/accounts/acc-123-checking/balance', await mint('read:accounts', { sub: 'user-456' })).expect(404);
  });

  it("refuses a transfer from another owner's account with 404 and moves nothing", async () => {
    const token = await mint('transfer:funds read:accounts', { sub: 'user-456' });
    await postTransfer(token, { from: 'acc-123-savings', to: 'acc-456-checking', amount: 1_000 }).expect(404);
    expect(await balanceOf('acc-123-savings')).toBe(1_000_000);
    expect(await balanceOf('acc-456-checking', 'user-456')).toBe(50_000);
  });
});
