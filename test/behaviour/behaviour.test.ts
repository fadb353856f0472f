import type { RequestListener } from 'node:http';
import request from 'supertest';
import { startLocalIssuer, type LocalIssuer } from '@access-guard/testing';
import type { AuthOptions } from '@access-guard/core';
import { ADAPTERS, type Adapter } from './apps.js';
import {
  ALL_CASES,
  AUDIENCE,
  PROVIDERS,
  PROVIDER_SETTINGS,
  providerOptions,
  type Provider,
  RESOURCE_SERVER,
  type BehaviourCase,
  type CaseRequest,
  type ConfigName,
} from './cases/index.js';
import { RESOURCE, realmOf } from './cases/shared.js';
import { parseChallenges } from './challenge.js';

// One table of request-level cases (SPEC §1–§5), run against every adapter: a behaviour cannot
// exist on one framework only. New rows go in cases.ts.

let issuer: LocalIssuer;
// One local issuer per identity provider, serving that provider's metadata, keys and token shapes.
let providers: Record<Provider, LocalIssuer>;
beforeAll(async () => {
  issuer = await startLocalIssuer();
  const started = await Promise.all(
    PROVIDERS.map(async (name) => [name, await startLocalIssuer(PROVIDER_SETTINGS[name])] as const),
  );
  providers = Object.fromEntries(started) as Record<Provider, LocalIssuer>;
});
afterAll(async () => {
  await Promise.all([issuer, ...Object.values(providers)].map((each) => each.close()));
});

function optionsFor(config: ConfigName): AuthOptions {
  // Events are recorded, not logged: a row may make the issuer fail on purpose.
  const base: AuthOptions = { issuer: issuer.issuer, audience: AUDIENCE, timeoutMs: 2000, onEvent: () => undefined };
  switch (config) {
    case 'default':
      return base;
    case 'query':
      return { ...base, allowQueryToken: true };
    case 'body':
      return { ...base, allowBodyToken: true };
    case 'strict':
      return { ...base, typ: 'strict' };
    case 'introspection':
      return { ...base, opaqueTokens: { via: 'introspection', ...RESOURCE_SERVER } };
    case 'userinfo':
      return { ...base, opaqueTokens: { via: 'userinfo', acceptAnyAudience: true } };
    case 'lifetime':
      return { ...base, maxTokenAge: 300, maxTokenLifetime: 900 };
    case 'short-timeout':
      return { ...base, timeoutMs: 300 };
    case 'vault':
      return { ...base, realm: 'vault' };
    case 'optional':
      return { ...base, optional: true };
    case 'trailing-slash':
      return { ...base, issuer: `${issuer.issuer}/` };
    case 'dpop-required':
      return { ...base, dpop: { required: true } };
    case 'dpop-nonce':
      return { ...base, dpop: { nonce: { secret: 'behaviour-table-nonce-secret-of-32+chars' } } };
    case 'dpop-origin':
      return { ...base, dpop: { origin: 'https://api.behaviour.test' } };
    case 'cookie':
      return { ...base, tokenCookie: 'access_token' };
    case 'mtls-header':
      return { ...base, mtls: { certificateHeader: 'x-client-cert' } };
    case 'auth0':
    case 'okta':
    case 'keycloak':
    case 'entra':
    case 'entra-multi':
    case 'cognito':
    case 'google':
      return { ...providerOptions(config, providers), timeoutMs: 2000, onEvent: () => undefined };
    case 'resource':
      return {
        ...base,
        audience: undefined,
        resource: RESOURCE,
        resourceMetadata: { scopesSupported: ['read:accounts', 'transfer:funds'] },
        challengeScope: 'read:accounts',
      };
  }
}

describe.each(ADAPTERS)('$name', (adapter: Adapter) => {
  const apps = new Map<ConfigName, RequestListener>();
  const appFor = (row: BehaviourCase): RequestListener => {
    const config = row.config ?? 'default';
    if (row.freshApp === true) return adapter.createApp(optionsFor(config));
    let app = apps.get(config);
    if (app === undefined) {
      app = adapter.createApp(optionsFor(config));
      apps.set(config, app);
    }
    return app;
  };

  afterEach(() => issuer.setFault('all', null));

  /** Sends a row's request to an app. */
  const send = (app: RequestListener, spec: CaseRequest) => {
    const method = spec.method ?? 'GET';
    const path = spec.path ?? '/protected';
    let call =
      method === 'POST'
        ? request(app).post(path)
        : method === 'HEAD'
          ? request(app).head(path)
          : request(app).get(path);
    for (const [name, value] of Object.entries(spec.headers ?? {})) call = call.set(name, value as string);
    // Serialized here: superagent serializes no object body on HEAD.
    if (spec.form !== undefined) call = call.type('form').send(new URLSearchParams(spec.form).toString());
    return call;
  };

  it.each(ALL_CASES.map((row) => [`${row.name} (${row.spec})`, row] as const))('%s', async (_name, row) => {
    const app = appFor(row);
    let spec = await row.request(row.provider === undefined ? issuer : providers[row.provider]);
    if (row.fault !== undefined) issuer.setFault(row.fault.endpoint, row.fault.fault);
    if (row.then !== undefined) {
      // A row of two requests: the second is built from the first's answer (a nonce, a replay).
      const first = await send(app, spec);
      const challenges = first.status === 200 ? {} : parseChallenges(first.headers['www-authenticate'] ?? '');
      const firstError = challenges.DPoP?.['error'] ?? challenges.Bearer?.['error'];
      expect([first.status, firstError]).toEqual([row.first?.status ?? 200, row.first?.error]);
      spec = await row.then(issuer, { status: first.status, headers: first.headers as Record<string, string> }, spec);
    }
    issuer.resetCounts();
    const started = Date.now();
    const response = await send(app, spec);
    const elapsedMs = Date.now() - started;
    const counts = issuer.counts;
    issuer.setFault('all', null);

    const { expect: wanted } = row;
    expect(response.status).toBe(wanted.status);
    if (wanted.status === 401 || wanted.status === 403 || wanted.status === 400) {
      const challenges = parseChallenges(response.headers['www-authenticate'] ?? '');
      // The error sits on the challenge of the scheme it concerns (RFC 9449 §7.1).
      const challenge = (wanted.challengeOn === 'DPoP' ? challenges.DPoP : challenges.Bearer) ?? {};
      if (wanted.challengeOn === 'DPoP') expect(challenges.Bearer?.['error']).toBeUndefined();
      expect(challenge['realm']).toBe(realmOf(row.config));
      if (adapter.jsonErrors) {
        expect(response.headers['content-type']).toMatch(/^application\/json/);
        expect(response.body.error).toBe(wanted.error ?? 'unauthorized');
      }
      if (wanted.error === null) expect(challenge['error']).toBeUndefined();
      else if (wanted.error !== undefined) expect(challenge['error']).toBe(wanted.error);
      if (wanted.scope !== undefined) expect(challenge['scope']).toBe(wanted.scope);
      for (const [name, value] of Object.entries(wanted.challenge ?? {})) expect(challenge[name]).toBe(value);
    }
    if (wanted.status === 503) {
      // Within the configured timeout: at most two sequential issuer calls (discovery, then JWKS).
      expect(elapsedMs).toBeLessThan(2 * (optionsFor(row.config ?? 'default').timeoutMs ?? 5000) + 1000);
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    }
    if (wanted.bodyError !== undefined && adapter.jsonErrors) expect(response.body.error).toBe(wanted.bodyError);
    if (wanted.anonymous !== undefined) expect(response.body.anonymous === true).toBe(wanted.anonymous);
    if (wanted.document !== undefined) {
      expect(response.body).toEqual(wanted.document.body(issuer));
      for (const [name, value] of Object.entries(wanted.document.headers)) {
        expect([name, response.headers[name]]).toEqual([name, value]);
      }
    } else if (wanted.status === 200 && wanted.anonymous !== true) {
      expect(response.body.frozen).toBe(true);
      if (wanted.sub !== undefined) expect(response.body.sub).toBe(wanted.sub);
      if (wanted.format !== undefined) expect(response.body.format).toBe(wanted.format);
      if (wanted.scopes !== undefined) expect(response.body.scopes).toEqual(wanted.scopes);
      if (wanted.userinfo !== undefined) expect(response.body.userinfo).toMatchObject(wanted.userinfo);
      if (wanted.extra !== undefined) expect(response.body.extra).toBe(wanted.extra);
      if (wanted.scheme !== undefined) expect(response.body.scheme).toBe(wanted.scheme);
      if (wanted.confirmation !== undefined) expect(response.body.confirmation).toEqual(wanted.confirmation);
    }
    if (wanted.cacheControl !== undefined) expect(response.headers['cache-control']).toBe(wanted.cacheControl);
    for (const [name, value] of Object.entries(wanted.headers ?? {})) {
      expect([name, response.headers[name]]).toEqual([name, value === true ? expect.any(String) : value]);
    }
    for (const [endpoint, count] of Object.entries(wanted.upstream ?? {})) {
      expect([endpoint, counts[endpoint as keyof typeof counts]]).toEqual([endpoint, count]);
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
