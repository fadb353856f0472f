import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { startLocalIssuer, type LocalIssuer } from '@access-guard/testing';

// The web adapter on Bun (the `bun` dev dependency installs its binary from npm): a real Bun
// server (test/bun/server.ts), real HTTP from Node, tokens from the local issuer.

const AUDIENCE = 'https://api.bun.test';
const BUN = 'node_modules/.bin/bun';
let issuer: LocalIssuer;
let bun: ChildProcess;
let port: number;

beforeAll(async () => {
  issuer = await startLocalIssuer({ algorithms: ['ES256'] });
  bun = spawn(BUN, ['test/bun/server.ts'], {
    env: { ...process.env, ISSUER: issuer.issuer, AUDIENCE, LIFETIME_MS: '120000' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let errors = '';
  bun.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bun printed no port within 30 s: ${errors}`)), 30_000);
    let output = '';
    bun.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (\d+)/.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    bun.once('exit', (code) => reject(new Error(`bun exited with ${String(code)}: ${errors}`)));
  });
}, 40_000);

afterAll(async () => {
  if (bun.exitCode === null) {
    const exited = new Promise((resolve) => bun.once('exit', resolve));
    bun.kill();
    await exited;
  }
  await issuer.close();
});

/** One request with header lines as given (a name may repeat). */
function send(path: string, headers: string[] = []) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, headers: ['Host', `127.0.0.1:${port}`, ...headers] },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('the web adapter on Bun', () => {
  it('accepts a valid token and refuses a request without one with the challenge', async () => {
    const token = await issuer.mint({ aud: AUDIENCE, sub: 'bun-user', scope: 'read:orders' });
    const ok = await send('/orders', ['Authorization', `Bearer ${token}`]);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toEqual({ sub: 'bun-user', bun: expect.any(String) });
    const missing = await send('/orders');
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer realm="api"/);
  });

  it('answers two Authorization headers with 400 invalid_request', async () => {
    const token = await issuer.mint({ aud: AUDIENCE, scope: 'read:orders' });
    const twice = await send('/orders', ['Authorization', 'Basic YTpi', 'Authorization', `Bearer ${token}`]);
    expect(twice.status).toBe(400);
    expect(JSON.parse(twice.body).error).toBe('invalid_request');
  });

  it('makes the answer to a token in the URI private', async () => {
    const token = await issuer.mint({ aud: AUDIENCE, scope: 'read:orders' });
    const response = await send(`/orders?access_token=${token}`);
    expect([response.status, response.headers['cache-control']]).toEqual([200, 'private']);
  });

  it('runs the Hono middleware: 403 insufficient_scope, then 200 with the scope', async () => {
    const weak = await issuer.mint({ aud: AUDIENCE, scope: 'write:orders' });
    const refused = await send('/hono/orders', ['Authorization', `Bearer ${weak}`]);
    expect(refused.status).toBe(403);
    expect(refused.headers['www-authenticate']).toMatch(/error="insufficient_scope", .*scope="read:orders"/);
    const token = await issuer.mint({ aud: AUDIENCE, sub: 'hono-on-bun', scope: 'read:orders' });
    const ok = await send('/hono/orders', ['Authorization', `Bearer ${token}`]);
    expect(JSON.parse(ok.body)).toEqual({ sub: 'hono-on-bun', via: 'hono' });
  });
});
