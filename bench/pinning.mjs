// CPU pinning: the runner (autocannon and the issuer) on the first core, every server on the last.
// Unpinned, the scheduler sometimes put a server on the runner's core for a while, and an A/A pair of
// processes of the same app measured 1.047× (the one started second faster in 8 of 10 generations);
// pinned, 1.004×. Only one server is under load at a time, so they never compete for their core.
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';

function tasksetWorks() {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** { runner, server } core numbers, or undefined (BENCH_PIN=0, one core, or no `taskset`). */
export const PINNING =
  process.env.BENCH_PIN !== '0' && cpus().length >= 2 && tasksetWorks()
    ? { runner: 0, server: cpus().length - 1 }
    : undefined;

/** Pins this process (all its threads) to the runner's core; a no-op without pinning. */
export function pinRunner() {
  if (PINNING !== undefined)
    execFileSync('taskset', ['-a', '-pc', String(PINNING.runner), String(process.pid)], { stdio: 'ignore' });
}

/** fork() options that start a server on the server core (all its threads); empty without pinning. */
export function serverForkOptions(execArgv) {
  if (PINNING === undefined) return { execArgv };
  return { execPath: 'taskset', execArgv: ['-c', String(PINNING.server), process.execPath, ...execArgv] };
}
