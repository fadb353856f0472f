// Child process: serves one contender on 127.0.0.1 and reports its port over IPC.
// argv: <contender id> <mode id>; env: BENCH_ISSUER, BENCH_AUDIENCE.
// stdout/stderr arrive as /dev/null; the bytes written there (Express's error log) are counted.
import { createServer } from 'node:http';
import { contenderById } from './contenders/index.mjs';
import { MODES } from './config.mjs';

const [contenderId, modeId] = process.argv.slice(2);
const contender = contenderById(contenderId);
const mode = MODES.find((m) => m.id === modeId);
if (mode === undefined) throw new TypeError(`unknown mode ${modeId}`);

// Count what the app logs (console.error of each error under errors: 'next') without printing it.
const logged = { bytes: 0, writes: 0 };
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream);
  stream.write = (chunk, ...rest) => {
    logged.bytes += Buffer.byteLength(chunk);
    logged.writes += 1;
    return write(chunk, ...rest);
  };
}

let listener;
try {
  const { createApp } = await import(new URL(contender.file, new URL('./contenders/', import.meta.url)));
  listener = await createApp({
    issuer: process.env.BENCH_ISSUER,
    audience: process.env.BENCH_AUDIENCE,
    mode,
    errors: contender.errors,
    variant: contender.variant,
  });
} catch (error) {
  // stderr is /dev/null: tell the runner why (e.g. packages/*/dist being rebuilt right now).
  process.send({ type: 'failed', message: String(error?.message ?? error).split('\n', 1)[0] }, () => process.exit(1));
  await new Promise(() => {});
}
const server = createServer(listener);
server.keepAliveTimeout = 30_000;

function stop() {
  server.closeAllConnections();
  server.close();
  // Exit once the runner has the counts: keep-alive sockets to the issuer must not hold the child.
  process.send({ type: 'stopped', logged }, () => process.exit(0));
}

process.on('message', (message) => {
  if (message?.type === 'stop') stop();
});
// If the runner dies, the IPC channel closes: go too.
process.on('disconnect', () => process.exit(0));

server.listen(0, '127.0.0.1', () => {
  process.send({ type: 'ready', port: server.address().port, pid: process.pid });
});
