// Module hooks that run a package's bin from source in a child process, as Jest runs the tests: the
// bin's import of ../dist/esm/*.js is served from ../src/*.ts, and TypeScript is transpiled on load.
// Any package of this repository (packages/<name>/) is mapped, so core's bin runs the same way.
// Registered by test/run-from-source.mjs (node --import); not a test file.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// require() skips the ESM loader's scan of TypeScript's 9 MB CommonJS file for named exports.
const ts = createRequire(import.meta.url)('typescript');

const PACKAGES = new URL('../../', import.meta.url).href;
const DIST = /^([^/]+)\/dist\/esm\//;

export async function resolve(specifier, context, nextResolve) {
  if (specifier.startsWith('.') && context.parentURL !== undefined) {
    let url = new URL(specifier, context.parentURL).href;
    if (url.startsWith(PACKAGES)) url = PACKAGES + url.slice(PACKAGES.length).replace(DIST, '$1/src/');
    if (url.startsWith(PACKAGES) && /^[^/]+\/src\//.test(url.slice(PACKAGES.length)) && url.endsWith('.js')) {
      const source = `${url.slice(0, -3)}.ts`;
      if (existsSync(fileURLToPath(source))) return { url: source, shortCircuit: true };
    }
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.endsWith('.ts')) return nextLoad(url, context);
  const { outputText } = ts.transpileModule(readFileSync(fileURLToPath(url), 'utf8'), {
    fileName: fileURLToPath(url),
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
  });
  return { format: 'module', source: outputText, shortCircuit: true };
}
