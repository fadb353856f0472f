// A server for the Bun smoke test (bun-smoke.test.ts): the web adapter on Bun's own HTTP server,
// through createRequestGuard and through Hono. Bun resolves @access-guard/* to the sources through
// tsconfig.json's paths, so no build is needed. It prints "listening <port>" and stops itself.
import { Hono } from 'hono';
import { createRequestGuard, requireScope as scopeCheck } from '@access-guard/web';
import { requireAuth, requireScope, type AuthEnv } from '@access-guard/web/hono';

// Bun's globals, as far as this file uses them (the repository's type check runs without Bun's types).
declare const Bun: {
  serve(options: { port: number; hostname: string; fetch(request: Request): Promise<Response> | Response }): {
    port: number;
    stop(force?: boolean): void;
  };
  version: string;
};

const issuer = process.env['ISSUER'] ?? '';
const audience = process.env['AUDIENCE'] ?? '';
const lifetimeMs = Number(process.env['LIFETIME_MS'] ?? 60_000);

const guard = createRequestGuard({ issuer, audience, allowQueryToken: true });
const app = new Hono<AuthEnv>().basePath('/hono');
app.use(requireAuth({ issuer, audience }));
app.get('/orders', requireScope('read:orders'), (c) => c.json({ sub: c.get('auth').payload.sub, via: 'hono' }));

const server = Bun.serve({
  port: 0,
  hostname: '127.0.0.1',
  async fetch(request) {
    if (new URL(request.url).pathname.startsWith('/hono/')) return app.fetch(request);
    const auth = await guard(request, scopeCheck('read:orders'));
    if (auth instanceof Response) return auth;
    return guard.finish(request, Response.json({ sub: auth.payload.sub, bun: Bun.version }));
  },
});
console.log(`listening ${server.port}`);
// The test stops it; this is the backstop if the test never does.
setTimeout(() => {
  server.stop(true);
  process.exit(0);
}, lifetimeMs);
