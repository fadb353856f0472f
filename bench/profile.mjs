// Where a contender's server spends its CPU: runs it under `node --cpu-prof` in each mode and prints
// the top self-time functions and the share per package. Not part of `npm run bench`.
//   node bench/profile.mjs                      # ag-next, same RS256 token and missing token → 401
//   PROFILE_CONTENDER=ag-koa PROFILE_MODES=underscoped-403 PROFILE_SECONDS=5 node bench/profile.mjs
//   node bench/profile.mjs some.cpuprofile      # summarize a profile taken elsewhere
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startChild } from './child.mjs';
import { MODES } from './config.mjs';
import { contenderById } from './contenders/index.mjs';
import { drive } from './load.mjs';
import { startIssuerWithTokens } from './tokens.mjs';

const SECONDS = Number(process.env.PROFILE_SECONDS) || 5;
const TOP = Number(process.env.PROFILE_TOP) || 15;
const DIR = fileURLToPath(new URL('./results/profiles/', import.meta.url));
const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** 'express/lib/router.js', '@access-guard/core/…', 'node:internal/…' from a profile URL. */
function where(url) {
  const path = url.replace(/^file:\/\//, '');
  const inModules = path.lastIndexOf('node_modules/');
  if (inModules !== -1) return path.slice(inModules + 'node_modules/'.length);
  if (path.startsWith(`${ROOT}packages/`))
    return `@access-guard/${path.slice(`${ROOT}packages/`.length).replace('/dist/esm/', '/')}`;
  if (path.startsWith(ROOT)) return path.slice(ROOT.length);
  return path || '(native)';
}

function packageOf(location) {
  if (location.startsWith('node:') || location === '(native)')
    return location.startsWith('node:') ? 'node internals' : '(native / V8)';
  const parts = location.split('/');
  return location.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

/**
 * Self time by function and by package: share of the non-idle time and, when `requests` is given,
 * microseconds per request (the time between samples is credited to the sampled function).
 */
export function summarize(profile, requests) {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byFunction = new Map();
  const byPackage = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = nodes.get(id);
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') return;
    const micros = profile.timeDeltas[i + 1] ?? 0;
    const location = where(url);
    const name = `${functionName || '(anonymous)'}  ${location}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
    const pkg = functionName.startsWith('(') ? functionName : packageOf(location);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + micros);
    total += micros;
  });
  const perRequest = (micros) => (requests > 0 ? `${(micros / requests).toFixed(2).padStart(6)} µs/req  ` : '');
  const top = (map, n) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `  ${((100 * v) / total).toFixed(1).padStart(5)}%  ${perRequest(v)}${k}`);
  return {
    functions: top(byFunction, TOP),
    packages: top(byPackage, 10),
    perRequest: requests > 0 ? total / requests : Number.NaN,
  };
}

/** Profiles `contender` in each of `modes`, printing a summary per mode. */
async function profileServer(contender, modes) {
  mkdirSync(DIR, { recursive: true });
  const setup = await startIssuerWithTokens();
  try {
    for (const mode of modes) {
      const name = `${contender.id}-${mode.id}.cpuprofile`;
      rmSync(`${DIR}${name}`, { force: true });
      const child = await startChild(contender, mode, {
        ...setup,
        execArgv: ['--cpu-prof', `--cpu-prof-dir=${DIR}`, `--cpu-prof-name=${name}`],
      });
      const load = { port: child.port, mode, tokens: setup.tokens, expect: mode.expect };
      const warm = await drive({ ...load, seconds: 1 });
      const result = await drive({ ...load, seconds: SECONDS });
      await child.stop();
      if (!readdirSync(DIR).includes(name)) throw new Error(`no profile written for ${name}`);
      const { functions, packages, perRequest } = summarize(
        JSON.parse(readFileSync(`${DIR}${name}`, 'utf8')),
        warm.requests + result.requests,
      );
      console.log(
        `\n${contender.label} · ${mode.label}: ${Math.round(result.rps).toLocaleString('en-US')} req/s under the profiler, ${perRequest.toFixed(1)} µs of main-thread CPU per request (bench/results/profiles/${name})`,
      );
      console.log(`Top self time (share of non-idle samples):\n${functions.join('\n')}`);
      console.log(`By package:\n${packages.join('\n')}`);
    }
  } finally {
    await setup.close();
  }
}

const [file] = process.argv.slice(2);
if (file !== undefined) {
  const { functions, packages } = summarize(JSON.parse(readFileSync(file, 'utf8')));
  console.log(
    `Top self time (share of non-idle samples):\n${functions.join('\n')}\nBy package:\n${packages.join('\n')}`,
  );
} else {
  const modes = (process.env.PROFILE_MODES ?? 'same-rs256,missing-401').split(',').map((id) => {
    const mode = MODES.find((m) => m.id === id.trim());
    if (mode === undefined) throw new TypeError(`unknown mode ${id}`);
    return mode;
  });
  await profileServer(contenderById(process.env.PROFILE_CONTENDER ?? 'ag-next'), modes);
}
