// Cold path: what a never-seen RS256 token costs, next to the public-key verify it cannot avoid.
// Rates are per CPU-second of this process (all threads: jose verifies through WebCrypto, which runs
// on libuv's threadpool), i.e. "verifies per second per core"; the wall-clock rate is shown beside.
// Rows run interleaved for COLD_ROUNDS rounds; each figure is the median.
// Run alone with `node bench/cold-path.mjs`; bench/run.mjs forks it and receives its figures over IPC.
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { createAuthenticator } from '@access-guard/core';
import { startLocalIssuer } from '@access-guard/testing';
import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { AUDIENCE, FULL } from './config.mjs';
import { median } from './stats.mjs';

// The default run gets a shorter cold path than a full one (--full).
const TOKENS = Math.round(Number(process.env.BENCH_COLD_TOKENS) || (FULL ? 4000 : 2000));
const ROUNDS = FULL ? 5 : 3;
const SECONDS_PER_ROUND = FULL ? 0.75 : 0.4;
const IN_FLIGHT = 16;
const MAX_PASSES = 10;

// Counts public-key verifies and key imports: WebCrypto's crypto.subtle.* (what jose calls) and
// node:crypto's verify() (what access-guard calls), patched before anything else uses them.
const nodeCrypto = createRequire(import.meta.url)('node:crypto');
const { createPublicKey, verify: nodeVerify } = nodeCrypto; // the bench's own rows use the unpatched verify
const subtle = globalThis.crypto.subtle;
const calls = { verify: 0, importKey: 0 };
for (const name of ['verify', 'importKey']) {
  const original = subtle[name].bind(subtle);
  subtle[name] = (...args) => {
    calls[name] += 1;
    return original(...args);
  };
}
nodeCrypto.verify = (...args) => {
  calls.verify += 1;
  return nodeVerify(...args);
};
syncBuiltinESMExports(); // `import { verify } from 'node:crypto'` in ESM modules now sees the counter

/** Runs `work(i)` for i in [0, count) with IN_FLIGHT promises at once; resolves the count. */
async function pool(count, work) {
  let next = 0;
  const lane = async () => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, count) }, lane));
  return count;
}

/** Calls a synchronous `fn(i)` over the tokens for ~250 ms; resolves how many calls. */
function syncPass(fn) {
  return async () => {
    let count = 0;
    const end = performance.now() + 250;
    while (performance.now() < end) {
      for (let i = 0; i < 64; i += 1) fn((count + i) % TOKENS);
      count += 64;
    }
    return count;
  };
}

/** Measures passes of `row.pass(context)` (each resolves how many verifies it did) for ~SECONDS_PER_ROUND. */
async function measureOnce(row) {
  const total = { verifies: 0, cpuMicros: 0, wallMs: 0, keyVerifies: 0, keyImports: 0 };
  for (let pass = 0; pass < MAX_PASSES && total.wallMs < SECONDS_PER_ROUND * 1000; pass += 1) {
    const context = row.before === undefined ? undefined : await row.before();
    const before = { ...calls };
    const cpu = process.cpuUsage();
    const start = performance.now();
    total.verifies += await row.pass(context);
    total.wallMs += performance.now() - start;
    const used = process.cpuUsage(cpu);
    total.cpuMicros += used.user + used.system;
    total.keyVerifies += calls.verify - before.verify;
    total.keyImports += calls.importKey - before.importKey;
  }
  return total;
}

/** The rows: raw verify, the "one verify plus parsing" bound, WebCrypto, jose, ours. */
async function rowsFor(issuer, tokens) {
  const jwk = (await (await fetch(issuer.jwksUri)).json()).keys.find(
    (key) => key.kid === decodeProtectedHeader(tokens[0]).kid,
  );
  const keyObject = createPublicKey({ key: jwk, format: 'jwk' });
  const [header, payload, signature] = tokens[0].split('.');
  const signingInput = Buffer.from(`${header}.${payload}`);
  const signatureBytes = Buffer.from(signature, 'base64url');
  const cryptoKey = await subtle.importKey('jwk', jwk, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, [
    'verify',
  ]);
  const joseKey = await importJWK(jwk, 'RS256');
  const joseOptions = { issuer: issuer.issuer, audience: AUDIENCE, algorithms: ['RS256'] };
  const warmToken = await issuer.mint({ aud: AUDIENCE, sub: 'cold-warm' }, { alg: 'RS256', expiresIn: 3600 });

  // The bound: split, decode and parse header and payload, one node:crypto verify, check iss/aud/exp.
  const parseAndVerify = (token) => {
    const [h, p, s] = token.split('.');
    const head = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    const valid =
      head.alg === 'RS256' &&
      nodeVerify('RSA-SHA256', Buffer.from(`${h}.${p}`), keyObject, Buffer.from(s, 'base64url'));
    if (!valid || claims.iss !== issuer.issuer || claims.aud !== AUDIENCE || claims.exp * 1000 <= Date.now())
      throw new Error('invalid');
  };

  return [
    {
      id: 'raw',
      label: "node:crypto verify('RSA-SHA256'), KeyObject, fixed input",
      pass: syncPass(() => nodeVerify('RSA-SHA256', signingInput, keyObject, signatureBytes)),
      each: () => nodeVerify('RSA-SHA256', signingInput, keyObject, signatureBytes),
    },
    {
      id: 'bound',
      label: 'the bound: node:crypto verify + JWT parsing, distinct',
      pass: syncPass((i) => parseAndVerify(tokens[i])),
      each: (context, i) => parseAndVerify(tokens[i]),
    },
    {
      id: 'webcrypto',
      label: 'crypto.subtle.verify (WebCrypto), fixed input',
      pass: () => pool(TOKENS, () => subtle.verify('RSASSA-PKCS1-v1_5', cryptoKey, signatureBytes, signingInput)),
    },
    {
      id: 'jose',
      label: 'jose jwtVerify, local key, distinct tokens',
      pass: () => pool(TOKENS, (i) => jwtVerify(tokens[i], joseKey, joseOptions)),
    },
    {
      id: 'ours',
      label: 'access-guard verifyToken, never-seen tokens',
      // A fresh authenticator per pass (an empty cache), its discovery and JWKS fetched beforehand.
      before: async () => {
        const authenticator = createAuthenticator({ issuer: issuer.issuer, audience: AUDIENCE });
        await authenticator.verifyToken(warmToken);
        return authenticator;
      },
      pass: (authenticator) => pool(TOKENS, (i) => authenticator.verifyToken(tokens[i])),
      each: (authenticator, i) => authenticator.verifyToken(tokens[i]),
      async: true,
    },
  ];
}

/** Mints `count` RS256 tokens at `issuer`, each its own sub. */
async function mintTokens(issuer, count) {
  const tokens = [];
  for (let start = 0; start < count; start += 64) {
    const size = Math.min(64, count - start);
    tokens.push(
      ...(await Promise.all(
        Array.from({ length: size }, (_, i) =>
          issuer.mint(
            { aud: AUDIENCE, scope: 'bench:read', sub: `cold-${start + i}` },
            { alg: 'RS256', expiresIn: 3600 },
          ),
        ),
      )),
    );
  }
  return tokens;
}

/** Runs `row.each(context, i)` for i in [from, to), IN_FLIGHT at once for the asynchronous rows. */
async function runRange(row, context, from, to) {
  let next = from;
  if (!row.async) {
    while (next < to) row.each(context, next++);
    return;
  }
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < to) await row.each(context, next++);
    }),
  );
}

/**
 * Under callgrind (`--count`, started by instructions.mjs): instructions per token of the raw verify,
 * the bound and ours, which the machine's noise does not move. Each row is warmed up on other tokens
 * with instrumentation off; then this process switches it on for itself (callgrind_control), zeroes
 * the counters, runs COUNTED tokens and dumps. Dump k holds row k; the dump after the last row holds
 * an empty window, the cost of the control commands themselves.
 */
async function countColdPath() {
  const WARM = 1000;
  const COUNTED = 500;
  const { execFile } = await import('node:child_process');
  const { promisify } = await import('node:util');
  const run = promisify(execFile);
  // callgrind takes a command only while this process runs code: a timer keeps it doing so.
  const busy = setInterval(() => {}, 1);
  const control = (...args) => run('callgrind_control', [...args, String(process.pid)]);
  const issuer = await startLocalIssuer({ algorithms: ['RS256'] });
  try {
    const tokens = await mintTokens(issuer, WARM + COUNTED);
    const rows = (await rowsFor(issuer, tokens)).filter((row) => row.each !== undefined);
    const counted = [];
    for (const row of rows) {
      await runRange(row, await row.before?.(), 0, WARM);
      const context = await row.before?.(); // a fresh authenticator: the counted tokens are never-seen
      await control('-i', 'on');
      await control('-z');
      await runRange(row, context, WARM, WARM + COUNTED);
      await control('-d');
      await control('-i', 'off');
      counted.push({ id: row.id, label: row.label, tokens: COUNTED });
    }
    // The last dump: the same window with nothing in it (the control commands' own cost), subtracted.
    await control('-i', 'on');
    await control('-z');
    await control('-d');
    await control('-i', 'off');
    return counted;
  } finally {
    clearInterval(busy);
    await Promise.race([issuer.close(), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
  }
}

/** Measures every row; resolves { tokens, rows: [{ id, label, perCore, wall, verifiesPerToken, keyImports }] }. */
export async function measureColdPath() {
  const issuer = await startLocalIssuer({ algorithms: ['RS256'] });
  try {
    const tokens = await mintTokens(issuer, TOKENS);
    const rows = await rowsFor(issuer, tokens);
    const samples = new Map(rows.map((row) => [row.id, []]));
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const row of rows) samples.get(row.id).push(await measureOnce(row));
    }
    return {
      tokens: TOKENS,
      rows: rows.map(({ id, label }) => {
        const runs = samples.get(id);
        const verifies = runs.reduce((sum, r) => sum + r.verifies, 0);
        const async = id !== 'raw' && id !== 'bound';
        return {
          id,
          label,
          perCore: median(runs.map((r) => r.verifies / (r.cpuMicros / 1e6))),
          wall: median(runs.map((r) => r.verifies / (r.wallMs / 1000))),
          verifiesPerToken: async ? runs.reduce((sum, r) => sum + r.keyVerifies, 0) / verifies : undefined,
          keyImports: async ? runs.reduce((sum, r) => sum + r.keyImports, 0) : undefined,
        };
      }),
    };
  } finally {
    await Promise.race([issuer.close(), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
  }
}

/** One line per row: verifies/s per core, the ratio to raw node:crypto, the wall-clock rate. */
export function formatColdPath(result) {
  const raw = result.rows.find((row) => row.id === 'raw').perCore;
  const lines = [
    `Cold path: RS256 (2048-bit) verifies, ${result.tokens.toLocaleString('en-US')} tokens, ${IN_FLIGHT} in flight for the async rows, median of ${ROUNDS} interleaved rounds`,
  ];
  for (const row of result.rows) {
    const extra =
      row.verifiesPerToken === undefined
        ? ''
        : `  (${row.verifiesPerToken.toFixed(2)} public-key verifies per token, ${row.keyImports} WebCrypto key imports)`;
    lines.push(
      `  ${row.label.padEnd(56)} ${Math.round(row.perCore).toLocaleString('en-US').padStart(7)} /s per core  ${(row.perCore / raw).toFixed(2)}× raw  wall ${Math.round(row.wall).toLocaleString('en-US').padStart(7)} /s${extra}`,
    );
  }
  return lines.join('\n');
}

// Run directly: print; forked by run.mjs: send the figures back.
if (import.meta.url === `file://${process.argv[1]}` && process.argv.includes('--count')) {
  // Disconnect once the message is out: under valgrind it may otherwise be lost.
  process.send({ type: 'cold-count', rows: await countColdPath() }, () => process.disconnect());
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await measureColdPath();
  if (process.send) {
    process.send({ type: 'cold-path', result }, () => process.disconnect());
  } else {
    console.log(formatColdPath(result));
  }
}
