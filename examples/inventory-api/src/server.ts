// Starts the inventory example on 127.0.0.1. Configuration comes from the environment:
//   ISSUER (required)            the authorization server, e.g. https://login.example.com/
//   PORT (default 3003)          0 picks a free port
//   RESOURCE (default https://api.inventory.example)
import { createInventoryApp } from './app.js';

const { ISSUER, RESOURCE } = process.env;
if (ISSUER === undefined || ISSUER === '') {
  console.error('Set ISSUER to the authorization server URL, e.g. ISSUER=https://login.example.com/');
  process.exit(1);
}
const app = createInventoryApp({ issuer: ISSUER, ...(RESOURCE === undefined ? {} : { resource: RESOURCE }) });
const address = await app.listen({ port: Number(process.env.PORT ?? 3003), host: '127.0.0.1' });
console.log(`inventory-api listening on ${address}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void app.close().then(() => process.exit(0)));
}
