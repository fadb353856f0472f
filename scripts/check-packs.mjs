// Checks what npm would publish for every package under packages/: README.md, LICENSE, the ESM and
// CommonJS builds and each bin are in the tarball (`npm pack --dry-run --json`), and package.json
// carries what an npm page shows (repository with directory, homepage, bugs, keywords). Run after
// the build. Prints one line when every package passes, every problem otherwise.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const problems = [];
const checked = [];
for (const dir of readdirSync(join(root, 'packages')).sort()) {
  const path = join(root, 'packages', dir);
  if (!existsSync(join(path, 'package.json'))) continue;
  const manifest = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8'));
  if (manifest.private === true) continue;
  const name = manifest.name ?? dir;
  const need = (ok, what) => ok || problems.push(`${name}: ${what}`);
  need(manifest.repository?.directory === `packages/${dir}`, `repository.directory must be "packages/${dir}"`);
  need(typeof manifest.repository?.url === 'string', 'no repository.url');
  need(typeof manifest.homepage === 'string', 'no homepage');
  need(typeof manifest.bugs?.url === 'string', 'no bugs.url');
  need(Array.isArray(manifest.keywords) && manifest.keywords.length > 0, 'no keywords');
  need(manifest.license === 'MIT', 'license is not MIT');
  let files;
  try {
    const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: path,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    files = new Set(JSON.parse(output)[0].files.map((file) => file.path));
  } catch (error) {
    problems.push(`${name}: npm pack --dry-run failed: ${error.message.split('\n')[0]}`);
    continue;
  }
  const bins = typeof manifest.bin === 'string' ? [manifest.bin] : Object.values(manifest.bin ?? {});
  const expected = ['README.md', 'LICENSE', 'package.json', 'dist/esm/index.js', 'dist/cjs/index.js', ...bins];
  for (const file of expected) {
    need(
      files.has(file.replace(/^\.\//, '')),
      `the tarball lacks ${file}${file.startsWith('dist/') ? ' (build first)' : ''}`,
    );
  }
  checked.push(name);
}
if (problems.length === 0) {
  console.log(`packs ok: ${checked.join(', ')} each ship README.md, LICENSE, dist and their bins`);
} else {
  for (const problem of problems) console.log(`FAIL ${problem}`);
  process.exitCode = 1;
}
