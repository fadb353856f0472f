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
    'revoke',
  ],
  '@access-guard/express': ['requireAuth', 'requireScope', 'requireClaims', 'attachUserinfo', 'errorResponse'],
  '@access-guard/koa': ['requireAuth', 'requireScope', 'requireClaims', 'attachUserinfo', 'errorResponse'],
  '@access-guard/testing': ['startLocalIssuer'],
  '@access-guard/redis': ['redisStore', 'revoke'],
};
let failures = 0;
for (const [name, exports] of Object.entries(expected)) {
  const loaded = { require: require(name), import: await import(name) };
  for (const [how, module] of Object.entries(loaded)) {
    const missing = exports.filter((key) => typeof module[key] !== 'function');
    if (missing.length > 0) failures += 1;
    console.log(
      `${missing.length === 0 ? 'ok  ' : 'FAIL'} ${how}('${name}')${missing.length > 0 ? ` lacks ${missing.join(', ')}` : ''}`,
    );
  }
}
process.exitCode = failures === 0 ? 0 : 1;
