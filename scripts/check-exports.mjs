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
    'revoke',
  ],
  '@access-guard/express': ['requireAuth', 'requireScope', 'requireClaims', 'attachUserinfo', 'errorResponse'],
  '@access-guard/koa': ['requireAuth', 'requireScope', 'requireClaims', 'attachUserinfo', 'errorResponse'],
  '@access-guard/mcp': ['createTokenVerifier', 'protectMcpEndpoint', 'authResultOf', 'toAuthInfo', 'toSdkError'],
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
  '@access-guard/redis': ['redisStore', 'revoke'],
};
const failures = [];
for (const [name, exports] of Object.entries(expected)) {
  const loaded = { require: require(name), import: await import(name) };
  for (const [how, module] of Object.entries(loaded)) {
    const missing = exports.filter((key) => typeof module[key] !== 'function');
    if (missing.length > 0) failures.push(`FAIL ${how}('${name}') lacks ${missing.join(', ')}`);
  }
}

// The MCP SDK's requireBearerAuth knows its errors by instanceof, per module copy: each build of
// @access-guard/mcp must throw the classes of the SDK build of its own module system (an ESM app
// given the CommonJS classes would answer 500). An opaque token with no resolver is refused offline.
const SDK_ERRORS = '@modelcontextprotocol/sdk/server/auth/errors.js';
const sdk = { require: require(SDK_ERRORS), import: await import(SDK_ERRORS) };
const mcp = { require: require('@access-guard/mcp'), import: await import('@access-guard/mcp') };
for (const how of ['require', 'import']) {
  const verifier = mcp[how].createTokenVerifier({
    issuer: 'https://issuer.example/',
    resource: 'https://mcp.example/mcp',
  });
  const error = await verifier.verifyAccessToken('an-opaque-token').catch((failure) => failure);
  const other = how === 'require' ? 'import' : 'require';
  const right = error instanceof sdk[how].InvalidTokenError && !(error instanceof sdk[other].InvalidTokenError);
  if (!right)
    failures.push(`FAIL ${how}('@access-guard/mcp') throws another InvalidTokenError than ${how}('${SDK_ERRORS}')`);
}
// One line when everything loads; every failure otherwise.
console.log(
  failures.length === 0
    ? `exports ok: ${Object.keys(expected).join(', ')} load with require() and import(); MCP errors match their SDK copy`
    : failures.join('\n'),
);
process.exitCode = failures.length === 0 ? 0 : 1;
