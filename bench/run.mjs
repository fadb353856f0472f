// npm run bench: per mode, every contender's server up at once and measured in interleaved slices;
// then the cold path; then the report.
import { fork } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { startChild } from './child.mjs';
import { distFingerprint, sourceVersion } from './dist-fingerprint.mjs';
import {
  CONNECTIONS,
  DURATION,
  FLAGS,
  FULL,
  GENERATIONS,
  MAX_FOREIGN_CORES,
  QUIET_WAIT,
  RETRIES,
  ROUNDS,
  WARMUP,
  selectedModes,
} from './config.mjs';
import { MISSING, runsIn, selectedContenders } from './contenders/index.mjs';
import { drive } from './load.mjs';
import { ProofPool } from './dpop-proofs.mjs';
import { cpuSince, cpuSnapshot, waitForQuiet } from './machine-load.mjs';
import { PINNING, pinRunner, serverForkOptions } from './pinning.mjs';
import { aggregate, printReport, writeResults } from './report.mjs';
import { startIssuerWithTokens } from './tokens.mjs';

const RESULTS = new URL('./results/', import.meta.url);
const COLD_PATH_TIMEOUT_MS = 120_000;
const START_ATTEMPTS = 6;

/** Rotates `list` by `by`, so no contender is always measured first (or last) in a round. */
function rotate(list, by) {
  const shift = list.length === 0 ? 0 : by % list.length;
  return [...list.slice(shift), ...list.slice(0, shift)];
}

/** The plan: one group per framework × mode, with the contenders that run in it. */
function plan(modes, contenders) {
  const frameworks = [...new Set(contenders.map((c) => c.framework))];
  const groups = [];
  for (const framework of frameworks) {
    for (const mode of modes) {
      const here = contenders.filter((c) => c.framework === framework && runsIn(c, mode));
      if (here.length >= 2) groups.push({ framework, mode, contenders: here }); // a baseline alone measures nothing
    }
  }
  return groups;
}

/** Starts a contender's child; a start can fail while someone rebuilds the packages' dist, so it retries (bounded). */
async function start(contender, mode, setup) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startChild(contender, mode, setup);
    } catch (error) {
      if (attempt >= START_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 3000));
    }
  }
}

/** One measured slice of `server`; again (bounded) if other processes were busy meanwhile, keeping the quietest. */
async function slice(server, load) {
  let best;
  for (let attempt = 0; attempt <= RETRIES; attempt += 1) {
    await load.feed?.ready({ seconds: DURATION }); // DPoP proofs are made before the slice, not during it
    const before = cpuSnapshot(server.child.pid);
    const measured = await drive({ ...load, port: server.child.port, seconds: DURATION });
    const cpu = cpuSince(before);
    server.served += measured.requests;
    if (best === undefined || cpu.foreign < best.cpu.foreign) best = { ...measured, cpu, attempts: attempt + 1 };
    else best.attempts = attempt + 1;
    if (!(cpu.foreign > MAX_FOREIGN_CORES)) break;
  }
  return best;
}

/** Splits rounds 1..ROUNDS into GENERATIONS consecutive blocks of nearly equal size. */
function generationsOfRounds() {
  const count = Math.min(GENERATIONS, ROUNDS);
  return Array.from({ length: count }, (_, g) => {
    const first = Math.floor((g * ROUNDS) / count) + 1;
    const last = Math.floor(((g + 1) * ROUNDS) / count);
    return { generation: g + 1, first, last };
  });
}

/**
 * Measures one framework × mode in GENERATIONS generations of servers. Per generation: starts every
 * contender's server, warms each up, runs its share of the rounds (one DURATION-second slice per
 * contender, in an order that rotates each round), then stops them all. Servers stay up between
 * their slices, so contenders are compared over the same stretch of time, slice by slice: drift and
 * bursts of noise on a shared machine hit them all alike. Fresh processes per generation average out
 * the speed one process keeps through its life (see GENERATIONS in config.mjs).
 */
async function runGroup({ framework, mode, contenders: list }, setup, onRound) {
  const base = { framework, mode: mode.id };
  const results = [];
  const loadOf = (server) => ({
    mode,
    tokens: setup.tokens,
    expect: server.contender.role === 'baseline' ? 200 : mode.expect,
    feed: server.feed,
  });
  for (const { generation, first, last } of generationsOfRounds()) {
    const servers = [];
    // DPoP: fresh proofs per generation (their iat must stay in the servers' window), one cursor per server.
    const proofs = mode.tokens === 'dpop' ? new ProofPool({ ...setup.tokens.dpop, path: mode.path }) : undefined;
    try {
      if (QUIET_WAIT > 0) await waitForQuiet(QUIET_WAIT, MAX_FOREIGN_CORES);
      // Start order rotates too: no contender is always the oldest process of its generation.
      for (const contender of rotate(list, generation - 1)) {
        try {
          servers.push({ contender, child: await start(contender, mode, setup), served: 0, feed: proofs?.feed() });
        } catch (error) {
          results.push({
            ...base,
            contender: contender.id,
            round: first,
            generation,
            failed: String(error?.message ?? error),
          });
        }
      }
      // Warm-up in interleaved 1-s slices, as the rounds run: no server sits idle far longer than the
      // others before the first round.
      for (let second = 0; second < WARMUP; second += 1) {
        for (const server of rotate(servers, second)) {
          const seconds = Math.min(1, WARMUP - second);
          server.served += (await drive({ ...loadOf(server), port: server.child.port, seconds })).requests;
        }
      }
      const dist = distFingerprint();
      for (let round = first; round <= last; round += 1) {
        for (const server of rotate(servers, round - 1)) {
          const measured = await slice(server, loadOf(server));
          results.push({ ...base, contender: server.contender.id, round, generation, ...measured, dist });
        }
        onRound(round);
      }
      // What each process logged and served over its whole life (warm-up included), on its last slice.
      for (const server of servers) {
        const logged = await server.child.stop();
        server.child = undefined;
        const mine = results.findLast(
          (r) => r.contender === server.contender.id && r.generation === generation && r.failed === undefined,
        );
        if (mine !== undefined) Object.assign(mine, { logged, served: server.served });
      }
    } finally {
      for (const server of servers) await server.child?.stop();
    }
  }
  return results;
}

function summary(group, results) {
  const lines = [];
  for (const contender of group.contenders) {
    const mine = results.filter((r) => r.contender === contender.id);
    const failed = mine.find((r) => r.failed !== undefined);
    const head = `  ${contender.label.padEnd(52)}`;
    if (failed !== undefined) {
      lines.push(`${head} FAILED: ${failed.failed}`);
      continue;
    }
    const rps = mine.reduce((sum, r) => sum + r.rps, 0) / Math.max(1, mine.length);
    const wrong = mine.reduce((sum, r) => sum + r.wrong, 0);
    const busy = mine.filter((r) => r.cpu.foreign > MAX_FOREIGN_CORES).length;
    lines.push(
      `${head} ${Math.round(rps).toLocaleString('en-US').padStart(7)} req/s (mean of ${mine.length} slices)  wrong ${wrong}${busy > 0 ? `  busy slices ${busy}` : ''}`,
    );
  }
  return lines.join('\n');
}

/** Forks cold-path.mjs (its own process, so nothing else shares its CPU accounting). */
function runColdPath() {
  return new Promise((resolve) => {
    // On the servers' core when pinned (the runner's own affinity would otherwise be inherited).
    const child = fork(new URL('./cold-path.mjs', import.meta.url), FULL ? ['--full'] : [], {
      ...serverForkOptions([]),
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result;
    const timer = setTimeout(() => child.kill('SIGKILL'), COLD_PATH_TIMEOUT_MS);
    child.on('message', (message) => {
      if (message?.type === 'cold-path') result = message.result;
    });
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(result);
    });
  });
}

/** The comparison run: every group, then the cold path, then the report and the results files. */
async function benchmark() {
  const modes = selectedModes();
  const contenders = selectedContenders();
  const groups = plan(modes, contenders);
  const slices = groups.reduce((sum, g) => sum + g.contenders.length, 0) * ROUNDS;
  const generations = Math.min(GENERATIONS, ROUNDS);
  const seconds =
    groups.reduce((sum, g) => sum + generations * (QUIET_WAIT / 5 + g.contenders.length * (1.5 + WARMUP)), 0) +
    slices * (DURATION + 0.15);
  console.log(
    `access-guard bench${FULL ? ' (full)' : ''}: ${groups.length} modes × frameworks, ${ROUNDS} round(s) of one ${DURATION}-s slice per contender (${slices} slices), in ${generations} generation(s) of server processes, ${WARMUP} s warm-up per server, ${CONNECTIONS} connections; about ${Math.ceil(seconds / 60)} min on a quiet machine.`,
  );
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  console.log(
    `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, Node ${process.version}, load average ${load}. Each server runs in its own child process; autocannon and the issuer run here.\n`,
  );

  pinRunner();
  console.log(
    PINNING === undefined
      ? 'CPU pinning: off (BENCH_PIN=0, one core, or no taskset).\n'
      : `CPU pinning: autocannon and the issuer on core ${PINNING.runner}, every server on core ${PINNING.server}.\n`,
  );
  const source = sourceVersion();
  console.log(`Measuring the packages built from ${source} (dist ${distFingerprint()}).\n`);
  if (MISSING.length > 0) console.log(`Left out, their packages are not installed here: ${MISSING.join(', ')}.\n`);
  const started = performance.now();
  const setup = await startIssuerWithTokens();
  const runs = [];
  try {
    for (const [index, group] of groups.entries()) {
      const label = `[${index + 1}/${groups.length}] ${group.framework} · ${group.mode.label}`;
      const results = await runGroup(group, setup, (round) => {
        if (round % 10 === 0 && round < ROUNDS) console.log(`${label}: round ${round}/${ROUNDS}`);
      });
      runs.push(...results);
      console.log(`${label}\n${summary(group, results)}`);
    }
  } finally {
    const counts = setup.counts();
    console.log(
      `\nIssuer served ${counts.discovery} discovery, ${counts.jwks} JWKS and ${counts.introspection} introspection requests in all.`,
    );
    await setup.close();
  }

  console.log('');
  const coldPath = groups.length === 0 || process.env.BENCH_COLD_PATH === '0' ? undefined : await runColdPath();
  const meta = {
    date: new Date().toISOString(),
    source,
    full: FULL,
    minutes: Math.round((performance.now() - started) / 6000) / 10,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    node: process.version,
    // The load average when the run began and when it ended (1, 5, 15 min): how busy the machine was.
    load: `${load} → ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
    duration: DURATION,
    warmup: WARMUP,
    rounds: ROUNDS,
    generations,
    pinning: PINNING ?? null,
    connections: CONNECTIONS,
    maxForeignCores: MAX_FOREIGN_CORES,
    builds: [...new Set(runs.map((r) => r.dist).filter((d) => d !== undefined))],
    modes: modes.map(({ id, label, expect }) => ({ id, label, expect })),
    contenders: contenders.map(({ id, label, framework, role }) => ({ id, label, framework, role })),
  };
  mkdirSync(RESULTS, { recursive: true });
  // Every slice, for a closer look; not committed (see .gitignore): the rows in latest.json are the record.
  writeFileSync(new URL('slices.json', RESULTS), `[\n${runs.map((run) => JSON.stringify(run)).join(',\n')}\n]\n`);
  const rows = aggregate({ meta, runs });
  writeResults({ meta, rows, coldPath });
  return printReport({ meta, rows, coldPath });
}

/** `--cluster`: the shared-store (Redis) bench, bench/cluster.mjs, when this checkout has it. */
function cluster() {
  const file = new URL('./cluster.mjs', import.meta.url);
  if (!existsSync(file)) {
    console.error('bench/cluster.mjs is not in this checkout (it comes with the shared-store work); nothing to run.');
    return Promise.resolve(1);
  }
  const args = process.argv.slice(2).filter((arg) => arg !== '--cluster');
  return new Promise((resolve) => {
    const child = fork(file, args, { stdio: 'inherit' });
    child.once('exit', (code) => resolve(code ?? 1));
  });
}

if (FLAGS.has('--instructions')) {
  const { measureInstructions } = await import('./instructions.mjs');
  process.exitCode = await measureInstructions();
} else if (FLAGS.has('--cluster')) {
  process.exitCode = await cluster();
} else {
  process.exitCode = await benchmark();
}
