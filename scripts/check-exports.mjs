// Checks that every published package loads both ways on this Node: require() (CJS build) and import() (ESM build).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const expected = {
  '@access-guard/core': [
    'createAuthenticator',
    'extractToken',
    'InvalidTokenError',
    'formatChallenge',
    'errorResponse',
    'explainToken',
    'runAccessGuardCli',
  ],
  '@access-guard/express': ['requireAuth', 'requireScope', 'requireClaims', 'attachUserinfo', 'errorResponse'],
  '@access-guard/koa': ['requireAuth', 'requireScope', 'requireClaims', 'attachUserinfo', 'errorResponse'],
  '@access-guard/testing': ['startLocalIssuer'],
};
const failures = [];
for (const [name, exports] of Object.entries(expected)) {
  const loaded = { require: require(name), import: await import(name) };
  for (const [how, module] of Object.entries(loaded)) {
    const missing = exports.filter((key) => typeof module[key] !== 'function');
    if (missing.length > 0) failures.push(`FAIL ${how}('${name}') lacks ${missing.join(', ')}`);
  }
}
// One line when everything loads; every failure otherwise.
console.log(
  failures.length === 0
    ? `exports ok: ${Object.keys(expected).join(', ')} load with require() and import()`
    : failures.join('\n'),
);
process.exitCode = failures.length === 0 ? 0 : 1;
