// Starts the banking example on 127.0.0.1. Configuration comes from the environment:
//   ISSUER (required)            the authorization server, e.g. https://login.example.com/
//   PORT (default 3001)          0 picks a free port
//   AUDIENCE (default https://api.banking.example)
//   INTROSPECTION_CLIENT_ID, INTROSPECTION_CLIENT_SECRET   both, to accept opaque tokens
import type { AddressInfo } from 'node:net';
import { createBankingApp, type BankingAppOptions } from './app.js';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function fromEnvironment(env: NodeJS.ProcessEnv): BankingAppOptions {
  const { ISSUER, AUDIENCE, INTROSPECTION_CLIENT_ID: clientId, INTROSPECTION_CLIENT_SECRET: clientSecret } = env;
  if (ISSUER === undefined || ISSUER === '') {
    fail('Set ISSUER to the authorization server URL, e.g. ISSUER=https://login.example.com/');
  }
  if ((clientId === undefined) !== (clientSecret === undefined)) {
    fail('Set both INTROSPECTION_CLIENT_ID and INTROSPECTION_CLIENT_SECRET, or neither');
  }
  return {
    issuer: ISSUER,
    ...(AUDIENCE === undefined ? {} : { audience: AUDIENCE }),
    ...(clientId === undefined || clientSecret === undefined ? {} : { introspection: { clientId, clientSecret } }),
  };
}

const port = Number(process.env.PORT ?? 3001);
const server = createBankingApp(fromEnvironment(process.env)).listen(port, '127.0.0.1', () => {
  const { port: actual } = server.address() as AddressInfo;
  console.log(`banking-api listening on http://127.0.0.1:${actual}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
