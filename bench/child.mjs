// Runner side of a contender's child process: start it, wait for its port, stop it.
import { fork } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { serverForkOptions } from './pinning.mjs';

const SERVER = new URL('./server.mjs', import.meta.url);
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 3_000;

/**
 * Forks bench/server.mjs for `contender` in `mode`. Resolves { port, pid, stop() } once it listens.
 * `execArgv` lets a profiling run pass e.g. --cpu-prof to the child; `launch(execArgv)` gives the
 * fork options (pinned to the servers' core by default; under valgrind for the instruction counts).
 */
export function startChild(
  contender,
  mode,
  { issuer, audience, execArgv = [], env = {}, launch = serverForkOptions, startTimeoutMs = START_TIMEOUT_MS },
) {
  // BENCH_CHILD_OUTPUT=inherit shows the child's output (to debug a contender that will not start).
  const devNull = openSync('/dev/null', 'w');
  const output = process.env.BENCH_CHILD_OUTPUT === 'inherit' ? 'inherit' : devNull;
  const child = fork(SERVER, [contender.id, mode.id], {
    env: { ...process.env, NODE_ENV: 'production', BENCH_ISSUER: issuer, BENCH_AUDIENCE: audience, ...env },
    ...launch(execArgv),
    stdio: ['ignore', output, output, 'ipc'],
  });
  closeSync(devNull);
  let stopped;
  let failure = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));

  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${contender.id} did not start within ${startTimeoutMs} ms`));
    }, startTimeoutMs);
    child.on('message', (message) => {
      if (message?.type === 'ready') {
        clearTimeout(timer);
        resolve(message.port);
      } else if (message?.type === 'stopped') {
        stopped = message;
      } else if (message?.type === 'failed') {
        failure = `: ${message.message}`;
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new Error(
          `${contender.id} exited with code ${code} before it was ready${failure} (BENCH_CHILD_OUTPUT=inherit shows its output)`,
        ),
      );
    });
  });

  return ready.then((port) => ({
    port,
    pid: child.pid,
    /** Stops the child; resolves what it logged ({ bytes, writes }). Kills it if it lingers. */
    async stop() {
      if (child.connected) child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
      return stopped?.logged ?? { bytes: 0, writes: 0 };
    },
  }));
}
