// Measures how many calls the issuer receives per client request while it fails, for each kind of
// fault: an outage must not become a flood. Runs the built packages (`npm run build` first) of this
// checkout, or of another one given as `--root <dir>` (to compare with an older build).
//
//   node scripts/issuer-faults.mjs [--root <checkout>] [--requests 200]
//
// Each scenario uses a fresh Express app and the local issuer on 127.0.0.1, sends the client
// requests in waves of 20 concurrent ones, and counts the issuer's calls per endpoint.
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const argument = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : process.argv[at + 1];
};
const root = resolve(argument('--root', '.'));
const requests = Number(argument('--requests', '200'));
const load = (name) => import(pathToFileURL(`${root}/packages/${name}/dist/esm/index.js`).href);
const [{ startLocalIssuer }, { requireAuth, attachUserinfo }] = await Promise.all([load('testing'), load('express')]);
const express = (await import('express')).default;

const AUDIENCE = 'https://api.faults.example';
const CLIENT = { clientId: 'resource-server', clientSecret: 'resource-server-secret' };
const clock = { ms: Date.now() };
const issuer = await startLocalIssuer({ algorithms: ['ES256'], now: () => clock.ms });

function appFor(options) {
  const app = express();
  app.set('env', 'test');
  app.use(requireAuth({ issuer: issuer.issuer, audience: AUDIENCE, timeoutMs: 500, now: () => clock.ms, ...options }));
  app.get('/me', attachUserinfo(), (req, res) => res.json({ sub: req.userinfo?.sub }));
  app.get('/', (_req, res) => res.end('ok'));
  return app;
}

async function listen(app) {
  const server = createServer(app);
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return { server, url: `http://127.0.0.1:${server.address().port}` };
}

/** Sends `count` requests in waves of 20; returns how many answered each status. */
async function send(url, count, tokenOf, path = '/') {
  const statuses = {};
  for (let sent = 0; sent < count; sent += 20) {
    const wave = Array.from({ length: Math.min(20, count - sent) }, async (_, i) => {
      const response = await fetch(`${url}${path}`, {
        headers: { authorization: `Bearer ${await tokenOf(sent + i)}` },
      });
      await response.arrayBuffer();
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    });
    await Promise.all(wave);
  }
  return statuses;
}

const scenarios = [
  {
    name: 'discovery answers 429 on a cold start',
    endpoint: 'discovery',
    fault: { status: 429 },
    tokenOf: () => issuer.mint({ aud: AUDIENCE }),
  },
  {
    name: 'JWKS answers 500 on a cold start',
    endpoint: 'jwks',
    fault: { status: 500 },
    tokenOf: () => issuer.mint({ aud: AUDIENCE }),
  },
  {
    name: 'JWKS down once stale-if-error has run out',
    endpoint: 'jwks',
    fault: { status: 503 },
    options: { jwks: { maxAgeSeconds: 60, staleIfErrorSeconds: 60 } },
    async warm(url) {
      await send(url, 1, () => issuer.mint({ aud: AUDIENCE }));
      clock.ms += 121_000;
    },
    tokenOf: () => issuer.mint({ aud: AUDIENCE }),
  },
  {
    name: 'introspection answers 429, distinct tokens',
    endpoint: 'introspection',
    fault: { status: 429 },
    options: { opaqueTokens: { via: 'introspection', ...CLIENT } },
    tokenOf: (i) => `junk-opaque-token-${i}`,
  },
  {
    name: 'introspection hangs past the timeout, distinct tokens',
    endpoint: 'introspection',
    fault: 'hang',
    options: { opaqueTokens: { via: 'introspection', ...CLIENT } },
    tokenOf: (i) => `junk-opaque-token-${i}`,
  },
  {
    name: 'userinfo answers 503 (attachUserinfo)',
    endpoint: 'userinfo',
    fault: { status: 503 },
    path: '/me',
    tokenOf: () => issuer.mint({ aud: AUDIENCE, scope: 'openid' }),
  },
];

console.log(`root: ${root}\nclient requests per scenario: ${requests}\n`);
console.log('| fault | client requests | issuer calls | calls per request | answers |');
console.log('| --- | --- | --- | --- | --- |');
for (const scenario of scenarios) {
  issuer.setFault('all', null);
  const { server, url } = await listen(appFor(scenario.options ?? {}));
  await scenario.warm?.(url);
  // Tokens are minted before the fault, so minting costs the issuer nothing during it.
  const tokens = await Promise.all(Array.from({ length: requests }, (_, i) => scenario.tokenOf(i)));
  issuer.setFault(scenario.endpoint, scenario.fault);
  issuer.resetCounts();
  const statuses = await send(url, requests, (i) => tokens[i], scenario.path);
  const calls = issuer.counts[scenario.endpoint];
  const answers = Object.entries(statuses)
    .map(([status, count]) => `${count}× ${status}`)
    .join(', ');
  console.log(`| ${scenario.name} | ${requests} | ${calls} | ${(calls / requests).toFixed(3)} | ${answers} |`);
  issuer.setFault('all', null);
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
}
await issuer.close();
