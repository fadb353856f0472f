// Starts the to-do example on 127.0.0.1. Configuration comes from the environment:
//   ISSUER (required)            the authorization server, e.g. https://login.example.com/
//   PORT (default 3002)          0 picks a free port
//   AUDIENCE (default https://api.todo.example)
import type { AddressInfo } from 'node:net';
import { createTodoApp, type TodoAppOptions } from './app.js';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function fromEnvironment(env: NodeJS.ProcessEnv): TodoAppOptions {
  const { ISSUER, AUDIENCE } = env;
  if (ISSUER === undefined || ISSUER === '') {
    fail('Set ISSUER to the authorization server URL, e.g. ISSUER=https://login.example.com/');
  }
  return { issuer: ISSUER, ...(AUDIENCE === undefined ? {} : { audience: AUDIENCE }) };
}

const port = Number(process.env.PORT ?? 3002);
const server = createTodoApp(fromEnvironment(process.env)).listen(port, '127.0.0.1', () => {
  const { port: actual } = server.address() as AddressInfo;
  console.log(`todo-api listening on http://127.0.0.1:${actual}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
