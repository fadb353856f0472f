import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { decodeJwt } from 'jose';
import { runIssuerCli } from '../src/index.js';
import { parseCliArgs, UsageError } from '../src/cli/cli-args.js';
import { curlLine } from '../src/cli/serve-command.js';

// The real bin, run from source in a child process (test/run-from-source.mjs maps dist to src).
const BIN = fileURLToPath(new URL('../bin/access-guard-issuer.mjs', import.meta.url));
const FROM_SOURCE = fileURLToPath(new URL('./run-from-source.mjs', import.meta.url));
// A child loads TypeScript and transpiles the sources first: slow on a loaded 2-core machine.
const START_TIMEOUT_MS = 45_000;
const SPAWN_TEST_TIMEOUT_MS = 60_000;

interface RunningCli {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

const children = new Set<ChildProcess>();

function startCli(args: string[]): RunningCli {
  const child = spawn(process.execPath, ['--import', FROM_SOURCE, BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then(() => children.delete(child));
  return { child, output: () => output, exited };
}

/** Waits until the CLI printed its ready line, and returns the issuer URL it printed. */
async function untilServing(cli: RunningCli): Promise<string> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (!cli.output().includes('Press Ctrl-C to stop.')) {
    if (Date.now() > deadline || cli.child.exitCode !== null) throw new Error(`CLI did not start:\n${cli.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const issuer = /^issuer +(\S+)$/m.exec(cli.output())?.[1];
  if (issuer === undefined) throw new Error(`no issuer line in:\n${cli.output()}`);
  return issuer;
}

/** Runs the CLI to completion (the token subcommand) and returns its exit code and its output. */
async function runToEnd(args: string[]): Promise<{ code: number | null; output: string }> {
  const cli = startCli(args);
  const code = await cli.exited;
  return { code, output: cli.output() };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function postToken(tokenEndpoint: string, auth: string, fields: Record<string, string>): Promise<Response> {
  return fetch(tokenEndpoint, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(auth).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'client_credentials', ...fields }),
  });
}

afterEach(() => {
  // A failed test must not leave a child process behind.
  for (const child of children) child.kill('SIGKILL');
});

describe('access-guard-issuer (serve)', () => {
  it(
    'prints the issuer, discovery and token URLs, serves them, and stops on SIGINT with exit 0',
    async () => {
      const cli = startCli(['--port', '0']);
      const issuer = await untilServing(cli);
      expect(issuer).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(cli.output()).toContain(`discovery  ${issuer}/.well-known/openid-configuration`);
      const metadata = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<
        string,
        unknown
      >;
      expect(metadata).toMatchObject({ issuer, token_endpoint: `${issuer}/token` });

      cli.child.kill('SIGINT');
      expect(await cli.exited).toBe(0);
      expect(cli.output()).toMatch(/stopped\n$/);
      await expect(fetch(issuer)).rejects.toThrow('fetch failed');
    },
    SPAWN_TEST_TIMEOUT_MS,
  );

  it(
    'prints a curl line that gets a token as it stands',
    async () => {
      const cli = startCli(['--port', '0']);
      await untilServing(cli);
      const curl = /^ {2}(curl .*)$/m.exec(cli.output())?.[1] ?? '';
      const stdout = await new Promise<string>((resolve, reject) => {
        execFile('/bin/sh', ['-c', curl], { timeout: 10_000 }, (error, out) => (error ? reject(error) : resolve(out)));
      });
      const answer = JSON.parse(stdout) as { access_token: string; token_type: string };
      expect(answer.token_type).toBe('Bearer');
      expect(decodeJwt(answer.access_token)).toMatchObject({ sub: 'demo-client', aud: 'https://api.example' });
      cli.child.kill('SIGTERM');
      expect(await cli.exited).toBe(0);
    },
    SPAWN_TEST_TIMEOUT_MS,
  );

  it(
    'listens on the given port and registers the given clients with the default audience',
    async () => {
      const port = await freePort();
      const cli = startCli([
        '--port',
        String(port),
        '--client',
        'orders:s3cret',
        '--client',
        'jobs:j0bs',
        '--audience',
        'https://orders.example',
      ]);
      const issuer = await untilServing(cli);
      expect(issuer).toBe(`http://127.0.0.1:${port}`);
      const response = await postToken(`${issuer}/token`, 'jobs:j0bs', { scope: 'read' });
      expect(decodeJwt(((await response.json()) as { access_token: string }).access_token)).toMatchObject({
        sub: 'jobs',
        aud: 'https://orders.example',
        scope: 'read',
      });
      expect((await postToken(`${issuer}/token`, 'demo-client:demo-secret', {})).status).toBe(401);
      cli.child.kill('SIGINT');
      expect(await cli.exited).toBe(0);
    },
    SPAWN_TEST_TIMEOUT_MS,
  );
});

describe('access-guard-issuer token', () => {
  it(
    'prints one token from a running issuer',
    async () => {
      const server = startCli(['--port', '0', '--client', 'app:s3cret']);
      const issuer = await untilServing(server);
      const args = [
        'token',
        '--issuer',
        issuer,
        '--client',
        'app:s3cret',
        '--audience',
        'https://api.example',
        '--scope',
        'read write',
      ];
      const ok = await runToEnd(args);
      expect(ok.code).toBe(0);
      expect(ok.output).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
      expect(decodeJwt(ok.output.trim())).toMatchObject({
        iss: issuer,
        sub: 'app',
        aud: 'https://api.example',
        scope: 'read write',
      });
      server.child.kill('SIGINT');
      expect(await server.exited).toBe(0);
    },
    SPAWN_TEST_TIMEOUT_MS,
  );
});

describe('runIssuerCli', () => {
  function capture(signal?: AbortSignal) {
    const out: string[] = [];
    const err: string[] = [];
    return {
      out,
      err,
      io: { stdout: (text: string) => out.push(text), stderr: (text: string) => err.push(text), signal },
    };
  }

  it('serves until its signal aborts, in process', async () => {
    const stop = new AbortController();
    const { out, io } = capture(stop.signal);
    const running = runIssuerCli(['--port', '0', '--client', 'app:pw'], io);
    while (out.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const issuer = /^issuer +(\S+)$/m.exec(out.join(''))?.[1] ?? '';
    const args = [
      'token',
      '--issuer',
      issuer,
      '--client',
      'app:pw',
      '--resource',
      'https://api.example',
      '--auth',
      'post',
      '--json',
    ];
    const token = capture();
    expect(await runIssuerCli(args, token.io)).toBe(0);
    expect(JSON.parse(token.out.join(''))).toMatchObject({ token_type: 'Bearer', expires_in: 300 });
    stop.abort();
    expect(await running).toBe(0);
  });

  it('serves a provider profile and gets a token through its discovered token endpoint', async () => {
    const stop = new AbortController();
    const { out, io } = capture(stop.signal);
    const running = runIssuerCli(['--port', '0', '--client', 'app:pw', '--profile', 'keycloak'], io);
    while (out.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const issuer = /^issuer +(\S+)$/m.exec(out.join(''))?.[1] ?? '';
    expect(issuer).toMatch(/\/realms\/test$/);
    expect(out.join('')).toContain(`discovery  ${issuer}/.well-known/openid-configuration`);
    const token = capture();
    expect(await runIssuerCli(['token', '--issuer', issuer, '--client', 'app:pw'], token.io)).toBe(0);
    expect(decodeJwt(token.out.join('').trim())).toMatchObject({ iss: issuer, azp: 'app', typ: 'Bearer' });
    stop.abort();
    expect(await running).toBe(0);
  });

  it('exits 1 with a message when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = blocker.address() as { port: number };
      const { err, io } = capture(new AbortController().signal);
      expect(await runIssuerCli(['--port', String(port)], io)).toBe(1);
      expect(err.join('')).toContain(`cannot listen on 127.0.0.1:${port}`);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('exits 1 and names the error when the issuer refuses the client', async () => {
    const stop = new AbortController();
    const server = capture(stop.signal);
    const running = runIssuerCli(['--port', '0', '--client', 'app:s3cret'], server.io);
    while (server.out.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const issuer = /^issuer +(\S+)$/m.exec(server.out.join(''))?.[1] ?? '';
    const { err, io } = capture();
    expect(await runIssuerCli(['token', '--issuer', issuer, '--client', 'app:wrong', '--audience', 'x'], io)).toBe(1);
    expect(err.join('')).toContain('HTTP 401 invalid_client');
    stop.abort();
    expect(await running).toBe(0);
  });

  it('exits 1 when no issuer answers', async () => {
    const { err, io } = capture();
    const port = await freePort();
    expect(await runIssuerCli(['token', '--issuer', `http://127.0.0.1:${port}`, '--audience', 'x'], io)).toBe(1);
    expect(err.join('')).toContain('no answer from');
  });

  it.each([
    ['an unknown option', ['--verbose']],
    ['an unknown command', ['mint']],
    ['a port out of range', ['--port', '70000']],
    ['a client without a secret', ['--client', 'app']],
    ['an unknown --auth', ['token', '--auth', 'jwt']],
    ['an unknown --profile', ['--profile', 'ping']],
  ])('exits 2 with the usage for %s', async (_name, argv) => {
    const { err, io } = capture();
    expect(await runIssuerCli(argv, io)).toBe(2);
    expect(err.join('')).toContain('Usage:');
  });

  it('prints the usage for --help', async () => {
    const { out, io } = capture();
    expect(await runIssuerCli(['--help'], io)).toBe(0);
    expect(out.join('')).toContain('access-guard-issuer token');
  });
});

describe('parseCliArgs', () => {
  it('defaults to serving on 127.0.0.1:4444', () => {
    expect(parseCliArgs([])).toEqual({
      command: 'serve',
      host: '127.0.0.1',
      port: 4444,
      clients: [],
      audience: undefined,
      profile: 'generic',
    });
  });

  it('splits --client at the first colon, so a secret may hold colons', () => {
    expect(parseCliArgs(['--client', 'app:a:b'])).toMatchObject({
      clients: [{ clientId: 'app', clientSecret: 'a:b' }],
    });
  });

  it('throws a UsageError for an empty --audience', () => {
    expect(() => parseCliArgs(['--audience', ''])).toThrow(UsageError);
  });
});

describe('curlLine', () => {
  const args = { command: 'serve', host: '127.0.0.1', port: 4444, audience: undefined, profile: 'generic' } as const;

  it('uses -u for a plain id and secret', () => {
    const line = curlLine('http://127.0.0.1:4444/token', {
      ...args,
      clients: [{ clientId: 'app', clientSecret: 's3cret' }],
    });
    expect(line).toBe(
      'curl -s -u app:s3cret -d grant_type=client_credentials --data-urlencode audience=https://api.example http://127.0.0.1:4444/token',
    );
  });

  it('posts and shell-quotes an id or secret that -u would not form-encode', () => {
    const line = curlLine('http://127.0.0.1:4444/token', {
      ...args,
      clients: [{ clientId: 'app', clientSecret: "it's a secret" }],
    });
    expect(line).toContain(`--data-urlencode 'client_secret=it'\\''s a secret'`);
  });
});
