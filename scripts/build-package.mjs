// Builds the workspace package in the current directory to dist/esm and dist/cjs, each with types.
// Entry points are the arguments (default src/index.ts), for packages with subpath exports.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const entries = process.argv.length > 2 ? process.argv.slice(2) : ['src/index.ts'];
const shared = [
  '--declaration',
  '--declarationMap',
  '--sourceMap',
  '--target',
  'ES2022',
  '--lib',
  'ES2023',
  '--types',
  'node',
  '--strict',
  '--skipLibCheck',
  '--esModuleInterop',
  '--rootDir',
  'src',
  ...entries,
];

function build(outDir, ...settings) {
  execFileSync(process.execPath, [tsc, '--outDir', outDir, ...settings, ...shared], { stdio: 'inherit' });
}

rmSync('dist', { recursive: true, force: true });
build('dist/esm', '--module', 'NodeNext', '--moduleResolution', 'NodeNext', '--verbatimModuleSyntax');
build('dist/cjs', '--module', 'CommonJS', '--moduleResolution', 'Node10');
// The package is "type": "module"; this file tells Node that dist/cjs holds CommonJS.
writeFileSync('dist/cjs/package.json', '{ "type": "commonjs" }\n');
