import type { RequestListener } from 'node:http';
import request from 'supertest';
import { createClient, type RedisClientType } from 'redis';
import { dpopProof, generateDpopKey, startLocalIssuer, type DpopKey, type LocalIssuer } from '@access-guard/testing';
import type { AuthOptions } from '@access-guard/core';
import { redisStore, type RedisStore } from '@access-guard/redis';
import { startRedisServer, type RedisServer } from '../support/redis-server.js';
import { expressAdapter } from './adapters/express.js';
import { koaAdapter } from './adapters/koa.js';
import { DPOP_CASES } from './cases/dpop.js';
import { OPAQUE_CASES } from './cases/opaque.js';
import { AUDIENCE, RESOURCE_SERVER, type BehaviourCase, type CaseRequest, type ConfigName } from './cases/shared.js';
import { parseChallenges } from './challenge.js';

// SPEC §10: instances of one API share a Redis. Two Express apps and a Koa app, each with its own
// client and store, as separate processes would have; then the opaque and DPoP rows of the table,
// each row's requests spread over two instances.

const SECRET = 'behaviour-table-shared-secret-32+chars';
const HOST = 'api.behaviour.test';

let issuer: LocalIssuer;
let server: RedisServer;
let key: DpopKey;
const clients: RedisClientType[] = [];

beforeAll(async () => {
  [issuer, server, key] = await Promise.all([startLocalIssuer(), startRedisServer(), generateDpopKey('ES256')]);
});
afterEach(() => issuer.setFault('all', null));
afterAll(async () => {
  for (const client of clients) client.destroy();
  await Promise.all([issuer.close(), server.stop()]);
});

async function storeFor(): Promise<RedisStore> {
  const client: RedisClientType = createClient({ url: server.url, socket: { reconnectStrategy: () => 50 } });
  client.on('error', () => undefined);
  await client.connect();
  clients.push(client);
  return redisStore(client, { secret: SECRET, timeoutMs: 200 });
}

function optionsFor(config: ConfigName, store: RedisStore): AuthOptions {
  const base: AuthOptions = {
    issuer: issuer.issuer,
    audience: AUDIENCE,
    timeoutMs: 2000,
    onEvent: () => undefined,
    store,
  };
  switch (config) {
    case 'introspection':
      return { ...base, opaqueTokens: { via: 'introspection', ...RESOURCE_SERVER } };
    case 'userinfo':
      return { ...base, opaqueTokens: { via: 'userinfo', acceptAnyAudience: true } };
    case 'dpop-required':
      return { ...base, dpop: { required: true } };
    case 'dpop-nonce':
      return { ...base, dpop: { nonce: { secret: 'behaviour-table-nonce-secret-of-32+chars' } } };
    case 'dpop-origin':
      return { ...base, dpop: { origin: 'https://api.behaviour.test' } };
    case 'mtls-header':
      return { ...base, mtls: { certificateHeader: 'x-client-cert' } };
    default:
      return base;
  }
}

const EXPRESS = expressAdapter('respond');
const KOA = koaAdapter('koa 3', '3');

/** Three instances of the API (Express, Express, Koa) sharing the Redis. */
async function threeInstances(config: ConfigName = 'introspection') {
  const stores = await Promise.all([storeFor(), storeFor(), storeFor()]);
  const apps = [EXPRESS, EXPRESS, KOA].map((adapter, index) =>
    adapter.createApp(optionsFor(config, stores[index] as RedisStore)),
  );
  return { apps, stores };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function dpopHeaders(token: string): Promise<Record<string, string>> {
  const proof = await dpopProof({ key, htm: 'GET', htu: `http://${HOST}/protected`, accessToken: token });
  return { host: HOST, authorization: `DPoP ${token}`, dpop: proof };
}

function get(app: RequestListener, headers: Record<string, string | string[]>, path = '/protected') {
  let call = request(app).get(path);
  for (const [name, value] of Object.entries(headers)) call = call.set(name, value as string);
  return call;
}

async function waitForRedis(): Promise<void> {
  for (let tries = 0; tries < 200 && !clients.every((client) => client.isReady); tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  // Each instance leaves the store alone for a second after a failure.
  await new Promise((resolve) => setTimeout(resolve, 1100));
}

describe('three instances (Express, Express, Koa) sharing one Redis', () => {
  it('makes one introspection call for a token used on all three', async () => {
    const { apps } = await threeInstances();
    const token = issuer.issueOpaqueToken({ aud: AUDIENCE, sub: 'alice' });
    issuer.resetCounts();
    for (const app of apps) {
      const response = await get(app, bearer(token));
      expect([response.status, response.body.sub]).toEqual([200, 'alice']);
    }
    expect(issuer.counts.introspection).toBe(1);
  });

  it('refuses on the two others a DPoP proof used on one', async () => {
    const { apps } = await threeInstances('default');
    const headers = await dpopHeaders(await issuer.mint({ aud: AUDIENCE }, { dpop: key }));
    expect((await get(apps[0]!, headers)).status).toBe(200);
    for (const app of apps.slice(1)) {
      const response = await get(app, headers);
      expect(response.status).toBe(401);
      expect(parseChallenges(response.headers['www-authenticate'] ?? '').DPoP?.['error']).toBe('invalid_dpop_proof');
    }
  });

  it('honours on the others a revocation made on one', async () => {
    const { apps, stores } = await threeInstances();
    const jwt = await issuer.mint({ aud: AUDIENCE, jti: 'behaviour-revoked' });
    const opaque = issuer.issueOpaqueToken({ aud: AUDIENCE });
    for (const app of apps) expect((await get(app, bearer(jwt))).status).toBe(200);
    await stores[0]!.revoke({ jti: 'behaviour-revoked' }, Date.now() + 60_000);
    await stores[0]!.revoke({ token: opaque }, Date.now() + 60_000);
    for (const app of apps) {
      for (const token of [jwt, opaque]) {
        const response = await get(app, bearer(token));
        expect(response.status).toBe(401);
        expect(parseChallenges(response.headers['www-authenticate'] ?? '').Bearer?.['error']).toBe('invalid_token');
      }
    }
  });

  it('serves JWT and introspected tokens while Redis is stopped, answers DPoP 503, and shares again once it is back', async () => {
    const { apps } = await threeInstances();
    const jwt = await issuer.mint({ aud: AUDIENCE });
    const cached = issuer.issueOpaqueToken({ aud: AUDIENCE });
    const bound = await issuer.mint({ aud: AUDIENCE }, { dpop: key });
    await get(apps[0]!, bearer(cached));
    await server.kill();
    try {
      for (const app of apps) {
        expect((await get(app, bearer(jwt))).status).toBe(200);
        expect((await get(app, bearer(cached))).status).toBe(200);
        expect((await get(app, bearer(issuer.issueOpaqueToken({ aud: AUDIENCE })))).status).toBe(200);
        const dpop = await get(app, await dpopHeaders(bound));
        expect(dpop.status).toBe(503);
        expect(Number(dpop.headers['retry-after'])).toBeGreaterThan(0);
      }
    } finally {
      await server.restart();
    }
    await waitForRedis();
    const token = issuer.issueOpaqueToken({ aud: AUDIENCE });
    issuer.resetCounts();
    for (const app of apps) expect((await get(app, bearer(token))).status).toBe(200);
    expect(issuer.counts.introspection).toBe(1);
    const headers = await dpopHeaders(bound);
    expect((await get(apps[2]!, headers)).status).toBe(200);
    expect((await get(apps[0]!, headers)).status).toBe(401);
  });
});

/** Sends a row's request. */
function send(app: RequestListener, spec: CaseRequest) {
  const method = spec.method ?? 'GET';
  let call =
    method === 'POST' ? request(app).post(spec.path ?? '/protected') : request(app).get(spec.path ?? '/protected');
  for (const [name, value] of Object.entries(spec.headers ?? {})) call = call.set(name, value as string);
  if (spec.form !== undefined) call = call.type('form').send(new URLSearchParams(spec.form).toString());
  return call;
}

describe('the opaque and DPoP rows on two instances (Express, then Koa) sharing one Redis', () => {
  const pairs = new Map<ConfigName, Promise<RequestListener[]>>();
  const pairFor = (row: BehaviourCase): Promise<RequestListener[]> => {
    const config = row.config ?? 'default';
    const build = async () => {
      const [first, second] = await Promise.all([storeFor(), storeFor()]);
      return [EXPRESS.createApp(optionsFor(config, first)), KOA.createApp(optionsFor(config, second))];
    };
    if (row.freshApp === true) return build();
    if (!pairs.has(config)) pairs.set(config, build());
    return pairs.get(config) as Promise<RequestListener[]>;
  };

  it.each([...OPAQUE_CASES, ...DPOP_CASES].map((row) => [`${row.name} (${row.spec})`, row] as const))(
    '%s',
    async (_name, row) => {
      const [first, second] = await pairFor(row);
      let spec = await row.request(issuer);
      if (row.fault !== undefined) issuer.setFault(row.fault.endpoint, row.fault.fault);
      if (row.then !== undefined) {
        // The first request goes to one instance, the second (a replay, a nonce's use) to the other.
        const answer = await send(first!, spec);
        expect(answer.status).toBe(row.first?.status ?? 200);
        spec = await row.then(
          issuer,
          { status: answer.status, headers: answer.headers as Record<string, string> },
          spec,
        );
      }
      issuer.resetCounts();
      const response = await send(second!, spec);
      const counts = issuer.counts;
      issuer.setFault('all', null);
      expect(response.status).toBe(row.expect.status);
      if (row.expect.error !== undefined && row.expect.error !== null) {
        const challenges = parseChallenges(response.headers['www-authenticate'] ?? '');
        const challenge = (row.expect.challengeOn === 'DPoP' ? challenges.DPoP : challenges.Bearer) ?? {};
        expect(challenge['error']).toBe(row.expect.error);
      }
      if (row.then === undefined) {
        for (const [endpoint, count] of Object.entries(row.expect.upstream ?? {})) {
          expect([endpoint, counts[endpoint as keyof typeof counts]]).toEqual([endpoint, count]);
        }
      }
    },
  );
});
