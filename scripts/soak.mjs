// Soak test (issue #5 item 5, SPEC §6 "a million distinct tokens → memory stays bounded by the
// caches' limits"). One process is the resource server under test: an Express app with requireAuth
// (JWTs, plus opaque tokens via introspection). A forked child is everyone else: the local issuer
// (discovery, JWKS, introspection) and a load generator that sends SOAK_REQUESTS (default 1,000,000)
// distinct tokens over keep-alive HTTP, 64 in flight: ~40% valid JWTs (each minted fresh), ~40%
// invalid JWT-shaped tokens, ~20% random opaque tokens (the issuer answers inactive). The server
// prints count, rate, RSS and heap (after a full GC) every 100,000 requests, and a summary at the end.
//
// Runs the built packages: `npm run soak` (= npm run build && node --expose-gc scripts/soak.mjs).
// SOAK_REQUESTS=50000 for a quick check. Exits by itself; exit code 1 if any answer was unexpected.
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Agent, createServer, request } from 'node:http';

const AUDIENCE = 'https://api.soak.test';
// The API's introspection secret: made by the server process, handed to the issuer in the child.
const CLIENT = {
  clientId: 'soak-api',
  clientSecret: process.env.SOAK_CLIENT_SECRET ?? randomBytes(24).toString('base64url'),
};
const TOTAL = Number(process.env.SOAK_REQUESTS ?? 1_000_000);
const CONCURRENCY = 64;
const WATCHDOG_MS = 60 * 60 * 1000;
const MB = 1024 * 1024;

if (!Number.isSafeInteger(TOTAL) || TOTAL < 1) {
  console.error(`SOAK_REQUESTS must be a positive integer, got ${process.env.SOAK_REQUESTS}`);
  process.exit(2);
}

async function load(specifier) {
  try {
    return await import(specifier);
  } catch (error) {
    console.error(`The soak test runs the built packages: run \`npm run build\` first (or \`npm run soak\`).`);
    console.error(`(${error instanceof Error ? error.message : String(error)})`);
    process.exit(1);
  }
}

const group = (n) => Math.round(n).toLocaleString('en-US');

// ---------------------------------------------------------------------------------------------
// The child: issuer + load generator.

/** Mints or makes the token for request `i`: the mix is fixed by i, every token is distinct. */
function tokenFactory(issuer) {
  const b64 = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
  const now = () => Math.floor(Date.now() / 1000);
  const realHeaders = {};
  const validAlgs = ['EdDSA', 'EdDSA', 'EdDSA', 'EdDSA', 'EdDSA', 'EdDSA', 'ES256', 'ES256', 'ES256', 'RS256'];
  const invalid = [
    // A real header and key id, a plausible claim set, a random signature: costs a signature check.
    (i) => {
      const alg = ['EdDSA', 'ES256', 'RS256'][i % 3];
      const claims = {
        iss: issuer.issuer,
        aud: AUDIENCE,
        sub: 'mallory',
        exp: now() + 300,
        jti: randomBytes(9).toString('base64url'),
      };
      return `${realHeaders[alg]}.${b64(claims)}.${randomBytes(alg === 'RS256' ? 256 : 64).toString('base64url')}`;
    },
    // Random JWT-shaped garbage.
    () =>
      `${randomBytes(24).toString('base64url')}.${randomBytes(48).toString('base64url')}.${randomBytes(32).toString('base64url')}`,
    // alg none.
    () =>
      `${b64({ alg: 'none', typ: 'at+jwt' })}.${b64({ iss: issuer.issuer, aud: AUDIENCE, exp: now() + 300, jti: randomBytes(9).toString('base64url') })}.`,
    // Genuinely signed, but expired.
    () => issuer.mint({ aud: AUDIENCE, iat: now() - 3600 }, { alg: 'EdDSA', expiresIn: 60 }),
    // Genuinely signed, for another API.
    () => issuer.mint({ aud: 'https://other.api.test' }, { alg: 'EdDSA' }),
  ];
  return {
    async prepare() {
      for (const alg of ['EdDSA', 'ES256', 'RS256'])
        realHeaders[alg] = (await issuer.mint({ aud: AUDIENCE }, { alg })).split('.')[0];
    },
    /** `{ kind, token, expect }` for request i: 4 in 10 valid, 4 invalid, 2 opaque. */
    async make(i) {
      const slot = i % 10;
      if (slot < 4) {
        const alg = validAlgs[Math.floor(i / 10) % validAlgs.length];
        return { kind: 'valid', token: await issuer.mint({ aud: AUDIENCE, scope: 'read' }, { alg }), expect: 200 };
      }
      if (slot < 8)
        return { kind: 'invalid', token: await invalid[Math.floor(i / 10 + slot) % invalid.length](i), expect: 401 };
      return { kind: 'opaque', token: randomBytes(32).toString('base64url'), expect: 401 };
    },
  };
}

function send(agent, port, token) {
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/protected', agent, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve(0));
    req.end();
  });
}

async function runChild() {
  process.once('disconnect', () => process.exit(1)); // never outlive the server process
  const { startLocalIssuer } = await load('@access-guard/testing');
  const issuer = await startLocalIssuer({ clients: [CLIENT] });
  const factory = tokenFactory(issuer);
  await factory.prepare();
  process.send({ type: 'issuer', issuer: issuer.issuer });
  const { port } = await new Promise((resolve) => process.once('message', resolve));

  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const statuses = {}; // kind → status → count
  const unexpected = [];
  let next = 0;
  async function worker() {
    while (next < TOTAL) {
      const i = next++;
      const { kind, token, expect } = await factory.make(i);
      const status = await send(agent, port, token);
      statuses[kind] ??= {};
      statuses[kind][status] = (statuses[kind][status] ?? 0) + 1;
      if (status !== expect && unexpected.length < 10) unexpected.push({ i, kind, status, expect });
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  agent.destroy();
  const cpu = process.cpuUsage();
  process.send({
    type: 'done',
    statuses,
    unexpected,
    issuerCounts: issuer.counts,
    rssMb: process.memoryUsage().rss / MB,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  });
  await new Promise((resolve) => process.once('message', resolve));
  await issuer.close();
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// The parent: the resource server under test.

function memory() {
  globalThis.gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss: rss / MB, heap: heapUsed / MB };
}

async function runServer() {
  if (typeof globalThis.gc !== 'function') console.warn('(run with node --expose-gc for heap figures after a full GC)');
  const [{ default: express }, { requireAuth }, { LRUCache }] = await Promise.all([
    load('express'),
    load('@access-guard/express'),
    load('lru-cache'),
  ]);
  // Cache sizes are private to the authenticator; observe them through the LRU instances core
  // creates (the verified-JWT cache, and the issuer-answer cache whose keys carry the endpoint).
  const caches = new Map();
  const originalSet = LRUCache.prototype.set;
  LRUCache.prototype.set = function set(key, ...rest) {
    if (!caches.has(this)) caches.set(this, String(key).includes('\n') ? 'introspection' : 'jwt');
    return originalSet.call(this, key, ...rest);
  };
  const cacheSizes = () =>
    [...caches].map(([cache, name]) => `${name} ${group(cache.size)}/${group(cache.max)}`).join(', ') || 'empty';

  const child = fork(new URL(import.meta.url), ['--client'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, SOAK_CLIENT_SECRET: CLIENT.clientSecret },
  });
  process.once('exit', () => child.kill()); // also when this process fails
  const watchdog = setTimeout(() => {
    console.error(`soak: no end after ${WATCHDOG_MS / 60000} min, giving up`);
    child.kill();
    process.exit(1);
  }, WATCHDOG_MS);
  child.once('exit', (code) => {
    if (code !== 0) {
      console.error(`soak: the load generator exited with ${code}`);
      process.exit(1);
    }
  });
  const { issuer } = await new Promise((resolve) => child.once('message', resolve));

  const app = express();
  app.use(
    requireAuth({ issuer, audience: AUDIENCE, errors: 'respond', opaqueTokens: { via: 'introspection', ...CLIENT } }),
  );
  app.get('/protected', (req, res) => {
    res.json({ sub: req.auth.payload.sub });
  });

  const every = Math.min(100_000, Math.max(1_000, Math.ceil(TOTAL / 10)));
  const samples = []; // { served, rss } after GC, one per `every` requests
  let served = 0;
  let peak = 0;
  let started = 0;
  const start = memory();
  const report = () => {
    const { rss, heap } = memory();
    const seconds = (performance.now() - started) / 1000;
    samples.push({ served, rss });
    console.log(
      `${group(served).padStart(9)} requests  ${seconds.toFixed(1).padStart(6)} s  ${group(served / seconds).padStart(6)} req/s` +
        `  RSS ${rss.toFixed(1).padStart(6)} MB  heapUsed ${heap.toFixed(1).padStart(6)} MB  caches: ${cacheSizes()}`,
    );
  };
  const server = createServer((req, res) => {
    res.once('finish', () => {
      served += 1;
      if (served % every === 0) setTimeout(report, 0);
    });
    app(req, res);
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss / MB);
  }, 250);

  console.log(
    `soak: ${group(TOTAL)} distinct tokens, ${CONCURRENCY} in flight; RSS at start ${start.rss.toFixed(1)} MB (heap ${start.heap.toFixed(1)} MB)`,
  );
  started = performance.now();
  const cpuAtStart = process.cpuUsage();
  child.send({ port: server.address().port });
  const done = await new Promise((resolve) =>
    child.on('message', (message) => message.type === 'done' && resolve(message)),
  );
  clearInterval(sampler);
  const cpu = process.cpuUsage(cpuAtStart);
  const elapsed = (performance.now() - started) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 0));
  const end = memory();
  peak = Math.max(peak, end.rss, ...samples.map((s) => s.rss));

  // "Flat": after the caches have filled, RSS (after GC) over the second half varies by less than 15%.
  const secondHalf = samples.filter((s) => s.served >= TOTAL / 2).map((s) => s.rss);
  const spread =
    secondHalf.length < 2 ? NaN : (Math.max(...secondHalf) - Math.min(...secondHalf)) / Math.min(...secondHalf);
  const flat = Number.isNaN(spread) ? 'n/a' : spread < 0.15 ? 'yes' : 'no';
  const bad = done.unexpected.length;
  console.log(`answers by kind: ${JSON.stringify(done.statuses)}; issuer calls: ${JSON.stringify(done.issuerCounts)}`);
  console.log(
    `caches at end: ${cacheSizes()}; CPU: server ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, ` +
      `issuer + load generator ${done.cpuSeconds.toFixed(1)} s (RSS ${done.rssMb.toFixed(1)} MB)`,
  );
  if (bad > 0) console.log(`UNEXPECTED answers (first ${bad}): ${JSON.stringify(done.unexpected)}`);
  console.log(
    `${group(served)} tokens in ${elapsed.toFixed(1)} s (${group(served / elapsed)} req/s), RSS start ${start.rss.toFixed(1)} MB → peak ${peak.toFixed(1)} MB → end ${end.rss.toFixed(1)} MB; ` +
      `flat after caches filled: ${flat}${Number.isNaN(spread) ? '' : ` (RSS spread over the second half ${(spread * 100).toFixed(1)}%)`}`,
  );

  clearTimeout(watchdog);
  child.removeAllListeners('exit');
  child.send({ type: 'exit' });
  await new Promise((resolve) => child.once('exit', resolve));
  server.closeAllConnections();
  server.close();
  // A soak that grew memory fails like one that saw a wrong answer.
  if (flat === 'no') console.error('RSS kept growing after the caches were full: memory is not bounded.');
  process.exit(bad > 0 || flat === 'no' ? 1 : 0);
}

if (process.argv.includes('--client')) await runChild();
else await runServer();
