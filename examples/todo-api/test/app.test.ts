import type { RequestListener } from 'node:http';
import request from 'supertest';
import { startLocalIssuer, type LocalIssuer } from '@access-guard/testing';
import { TODO_AUDIENCE, createTodoApp } from '../src/app.js';

const HOUR = 3600;
const READ_WRITE = 'read:todos write:todos';

let issuer: LocalIssuer;
let app: RequestListener;

beforeAll(async () => {
  issuer = await startLocalIssuer();
});
afterAll(async () => {
  await issuer.close();
});
// A fresh app per test: every test starts with empty lists.
beforeEach(() => {
  const callback = createTodoApp({ issuer: issuer.issuer }).callback();
  // Koa's callback settles its own errors; a Node listener returns nothing.
  app = (req, res) => void callback(req, res);
});

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** A JWT for this API with `scope`; claims and mint options override the defaults (sub user-123, 5 minutes). */
function mint(
  scope: string,
  claims: Record<string, unknown> = {},
  options: Parameters<LocalIssuer['mint']>[1] = {},
): Promise<string> {
  return issuer.mint({ aud: TODO_AUDIENCE, scope, ...claims }, options);
}

function get(path: string, token?: string): request.Test {
  const call = request(app).get(path);
  return token === undefined ? call : call.set('Authorization', `Bearer ${token}`);
}

function send(method: 'post' | 'patch', path: string, token: string, body: unknown): request.Test {
  return request(app)
    [method](path)
    .set('Authorization', `Bearer ${token}`)
    .send(body as object);
}

/** Creates a list and one item as `owner`; returns their ids. */
async function seed(owner: string): Promise<{ listId: string; itemId: string }> {
  const token = await mint(READ_WRITE, { sub: owner });
  const list = await send('post', '/lists', token, { name: 'Groceries' }).expect(201);
  const listId = (list.body as { id: string }).id;
  const item = await send('post', `/lists/${listId}/items`, token, { title: 'Milk' }).expect(201);
  return { listId, itemId: (item.body as { id: string }).id };
}

describe('lists and items', () => {
  it("answers 200 with the caller's lists for a read:todos token", async () => {
    await seed('user-123');
    const response = await get('/lists', await mint('read:todos')).expect(200);
    expect((response.body as { lists: { name: string }[] }).lists.map((list) => list.name)).toEqual(['Groceries']);
  });

  it('creates a list, adds an item and marks it done', async () => {
    const { listId, itemId } = await seed('user-123');
    const patched = await send('patch', `/items/${itemId}`, await mint('write:todos'), { done: true }).expect(200);
    expect(patched.body).toMatchObject({ id: itemId, listId, title: 'Milk', done: true });
    const items = await get(`/lists/${listId}/items`, await mint('read:todos')).expect(200);
    expect(items.body).toMatchObject({ items: [{ id: itemId, done: true }] });
  });

  it('rejects a request without a token with 401 and a challenge without error', async () => {
    const response = await get('/lists').expect(401);
    expect(response.headers['www-authenticate']).toBe(
      'Bearer realm="api", DPoP realm="api", algs="RS256 PS256 ES256 EdDSA"',
    );
  });

  it('rejects an expired token with 401 invalid_token and a JSON body', async () => {
    const token = await mint('read:todos', { iat: nowSeconds() - 120, exp: nowSeconds() - 60 });
    const response = await get('/lists', token).expect(401);
    expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
    expect(response.body).toMatchObject({ error: 'invalid_token' });
  });

  it('rejects a token issued for another API with 401', async () => {
    await get('/lists', await mint('read:todos', { aud: 'https://api.banking.example' })).expect(401);
  });

  it('rejects a write with a read:todos token with 403 insufficient_scope', async () => {
    const response = await send('post', '/lists', await mint('read:todos'), { name: 'Chores' }).expect(403);
    expect(response.headers['www-authenticate']).toContain('scope="write:todos"');
    expect(response.body).toMatchObject({ error: 'insufficient_scope' });
  });

  it('rejects a read with a write:todos token with 403 insufficient_scope', async () => {
    await get('/lists', await mint('write:todos')).expect(403);
  });

  it('answers 404 for an unknown list', async () => {
    await get('/lists/00000000-0000-0000-0000-000000000000/items', await mint('read:todos')).expect(404);
  });

  it.each([
    ['an empty name', { name: '  ' }],
    ['a name that is not a string', { name: 42 }],
    ['an owner field', { name: 'Chores', owner: 'user-456' }],
    ['an array', [{ name: 'Chores' }]],
  ])('rejects a new list with %s with 400 invalid_request', async (_name, body) => {
    const response = await send('post', '/lists', await mint('write:todos'), body).expect(400);
    expect(response.body).toMatchObject({ error: 'invalid_request' });
  });

  it('rejects malformed JSON with 400 invalid_request', async () => {
    const response = await send('post', '/lists', await mint('write:todos'), '{"name": ')
      .set('Content-Type', 'application/json')
      .expect(400);
    expect(response.body).toMatchObject({ error: 'invalid_request' });
  });

  it('rejects a new item without a title with 400', async () => {
    const { listId } = await seed('user-123');
    await send('post', `/lists/${listId}/items`, await mint('write:todos'), {}).expect(400);
  });

  it('rejects a PATCH with a non-boolean done with 400', async () => {
    const { itemId } = await seed('user-123');
    await send('patch', `/items/${itemId}`, await mint('write:todos'), { done: 'yes' }).expect(400);
  });
});

describe('token policy', () => {
  it('accepts a 24-hour token with 200: no lifetime policy', async () => {
    await get('/lists', await mint('read:todos', {}, { expiresIn: 24 * HOUR })).expect(200);
  });

  it('accepts a token issued two hours ago that is still valid: no maximum age', async () => {
    await get('/lists', await mint('read:todos', { iat: nowSeconds() - 2 * HOUR, exp: nowSeconds() + HOUR })).expect(
      200,
    );
  });

  it('accepts an ID-token-like typ: JWT token (compatible typ)', async () => {
    await get('/lists', await mint('read:todos', {}, { typ: 'JWT' })).expect(200);
  });

  it('rejects a token without sub with 403: it owns no data', async () => {
    await get('/lists', await mint('read:todos', { sub: undefined })).expect(403);
  });
});

describe('GET /me', () => {
  it('returns the profile for a JWT, with no scope required', async () => {
    const response = await get('/me', await mint('')).expect(200);
    expect(response.body).toEqual({
      sub: 'user-123',
      profile: { sub: 'user-123' },
      token: { format: 'jwt', scopes: [] },
    });
  });

  it('returns the profile for an opaque token checked via userinfo', async () => {
    const token = issuer.issueOpaqueToken({ sub: 'user-456', profile: { name: 'Ada', email: 'ada@example.com' } });
    const response = await get('/me', token).expect(200);
    expect(response.body).toEqual({
      sub: 'user-456',
      profile: { sub: 'user-456', name: 'Ada', email: 'ada@example.com' },
      token: { format: 'opaque', scopes: [] },
    });
  });

  it('rejects a revoked opaque token with 401', async () => {
    const token = issuer.issueOpaqueToken({ sub: 'user-456' });
    issuer.revoke(token);
    await get('/me', token).expect(401);
  });
});

describe('opaque tokens via userinfo have no scopes', () => {
  it('rejects an opaque token on a scoped route with 403', async () => {
    const response = await get('/lists', issuer.issueOpaqueToken({ sub: 'user-123' })).expect(403);
    expect(response.headers['www-authenticate']).toContain('scope="read:todos"');
  });

  it('grants no scope from userinfo even when the issuer gave the token some', async () => {
    const token = issuer.issueOpaqueToken({ sub: 'user-123', scope: READ_WRITE, aud: TODO_AUDIENCE });
    await send('post', '/lists', token, { name: 'Chores' }).expect(403);
  });
});

describe('data isolation between owners', () => {
  it('shows each owner only their own lists', async () => {
    await seed('user-123');
    const response = await get('/lists', await mint('read:todos', { sub: 'user-456' })).expect(200);
    expect(response.body).toEqual({ lists: [] });
  });

  it("answers 404 for another owner's list, read or written", async () => {
    const { listId } = await seed('user-123');
    const token = await mint(READ_WRITE, { sub: 'user-456' });
    await get(`/lists/${listId}/items`, token).expect(404);
    await send('post', `/lists/${listId}/items`, token, { title: 'Intruder' }).expect(404);
  });

  it("answers 404 to a PATCH of another owner's item and leaves it unchanged", async () => {
    const { listId, itemId } = await seed('user-123');
    await send('patch', `/items/${itemId}`, await mint('write:todos', { sub: 'user-456' }), { done: true }).expect(404);
    const items = await get(`/lists/${listId}/items`, await mint('read:todos')).expect(200);
    expect(items.body).toMatchObject({ items: [{ id: itemId, done: false }] });
  });
});
