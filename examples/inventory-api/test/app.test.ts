import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { startLocalIssuer, type LocalIssuer } from '@access-guard/testing';
import { createInventoryApp, INVENTORY_RESOURCE } from '../src/app.js';

// Machine clients registered at the local issuer: the warehouse may reserve, the dashboard only read.
const WAREHOUSE = {
  clientId: 'warehouse',
  clientSecret: 'warehouse-secret',
  scopes: ['read:inventory', 'reserve:inventory'],
};
const DASHBOARD = { clientId: 'dashboard', clientSecret: 'dashboard-secret', scopes: ['read:inventory'] };

let issuer: LocalIssuer;
let app: FastifyInstance;

beforeAll(async () => {
  issuer = await startLocalIssuer({ clients: [WAREHOUSE, DASHBOARD] });
});
afterAll(() => issuer.close());
// A fresh app per test: reservations change the stock, and each test starts from the seed.
beforeEach(async () => {
  app = createInventoryApp({ issuer: issuer.issuer });
  await app.ready();
});
afterEach(() => app.close());

/** A token from the issuer's token endpoint, by the client-credentials grant (RFC 6749 §4.4). */
async function clientToken(client: { clientId: string; clientSecret: string }, scope?: string): Promise<string> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', resource: INVENTORY_RESOURCE });
  if (scope !== undefined) form.set('scope', scope);
  const basic = Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64');
  const response = await fetch(issuer.tokenEndpoint, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: form,
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

const api = () => request(app.server);

describe('GET /items', () => {
  it('lists the stock for a client with read:inventory', async () => {
    const token = await clientToken(DASHBOARD);
    const response = await api().get('/items').set('authorization', `Bearer ${token}`).expect(200);
    expect(response.body.items.map((item: { sku: string }) => item.sku)).toEqual([
      'tea-green-250g',
      'tea-black-500g',
      'kettle-1l',
    ]);
  });

  it('answers 401 without a token, naming the metadata and the scope to ask for', async () => {
    const response = await api().get('/items').expect(401);
    const challenge = response.headers['www-authenticate'] as string;
    expect(challenge).toContain(`resource_metadata="${INVENTORY_RESOURCE}/.well-known/oauth-protected-resource"`);
    expect(challenge).toContain('scope="read:inventory"');
  });

  it("refuses a user's token (no client_id) with 403", async () => {
    const token = await issuer.mint({ aud: INVENTORY_RESOURCE, scope: 'read:inventory', client_id: undefined });
    const response = await api().get('/items').set('authorization', `Bearer ${token}`).expect(403);
    expect(response.body.error).toBe('insufficient_scope');
  });

  it('refuses a token for another API with 401', async () => {
    const token = await issuer.mint({ aud: 'https://api.banking.example', scope: 'read:inventory', client_id: 'x' });
    await api().get('/items').set('authorization', `Bearer ${token}`).expect(401);
  });
});

describe('GET /items/:sku', () => {
  it('gives one item, and 404 for an unknown one', async () => {
    const token = await clientToken(DASHBOARD);
    const kettle = await api().get('/items/kettle-1l').set('authorization', `Bearer ${token}`).expect(200);
    expect(kettle.body).toEqual({ sku: 'kettle-1l', name: 'Kettle, 1 l', available: 3 });
    await api().get('/items/teapot').set('authorization', `Bearer ${token}`).expect(404);
  });
});

describe('POST /items/:sku/reservations', () => {
  it('reserves units for the client named in the token', async () => {
    const token = await clientToken(WAREHOUSE);
    const response = await api()
      .post('/items/kettle-1l/reservations')
      .set('authorization', `Bearer ${token}`)
      .send({ quantity: 2 })
      .expect(201);
    expect(response.body).toEqual({ id: 'res-1', sku: 'kettle-1l', quantity: 2, client: 'warehouse' });
    const after = await api().get('/items/kettle-1l').set('authorization', `Bearer ${token}`).expect(200);
    expect(after.body.available).toBe(1);
  });

  it('answers 409 when the stock is short, and 400 on a bad body', async () => {
    const token = await clientToken(WAREHOUSE);
    const reserve = (body: object) =>
      api().post('/items/kettle-1l/reservations').set('authorization', `Bearer ${token}`).send(body);
    expect((await reserve({ quantity: 4 })).body.error).toBe('insufficient_stock');
    await reserve({ quantity: 0 }).expect(400);
    await reserve({ quantity: 1, client: 'someone-else' }).expect(400);
  });

  it('refuses a read-only client with 403 before reading the body', async () => {
    const token = await clientToken(DASHBOARD);
    const response = await api()
      .post('/items/kettle-1l/reservations')
      .set('authorization', `Bearer ${token}`)
      .set('content-type', 'application/json')
      .send('{not json')
      .expect(403);
    // With a resource, the scope named is what the client needs in all: what it has plus what is missing.
    expect(response.headers['www-authenticate']).toContain('scope="read:inventory reserve:inventory"');
  });
});

describe('GET /.well-known/oauth-protected-resource', () => {
  it('tells a client where to get a token, without one', async () => {
    const response = await api().get('/.well-known/oauth-protected-resource').expect(200);
    expect(response.body).toMatchObject({
      resource: INVENTORY_RESOURCE,
      authorization_servers: [issuer.issuer],
      scopes_supported: ['read:inventory', 'reserve:inventory'],
    });
  });
});
