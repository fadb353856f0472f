import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startLocalIssuer, type LocalIssuer } from '@access-guard/testing';
import { runAccessGuardCli } from '../../src/explain/cli.js';

const AUDIENCE = 'https://api.explain-cli.test';
// The real bin, run from source in a child process (the hooks map dist/esm to src).
const BIN = fileURLToPath(new URL('../../bin/access-guard.mjs', import.meta.url));
const FROM_SOURCE = fileURLToPath(new URL('../../../testing/test/run-from-source.mjs', import.meta.url));
// A child transpiles the sources first: slow on a loaded machine.
const SPAWN_TEST_TIMEOUT_MS = 60_000;

let issuer: LocalIssuer;
beforeAll(async () => {
  issuer = await startLocalIssuer();
});
afterAll(() => issuer.close());

/** Runs the command in this process; stdin holds `input`. */
async function run(argv: string[], input = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runAccessGuardCli(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    stdin: () => Promise.resolve(input),
  });
  return { code, stdout, stderr };
}

/** Runs the bin in a child process with the token on standard input. */
function runProcess(argv: string[], input: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', FROM_SOURCE, BIN, ...argv], { stdio: 'pipe' });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, output }));
    child.stdin.end(input);
  });
}

const target = () => ['--issuer', issuer.issuer, '--audience', AUDIENCE];

describe('access-guard explain (the process)', () => {
  it(
    'prints each check, names the failing one and exits 1 for an expired token, never printing the token',
    async () => {
      const now = Math.floor(Date.now() / 1000);
      const token = await issuer.mint({ aud: AUDIENCE, iat: now - 900, exp: now - 600 });
      const { code, output } = await runProcess(['explain', '-', ...target()], token);
      expect(code).toBe(1);
      expect(output).toMatch(/^ {2}FAIL {2}exp {2,}The access token expired \(actual expired 60\d s ago/m);
      expect(output).toMatch(/^ {2}PASS {2}signature /m);
      expect(output).toContain('refused: 1 check failed (exp)');
      expect(output).not.toContain(token);
      expect(output).not.toContain(token.split('.')[2]);
    },
    SPAWN_TEST_TIMEOUT_MS,
  );

  it(
    'exits 0 and prints accepted for a good token given as an argument',
    async () => {
      const token = await issuer.mint({ aud: AUDIENCE });
      const { code, output } = await runProcess(['explain', token, ...target()], '');
      expect(code).toBe(0);
      expect(output.trimEnd().split('\n').at(-1)).toBe('accepted');
      expect(output).not.toContain(token);
    },
    SPAWN_TEST_TIMEOUT_MS,
  );
});

describe('runAccessGuardCli', () => {
  it('names aud for a wrong audience and iss for a wrong issuer', async () => {
    const wrongAudience = await run(['explain', await issuer.mint({ aud: 'https://other.test' }), ...target()]);
    expect(wrongAudience.code).toBe(1);
    expect(wrongAudience.stdout).toMatch(/FAIL {2}aud .*expected one of \["https:\/\/api.explain-cli.test"\]/);
    const wrongIssuer = await run([
      'explain',
      await issuer.mint({ aud: AUDIENCE, iss: 'https://x.test/' }),
      ...target(),
    ]);
    expect(wrongIssuer.stdout).toContain('refused: 1 check failed (iss)');
  });

  it('reads the token from standard input when given -', async () => {
    const { code, stdout } = await run(['explain', '-', ...target()], `${await issuer.mint({ aud: AUDIENCE })}\n`);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^token sha256:[0-9a-f]{12}… \(the token itself is not shown\)$/m);
  });

  it('prints JSON with --json', async () => {
    const token = await issuer.mint({ aud: AUDIENCE });
    const { stdout } = await run(['explain', token, ...target(), '--json']);
    const parsed = JSON.parse(stdout) as { ok: boolean; checks: { name: string }[] };
    expect(parsed.ok).toBe(true);
    expect(parsed.checks.at(-1)?.name).toBe('verdict');
    expect(stdout).not.toContain(token);
  });

  it('passes every option on to the checks', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await issuer.mint(
      { aud: ['https://a.test', AUDIENCE], iat: now - 100 },
      { expiresIn: 3600, typ: 'JWT' },
    );
    const { code, stdout } = await run([
      'explain',
      token,
      '--issuer',
      issuer.issuer,
      '--audience',
      'https://b.test',
      '--audience',
      AUDIENCE,
      '--jwks-uri',
      issuer.jwksUri,
      '--algorithms',
      'ES256, PS256',
      '--typ',
      'strict',
      '--clock-tolerance',
      '0',
      '--max-token-age',
      '30',
      '--max-token-lifetime',
      '60',
      '--allow-insecure-http-issuer',
    ]);
    expect(code).toBe(1);
    expect(stdout).toContain('refused: 4 checks failed (alg, typ, maxTokenAge, maxTokenLifetime)');
    expect(stdout).toContain('expected one of ES256, PS256');
    expect(stdout).toContain('clock tolerance 0 s');
  });

  it('checks against the resource as audience', async () => {
    const token = await issuer.mint({ aud: 'https://api.example/mcp/' });
    const { code } = await run(['explain', token, '--issuer', issuer.issuer, '--resource', 'https://api.example/mcp']);
    expect(code).toBe(0);
  });

  it.each([
    [['explain', 'a.b.c', '--audience', AUDIENCE], '--issuer is required'],
    [['explain', '--issuer', 'https://i.test/', '--audience', AUDIENCE], 'give exactly one token'],
    [['explain', 'a', 'b', '--issuer', 'https://i.test/'], 'give exactly one token'],
    [
      ['explain', 'a.b.c', '--issuer', 'https://i.test/', '--max-token-age', 'soon'],
      '--max-token-age must be a number',
    ],
    [
      ['explain', 'a.b.c', '--issuer', 'https://i.test/', '--clock-tolerance', ' '],
      '--clock-tolerance must be a number',
    ],
    [['explain', 'a.b.c', '--verbose'], "Unknown option '--verbose'"],
    [['inspect', 'a.b.c'], 'unknown command "inspect"; use explain'],
  ])('exits 2 with the usage for %j', async (argv, message) => {
    const { code, stdout, stderr } = await run(argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
    expect(stderr).toContain('Usage:');
  });

  it('exits 2 with the option check for a bad option, without the usage', async () => {
    const { code, stderr } = await run(['explain', 'a.b.c', '--issuer', 'http://issuer.example/']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/^access-guard: `issuer` cannot be used: it must use https:.*allowInsecureHttpIssuer/);
    expect(stderr).not.toContain('Usage:');
  });

  it('prints the usage on help (exit 0) and without a command (exit 2)', async () => {
    expect(await run(['--help'])).toMatchObject({ code: 0, stderr: '' });
    expect((await run(['help'])).stdout).toContain('access-guard explain <token | ->');
    expect(await run([])).toMatchObject({ code: 2, stdout: '' });
  });

  it('lets an unexpected failure through', async () => {
    await expect(
      runAccessGuardCli(['explain', '-', ...target()], {
        stdout: () => undefined,
        stderr: () => undefined,
        stdin: () => Promise.reject(new Error('stdin closed')),
      }),
    ).rejects.toThrow('stdin closed');
  });
});
