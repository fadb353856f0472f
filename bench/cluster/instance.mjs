// One API instance of the cluster bench: an Express app on 127.0.0.1 that reports its port over IPC.
// env: CLUSTER_MODE (none | memory | redis | redis-tier), CLUSTER_ISSUER, CLUSTER_AUDIENCE, CLUSTER_REDIS.
import { createServer } from 'node:http';
import express from 'express';
import { createClient } from 'redis';
import { requireAuth } from '@access-guard/express';
import { redisStore } from '@access-guard/redis';

const { CLUSTER_MODE: mode, CLUSTER_ISSUER: issuer, CLUSTER_AUDIENCE: audience, CLUSTER_REDIS: redisUrl } = process.env;
const SECRET = 'cluster-bench-secret-shared-by-the-instances';

const app = express();
let client;
if (mode !== 'none') {
  const shared = mode === 'redis' || mode === 'redis-tier';
  if (shared) {
    client = createClient({ url: redisUrl, socket: { reconnectStrategy: () => 100 } });
    client.on('error', () => undefined);
    await client.connect();
  }
  app.use(
    requireAuth({
      issuer,
      audience,
      onEvent: () => undefined,
      opaqueTokens: {
        via: 'introspection',
        clientId: 'resource-server',
        clientSecret: 'resource-server-secret',
        // redis-tier: a one-entry memory tier, so every request of a rotation is answered by Redis.
        ...(mode === 'redis-tier' ? { cacheMaxEntries: 1 } : {}),
      },
      ...(mode === 'redis-tier' ? { verifiedTokenCacheSize: 0 } : {}),
      // Every instance checks proofs against the one URL the clients address (behind a balancer).
      dpop: { origin: 'https://api.cluster.test' },
      ...(shared ? { store: redisStore(client, { secret: SECRET, timeoutMs: 500, maxPending: 10_000 }) } : {}),
    }),
  );
}
app.get('/orders', (req, res) => {
  res.json({ sub: req.auth?.payload.sub ?? null });
});

const server = createServer(app);
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => process.send({ type: 'ready', port: server.address().port }));
process.on('disconnect', () => {
  server.close();
  client?.destroy();
  process.exit(0);
});
