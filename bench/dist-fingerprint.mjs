// Which build of the packages a run measured: others may rebuild packages/*/dist while the bench
// runs, and each child loads the dist afresh, so every run records a fingerprint of it.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';

const PACKAGES = ['core', 'express', 'koa'];
const ROOT = new URL('../', import.meta.url);

function files(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return files(path);
    return entry.name.endsWith('.js') ? [path] : [];
  });
}

/** 12 hex digits of SHA-256 over the packages' dist/esm JavaScript ('missing' while it is being rebuilt). */
export function distFingerprint() {
  const hash = createHash('sha256');
  let count = 0;
  for (const name of PACKAGES) {
    for (const path of files(new URL(`packages/${name}/dist/esm`, ROOT).pathname).sort()) {
      try {
        hash.update(path).update(readFileSync(path));
        count += 1;
      } catch {
        // deleted between listing and reading: a rebuild is under way
      }
    }
  }
  return count === 0 ? 'missing' : hash.digest('hex').slice(0, 12);
}

/** The git commit and whether packages/ differs from it, e.g. 'c7bb192 + uncommitted changes in packages/'. */
export function sourceVersion() {
  try {
    const git = (...args) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = git('status', '--porcelain', '--', 'packages') !== '';
    return `${git('rev-parse', '--short', 'HEAD')}${dirty ? ' + uncommitted changes in packages/' : ''}`;
  } catch {
    return 'unknown';
  }
}
