// Starts the MCP example on 127.0.0.1. Configuration comes from the environment:
//   ISSUER (required)    the authorization server, e.g. https://login.example.com/
//   PORT (default 3003)
//   RESOURCE (default http://127.0.0.1:PORT/mcp)   this server's URL, the tokens' audience
import { createMcpApp } from './app.js';

const { ISSUER } = process.env;
if (ISSUER === undefined || ISSUER === '') {
  console.error('Set ISSUER to the authorization server URL, e.g. ISSUER=https://login.example.com/');
  process.exit(1);
}
const port = Number(process.env.PORT ?? 3003);
const resource = process.env.RESOURCE ?? `http://127.0.0.1:${port}/mcp`;
const { app, endpoint } = createMcpApp({ issuer: ISSUER, resource });
await endpoint.ready();
const server = app.listen(port, '127.0.0.1', () => {
  console.log(`mcp-server listening on ${resource} (metadata: ${endpoint.resourceMetadata.url})`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
