// Cluster bench (issue #18): 4 API instances (separate processes on loopback) sharing one Redis.
//   node bench/cluster.mjs            (after npm run build; about a minute)
// Measures: introspection calls per distinct opaque token with and without Redis, req/s served by
// the Redis tier against the memory tier and no auth, and DPoP proofs replayed across instances.
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import autocannon from 'autocannon';
import { dpopProof, generateDpopKey, startLocalIssuer } from '@access-guard/testing';
import { startRedis } from './cluster/redis-server.mjs';

const INSTANCES = 4;
const TOKENS = 2000;
const REPLAYS = 10_000;
const SECONDS = Number(process.env.CLUSTER_SECONDS ?? 3);
const CONNECTIONS = 32;
const AUDIENCE = 'https://api.cluster.test';
const ORIGIN = 'https://api.cluster.test';

if (!existsSync(new URL('../packages/redis/dist/esm/index.js', import.meta.url))) {
  console.error('Build the packages first: npm run build');
  process.exit(1);
}

const redis = await startRedis();
const issuer = await startLocalIssuer();
const children = [];

/** Starts `count` instances in `mode`; resolves their base URLs. */
async function startInstances(mode, count) {
  const started = Array.from({ length: count }, () => {
    const child = fork(new URL('./cluster/instance.mjs', import.meta.url), {
      env: {
        ...process.env,
        CLUSTER_MODE: mode,
        CLUSTER_ISSUER: issuer.issuer,
        CLUSTER_AUDIENCE: AUDIENCE,
        CLUSTER_REDIS: redis.url,
      },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    children.push(child);
    return new Promise((resolve, reject) => {
      child.once('message', (message) => resolve(`http://127.0.0.1:${message.port}`));
      child.once('exit', (code) => reject(new Error(`instance (${mode}) exited with ${code}`)));
    });
  });
  return Promise.all(started);
}

function stopAll() {
  for (const child of children.splice(0)) child.disconnect();
}

/** Runs `task(i)` for i < count, `concurrency` at a time. */
async function pool(count, concurrency, task) {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

const status = async (url, headers) => {
  const response = await fetch(url, { headers });
  await response.arrayBuffer();
  return response.status;
};

/** Each token sent to every instance, round-robin from a different start; upstream calls per token. */
async function introspectionCalls(mode) {
  const urls = await startInstances(mode, INSTANCES);
  const tokens = Array.from({ length: TOKENS }, () => issuer.issueOpaqueToken({ aud: AUDIENCE }));
  issuer.resetCounts();
  let failures = 0;
  await pool(TOKENS * INSTANCES, 32, async (index) => {
    const token = tokens[index % TOKENS];
    const url = urls[(index + Math.floor(index / TOKENS)) % INSTANCES];
    if ((await status(`${url}/orders`, { authorization: `Bearer ${token}` })) !== 200) failures += 1;
  });
  const calls = issuer.counts.introspection;
  stopAll();
  return { calls, perToken: calls / TOKENS, failures };
}

/** req/s of one instance in `mode`, the tokens (if any) warmed first and then sent in rotation. */
async function throughput(mode, tokens) {
  const [url] = await startInstances(mode, 1);
  await pool(tokens.length, 32, (index) => status(`${url}/orders`, { authorization: `Bearer ${tokens[index]}` }));
  let next = 0;
  const requests =
    tokens.length === 0
      ? undefined
      : [
          {
            setupRequest(request) {
              request.headers = { ...request.headers, authorization: `Bearer ${tokens[next]}` };
              next = (next + 1) % tokens.length;
              return request;
            },
          },
        ];
  const result = await autocannon({ url: `${url}/orders`, connections: CONNECTIONS, duration: SECONDS, requests });
  stopAll();
  const bad = result.non2xx + result.errors + result.timeouts;
  return { rps: Math.round(result.requests.average), p99: result.latency.p99, bad };
}

/** A proof used on one instance, then replayed on the next: how many replays are refused. */
async function replays() {
  const urls = await startInstances('redis', INSTANCES);
  const key = await generateDpopKey('ES256');
  const token = await issuer.mint({ aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 3600 }, { dpop: key });
  let accepted = 0;
  let refused = 0;
  await pool(REPLAYS, 32, async (index) => {
    const proof = await dpopProof({ key, htm: 'GET', htu: `${ORIGIN}/orders`, accessToken: token });
    const headers = { authorization: `DPoP ${token}`, dpop: proof };
    if ((await status(`${urls[index % INSTANCES]}/orders`, headers)) === 200) accepted += 1;
    if ((await status(`${urls[(index + 1) % INSTANCES]}/orders`, headers)) === 401) refused += 1;
  });
  stopAll();
  return { accepted, refused };
}

const started = Date.now();
try {
  const withRedis = await introspectionCalls('redis');
  const withoutRedis = await introspectionCalls('memory');
  const rotation = Array.from({ length: TOKENS }, () => issuer.issueOpaqueToken({ aud: AUDIENCE, expiresIn: 3600 }));
  const redisTier = await throughput('redis-tier', rotation);
  const memoryShared = await throughput('redis', rotation);
  const memoryOnly = await throughput('memory', rotation);
  const noAuth = await throughput('none', []);
  const replay = await replays();

  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`## Cluster bench: ${INSTANCES} instances sharing one Redis`);
  console.log(
    `\n${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, redis-server ${redis.version}; ${Math.round((Date.now() - started) / 1000)} s\n`,
  );
  console.log('| measure | with Redis | without Redis |');
  console.log('|---|---:|---:|');
  console.log(
    `| introspection calls per distinct token (${TOKENS} tokens × ${INSTANCES} instances) | ${withRedis.perToken.toFixed(3)} | ${withoutRedis.perToken.toFixed(3)} |`,
  );
  console.log(`| failed requests | ${withRedis.failures} | ${withoutRedis.failures} |`);
  console.log(
    `\n| one instance, ${CONNECTIONS} connections, ${SECONDS} s, ${TOKENS} tokens in rotation | req/s | p99 ms | non-2xx |`,
  );
  console.log('|---|---:|---:|---:|');
  console.log(`| Redis tier (memory tier of one entry) | ${redisTier.rps} | ${redisTier.p99} | ${redisTier.bad} |`);
  console.log(
    `| memory tier, with Redis (revocation read per request) | ${memoryShared.rps} | ${memoryShared.p99} | ${memoryShared.bad} |`,
  );
  console.log(`| memory tier, no store | ${memoryOnly.rps} | ${memoryOnly.p99} | ${memoryOnly.bad} |`);
  console.log(`| no auth | ${noAuth.rps} | ${noAuth.p99} | ${noAuth.bad} |`);
  console.log(
    `\nDPoP proofs replayed on another instance: ${replay.refused} of ${REPLAYS} refused (${((100 * replay.refused) / REPLAYS).toFixed(2)} %); first uses accepted: ${replay.accepted}.`,
  );
} finally {
  stopAll();
  await issuer.close();
  redis.stop();
}
