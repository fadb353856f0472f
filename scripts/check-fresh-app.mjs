// Builds three fresh apps outside the repository from the packed packages, as a new user would:
// Express 4 in CommonJS, Express 5 in strict TypeScript (compiled with tsc) and Koa 3, each with its
// framework from the npm registry and core/express/koa/testing from `npm pack` tarballs. In each,
// scripts/fresh-app/probe.mjs checks the quick start (JSON 401/403 with the challenge, nothing logged
// per refusal), a trailing-slash issuer (ready() names both values; the first failing request logs
// it once), optional auth, a cookie token, and, in one app, `npx access-guard explain`.
//
// Run after `npm run build`. Prints one line when every check passes; the details otherwise, and
// keeps the temporary directory for a look. Needs the npm registry (or its cache).
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const templates = join(root, 'scripts', 'fresh-app');
const started = Date.now();
const packages = ['core', 'express', 'koa', 'testing'];

for (const name of packages) {
  if (!existsSync(join(root, 'packages', name, 'dist', 'esm', 'index.js'))) {
    console.error(`check-fresh-app: packages/${name} is not built; run \`npm run build\` first.`);
    process.exit(1);
  }
}

const work = mkdtempSync(join(tmpdir(), 'access-guard-fresh-'));
const tarballs = join(work, 'tarballs');
mkdirSync(tarballs);
await Promise.all(
  packages.map((name) =>
    run('npm', ['pack', '--pack-destination', tarballs, '--ignore-scripts', '--silent'], {
      cwd: join(root, 'packages', name),
    }),
  ),
);
const tarball = (name) => {
  const file = readdirSync(tarballs).find((entry) => entry.startsWith(`access-guard-${name}-`));
  return `file:${join(tarballs, file)}`;
};
// The adapters depend on @access-guard/core by version: the override points them at the tarball,
// never at the registry.
const ours = (...names) => Object.fromEntries(names.map((name) => [`@access-guard/${name}`, tarball(name)]));
const overrides = { '@access-guard/core': tarball('core') };

const apps = [
  {
    name: 'express4-cjs',
    files: { 'express4-app.cjs': 'app.cjs' },
    dependencies: { ...ours('core', 'express', 'testing'), express: '^4.21.0' },
    entry: 'app.cjs',
    explain: true,
  },
  {
    name: 'express5-ts',
    type: 'module',
    files: { 'express5-app.ts': 'app.ts', 'express5-tsconfig.json': 'tsconfig.json' },
    dependencies: {
      ...ours('core', 'express', 'testing'),
      express: '^5.1.0',
      '@types/express': '^5.0.0',
      '@types/node': '^20.19.0',
      typescript: '~5.9.0',
    },
    compile: true,
    entry: 'dist/app.js',
  },
  {
    name: 'koa3',
    type: 'module',
    files: { 'koa3-app.mjs': 'app.mjs' },
    dependencies: { ...ours('core', 'koa', 'testing'), koa: '^3.0.0' },
    entry: 'app.mjs',
  },
];

/** Installs, compiles and probes one app; resolves with its problems (none when all is well). */
async function check(app) {
  const dir = join(work, app.name);
  mkdirSync(dir);
  for (const [from, to] of Object.entries(app.files)) copyFileSync(join(templates, from), join(dir, to));
  copyFileSync(join(templates, 'probe.mjs'), join(dir, 'probe.mjs'));
  const manifest = { name: app.name, private: true, type: app.type ?? 'commonjs', dependencies: app.dependencies };
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ ...manifest, overrides }, null, 2));
  const step = async (what, command, args) => {
    try {
      return await run(command, args, { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
    } catch (error) {
      throw new Error(`${app.name}: ${what} failed:\n${error.stdout ?? ''}${error.stderr ?? error.message}`);
    }
  };
  await step('npm install', 'npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error']);
  if (app.compile)
    await step('tsc (strict)', process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json']);
  const args = ['probe.mjs', app.entry, ...(app.explain ? ['--explain'] : [])];
  const { stdout, stderr } = await step('the probe', process.execPath, args);
  const lines = `${stdout}${stderr}`.split('\n').filter((line) => line !== '');
  const problems = lines.filter((line) => line.startsWith('check FAIL')).map((line) => `${app.name}: ${line}`);
  const passed = lines.filter((line) => line.startsWith('check ok')).length;
  // Anything else is what the library printed: the trailing-slash configuration error found by
  // ready(), once; nothing for the refused requests.
  const logged = lines.filter((line) => !line.startsWith('check '));
  if (logged.length !== 1 || !logged[0].includes('trailing slash')) {
    problems.push(
      `${app.name}: expected the library to log one line (the trailing-slash issuer, once), got ${logged.length}:\n${logged.join('\n')}`,
    );
  }
  if (passed < 8) problems.push(`${app.name}: only ${passed} checks passed`);
  return { problems, passed };
}

const results = await Promise.all(apps.map((app) => check(app).catch((error) => ({ problems: [error.message] }))));
const problems = results.flatMap((result) => result.problems);
const seconds = ((Date.now() - started) / 1000).toFixed(0);
if (problems.length === 0) {
  const counts = apps.map((app, i) => `${app.name} ${results[i].passed}`).join(', ');
  console.log(`fresh apps ok from tarballs in ${seconds} s (checks: ${counts})`);
  rmSync(work, { recursive: true, force: true });
} else {
  for (const problem of problems) console.log(`FAIL ${problem}`);
  console.log(`The apps are kept in ${work}`);
  process.exitCode = 1;
}
