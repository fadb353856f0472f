// `npm run bench -- --instructions`: instructions per request, counted by valgrind's callgrind on the
// server's main thread. A count does not move with a busy or noisy machine as a rate does, so it is
// what absolute claims ("no more than before") rest on; the rates of the comparison run say how the
// contenders fare against each other.
//
// Per contender × mode: the server starts under callgrind with instrumentation off, takes a warm-up
// (caches, JIT), then instrumentation goes on (callgrind_control -i on), the counters are zeroed
// after a few requests, BENCH_INSTRUCTION_REQUESTS requests are sent and the counters dumped. The
// main thread's count divided by the responses is the figure; the other threads (GC helpers, the
// libuv pool) are reported beside it.
import { execFileSync, fork } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startChild } from './child.mjs';
import { CONTENDER_FILTER, FULL, MODE_FILTER, MODES } from './config.mjs';
import { contenderById } from './contenders/index.mjs';
import { ProofPool } from './dpop-proofs.mjs';
import { sourceVersion } from './dist-fingerprint.mjs';
import { int, markdownTable, textTable } from './format.mjs';
import { drive } from './load.mjs';
import { startIssuerWithTokens } from './tokens.mjs';

const RESULTS = new URL('./results/', import.meta.url);
const DIR = fileURLToPath(new URL('./results/callgrind/', import.meta.url));
const REQUESTS = Math.round(Number(process.env.BENCH_INSTRUCTION_REQUESTS) || 1000);
// More than the 2,000 distinct tokens, so every one of them is cached before the count.
const WARMUP_REQUESTS = Math.round(Number(process.env.BENCH_INSTRUCTION_WARMUP) || 3000);
const SETTLE_REQUESTS = 200;
// One connection: one request per turn of the event loop. With several, how many requests share a
// turn depends on timing, and the count per request moved by 5% from one run to the next.
const CONNECTIONS = 1;
const START_TIMEOUT_MS = 180_000;

/**
 * What is counted: the pairs the issues' figures need (about 4 minutes per server here); `--full`
 * adds the peers, the 403 and the opaque mode.
 */
const PLAN = FULL
  ? [
      ['distinct-rs256', ['no-auth', 'ag-next', 'reference', 'reference-async', 'oauth2-jwt-bearer']],
      ['same-rs256', ['no-auth', 'ag-next', 'reference', 'reference-async']],
      ['missing-401', ['no-auth', 'ag-respond', 'reference']],
      ['underscoped-403', ['no-auth', 'ag-respond', 'reference']],
      ['dpop', ['no-auth', 'ag-next', 'oauth2-jwt-bearer']],
      ['opaque-hit', ['no-auth', 'ag-next']],
    ]
  : [
      ['distinct-rs256', ['no-auth', 'ag-next', 'reference', 'reference-async']],
      ['same-rs256', ['no-auth', 'ag-next']],
      ['missing-401', ['no-auth', 'ag-respond']],
      ['dpop', ['ag-next', 'oauth2-jwt-bearer']],
    ];

/** valgrind, installed from Debian when missing (root and apt-get needed); throws when it cannot be had. */
function ensureValgrind() {
  const has = () => {
    try {
      execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
      execFileSync('callgrind_control', ['-h'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };
  if (has()) return;
  console.log('valgrind is missing: apt-get install -y valgrind');
  try {
    execFileSync('apt-get', ['install', '-y', 'valgrind'], { stdio: 'inherit' });
  } catch {
    // apt-get missing, not root, or the package lists are stale: say what to do below.
  }
  if (!has()) throw new Error('valgrind is not installed and could not be: run `apt-get install -y valgrind` as root');
}

/** Fork options that run the server under callgrind, instrumentation off until told otherwise. */
function underCallgrind(name) {
  return (execArgv) => ({
    execPath: 'valgrind',
    execArgv: [
      '--tool=callgrind',
      '--instr-atstart=no',
      '--separate-threads=yes',
      `--callgrind-out-file=${DIR}${name}.%p`,
      process.execPath,
      ...execArgv,
    ],
  });
}

/** { thread number: instructions } from the files of the first dump of process `pid`. */
function dumpedCounts(name, pid) {
  const counts = {};
  const prefix = `${name}.${pid}.1-`;
  for (const file of readdirSync(DIR).filter((f) => f.startsWith(prefix))) {
    const text = readFileSync(`${DIR}${file}`, 'utf8');
    const thread = Number(/^thread: (\d+)$/m.exec(text)?.[1]);
    const total = Number(/^(?:summary|totals): (\d+)$/m.exec(text)?.[1]);
    if (Number.isFinite(thread) && Number.isFinite(total)) counts[thread] = (counts[thread] ?? 0) + total;
  }
  return counts;
}

/** Counts one contender in one mode; resolves { mode, contender, requests, main, all, wrong }. */
async function count(contender, mode, setup) {
  const name = `${contender.id}-${mode.id}`;
  const child = await startChild(contender, mode, {
    ...setup,
    launch: underCallgrind(name),
    startTimeoutMs: START_TIMEOUT_MS,
  });
  try {
    const proofs = mode.tokens === 'dpop' ? new ProofPool({ ...setup.tokens.dpop, path: mode.path }) : undefined;
    const load = {
      port: child.port,
      mode,
      tokens: setup.tokens,
      expect: contender.role === 'baseline' ? 200 : mode.expect,
      connections: CONNECTIONS,
      feed: proofs?.feed(),
    };
    await drive({ ...load, amount: WARMUP_REQUESTS });
    const control = (...args) => execFileSync('callgrind_control', [...args, String(child.pid)], { stdio: 'ignore' });
    control('-i', 'on');
    await drive({ ...load, amount: SETTLE_REQUESTS }); // code is translated again with instrumentation on
    control('-z');
    const measured = await drive({ ...load, amount: REQUESTS });
    control('-d');
    control('-i', 'off');
    const counts = dumpedCounts(name, child.pid);
    const all = Object.values(counts).reduce((sum, n) => sum + n, 0);
    return {
      mode: mode.id,
      contender: contender.id,
      requests: measured.requests,
      main: (counts[1] ?? Number.NaN) / measured.requests,
      all: all / measured.requests,
      wrong: measured.wrong + measured.errors,
    };
  } finally {
    await child.stop();
  }
}

function selectedPlan() {
  return PLAN.filter(([mode]) => MODE_FILTER === undefined || MODE_FILTER.includes(mode)).flatMap(([modeId, ids]) => {
    const mode = MODES.find((m) => m.id === modeId);
    return ids
      .filter((id) => CONTENDER_FILTER === undefined || CONTENDER_FILTER.includes(id) || id === 'no-auth')
      .map((id) => [contenderById(id), mode]);
  });
}

function writeCounts(meta, rows) {
  const rounded = rows.map((r) => ({ ...r, main: Math.round(r.main), all: Math.round(r.all) }));
  writeFileSync(
    new URL('instructions.json', RESULTS),
    `{"meta": ${JSON.stringify(meta)},\n"rows": [\n${rounded.map((r) => JSON.stringify(r)).join(',\n')}\n]}\n`,
  );
}

/**
 * The cold path under callgrind: cold-path.mjs --count switches instrumentation on for itself around
 * each row; resolves [{ id, label, perToken }] from its dumps (dump k = row k, all threads).
 */
function countColdPath() {
  const name = 'cold-path';
  return new Promise((resolve, reject) => {
    const child = fork(new URL('./cold-path.mjs', import.meta.url), ['--count'], {
      execPath: 'valgrind',
      execArgv: ['--tool=callgrind', '--instr-atstart=no', `--callgrind-out-file=${DIR}${name}.%p`, process.execPath],
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 1_800_000);
    let rows;
    child.on('message', (message) => {
      if (message?.type === 'cold-count') rows = message.rows;
    });
    child.once('exit', () => {
      clearTimeout(timer);
      if (rows === undefined) {
        reject(new Error('the cold path under callgrind gave no counts'));
        return;
      }
      const dumped = (k) => {
        try {
          return Number(/^totals: (\d+)$/m.exec(readFileSync(`${DIR}${name}.${child.pid}.${k}`, 'utf8'))?.[1]);
        } catch {
          return Number.NaN;
        }
      };
      const overhead = dumped(rows.length + 1); // the empty window: what the control commands cost
      resolve(
        rows.map((row, k) => ({
          ...row,
          perToken: (dumped(k + 1) - (Number.isFinite(overhead) ? overhead : 0)) / row.tokens,
        })),
      );
    });
  });
}

/** Runs the counts, prints the table, writes bench/results/instructions.{json,md}; resolves the exit code. */
export async function measureInstructions() {
  ensureValgrind();
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const source = sourceVersion();
  const pairs = selectedPlan();
  console.log(
    `Instructions per request (callgrind), ${pairs.length} servers, ${REQUESTS} counted requests each after ${WARMUP_REQUESTS} of warm-up; packages built from ${source}.`,
  );
  const setup = await startIssuerWithTokens();
  const rows = [];
  const meta = { date: new Date().toISOString(), source, node: process.version, requests: REQUESTS };
  try {
    for (const [contender, mode] of pairs) {
      try {
        const row = await count(contender, mode, setup);
        rows.push(row);
        console.log(`  ${mode.id.padEnd(16)} ${contender.id.padEnd(18)} ${int(row.main).padStart(9)} main thread`);
      } catch (error) {
        console.log(`  ${mode.id.padEnd(16)} ${contender.id.padEnd(18)} FAILED: ${error?.message ?? error}`);
      }
      writeCounts(meta, rows); // as it goes: a long run stopped halfway keeps what it counted
    }
  } finally {
    await setup.close();
  }
  let cold;
  if (process.env.BENCH_COLD_PATH !== '0') {
    try {
      cold = await countColdPath();
      meta.coldPath = cold.map(({ id, perToken }) => ({ id, perToken: Math.round(perToken) }));
      writeCounts(meta, rows);
    } catch (error) {
      console.log(`  cold path FAILED: ${error?.message ?? error}`);
    }
  }
  const baseOf = (mode) => rows.find((r) => r.mode === mode && r.contender === 'no-auth');
  const header = ['mode', 'contender', 'main thread /req', 'minus no-auth', 'all threads /req', 'wrong'];
  const body = rows.map((r) => [
    r.mode,
    r.contender,
    int(r.main),
    r.contender === 'no-auth' || baseOf(r.mode) === undefined ? '' : int(r.main - baseOf(r.mode).main),
    int(r.all),
    String(r.wrong),
  ]);
  console.log(
    `\n${textTable(
      header,
      body,
      rows.map((r) => r.mode),
    )}`,
  );
  writeCounts(meta, rows);
  let coldText = '';
  if (cold !== undefined) {
    const bound = cold.find((r) => r.id === 'bound')?.perToken;
    const coldHeader = ['cold path, never-seen RS256 token', 'instructions per token', 'bound ÷ row'];
    const coldBody = cold.map((r) => [r.label, int(r.perToken), (bound / r.perToken).toFixed(2)]);
    coldText = markdownTable(coldHeader, coldBody);
    console.log(`\n${textTable(coldHeader, coldBody)}`);
  }
  writeFileSync(
    new URL('instructions.md', RESULTS),
    `# Instructions per request (callgrind)\n\n${meta.date} · Node ${meta.node} · packages built from ${source} · ${REQUESTS} counted requests per server, ${CONNECTIONS} connections.\n\n${markdownTable(header, body)}\n${coldText === '' ? '' : `\n${coldText}\n`}`,
  );
  console.log('\nWrote bench/results/instructions.md and instructions.json.');
  return rows.length === pairs.length && rows.every((r) => r.wrong === 0) ? 0 : 1;
}
