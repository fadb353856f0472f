// Who used the CPU during a run: the server child, this process (autocannon), and everyone else.
// The machine may be shared; a run during which others kept a core busy is measured again.
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function read(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Busy CPU seconds of the whole machine (all cores), from /proc/stat; undefined off Linux. */
function machineBusySeconds() {
  const line = read('/proc/stat')?.split('\n', 1)[0];
  if (line === undefined) return undefined;
  const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
}

/** CPU seconds used by process `pid` (all its threads), from /proc/<pid>/stat. */
function processSeconds(pid) {
  const stat = read(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  // Fields after the command name (which may contain spaces) start at state = field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** A snapshot to diff with {@link cpuSince}. */
export function cpuSnapshot(childPid) {
  const own = process.cpuUsage();
  const child = childPid === undefined ? 0 : processSeconds(childPid);
  return {
    at: performance.now(),
    machine: machineBusySeconds(),
    child,
    runner: (own.user + own.system) / 1e6,
    childPid,
  };
}

/** Cores used since `start` (1.0 = one core busy all along) by the server, the runner and the rest. */
export function cpuSince(start) {
  const end = cpuSnapshot(start.childPid);
  const seconds = (end.at - start.at) / 1000;
  const server = (end.child - start.child) / seconds;
  const runner = (end.runner - start.runner) / seconds;
  const foreign = Math.max(0, (end.machine - start.machine) / seconds - server - runner);
  return { server, runner, foreign };
}

/**
 * Waits (at most `maxSeconds`) until other processes use no more than `limitCores` over a
 * half-second window. Resolves the cores they used in the last window (NaN off Linux).
 */
export async function waitForQuiet(maxSeconds, limitCores) {
  const deadline = performance.now() + maxSeconds * 1000;
  for (;;) {
    const start = cpuSnapshot(undefined);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const { foreign } = cpuSince(start);
    if (!(foreign > limitCores) || performance.now() >= deadline) return foreign;
  }
}
