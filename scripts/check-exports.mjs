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
  ],
  '@access-guard/express': ['requireAuth', 'requireScope', 'requireClaims', 'attachUserinfo', 'errorResponse'],
  '@access-guard/koa': ['requireAuth', 'requireScope', 'requireClaims', 'attachUserinfo', 'errorResponse'],
  '@access-guard/fastify': [
    'requireAuth',
    'requireScope',
    'requireClaims',
    'requireAuthLevel',
    'attachUserinfo',
    'protectedResourceMetadata',
  ],
  '@access-guard/web': [
    'createRequestGuard',
    'requireScope',
    'requireClaims',
    'requireAuthLevel',
    'protectedResourceMetadata',
  ],
  '@access-guard/web/hono': [
    'requireAuth',
    'requireScope',
    'requireClaims',
    'requireAuthLevel',
    'attachUserinfo',
    'protectedResourceMetadata',
  ],
  '@access-guard/testing': ['startLocalIssuer'],
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
