// The contenders: metadata only, so the runner never loads a framework. Each `file` exports
// createApp({ issuer, audience, mode }) → a request listener; bench/server.mjs runs it in a child.
import { CONTENDER_FILTER, FULL } from '../config.mjs';

/** The modes where a refusal is due: where errors: 'respond' is judged. */
const REFUSALS = ['missing-401', 'underscoped-403'];
/** The modes of the Fastify and Hono groups: a cached token and the two refusals (issue #20). */
const FAST_MODES = ['same-rs256', 'missing-401', 'underscoped-403'];
/** The modes whose valid tokens are plain bearer JWTs. */
const JWT_MODES = ['same-rs256', 'distinct-rs256', 'same-es256'];

/**
 * role: 'baseline' (the same routes with no auth; every ratio divides by it), 'ours' or 'peer'.
 * Peers run only the JWT and error modes (they cannot take opaque tokens); `dpop: true` marks those
 * that verify DPoP proofs. `only` limits a contender to some modes (every mode when absent): the
 * default run leaves out the rows no goal reads, `--full` measures them too.
 */
export const CONTENDERS = [
  { id: 'no-auth', label: 'no auth', framework: 'express', role: 'baseline', file: './express-no-auth.mjs' },
  {
    id: 'ag-next',
    label: "access-guard (errors: 'next')",
    framework: 'express',
    role: 'ours',
    file: './express-access-guard.mjs',
    errors: 'next',
    dpop: true,
    only: FULL ? undefined : [...JWT_MODES, 'dpop', 'opaque-hit'],
  },
  {
    id: 'ag-respond',
    label: "access-guard (errors: 'respond')",
    framework: 'express',
    role: 'ours',
    file: './express-access-guard.mjs',
    errors: 'respond',
    dpop: true,
    only: FULL ? undefined : REFUSALS,
  },
  {
    id: 'oauth2-jwt-bearer',
    label: 'express-oauth2-jwt-bearer',
    framework: 'express',
    role: 'peer',
    file: './express-oauth2-jwt-bearer.mjs',
    dpop: true,
  },
  { id: 'express-jwt', label: 'express-jwt + jwks-rsa', framework: 'express', role: 'peer', file: './express-jwt.mjs' },
  {
    // The hand-rolled column: what a minimal SHA-256-keyed cache in front of node:crypto costs.
    id: 'reference',
    label: 'reference: node:crypto + SHA-256 LRU (hand-rolled)',
    framework: 'express',
    role: 'peer',
    file: './express-reference.mjs',
  },
  {
    // The reference answering through a promise: what a synchronous answer for cached tokens is worth.
    id: 'reference-async',
    label: 'reference, answered through a promise',
    framework: 'express',
    role: 'peer',
    file: './express-reference.mjs',
    variant: 'async',
    only: ['same-rs256', 'distinct-rs256'],
  },
  { id: 'koa-no-auth', label: 'koa no auth', framework: 'koa', role: 'baseline', file: './koa-no-auth.mjs' },
  {
    id: 'ag-koa',
    label: 'access-guard koa',
    framework: 'koa',
    role: 'ours',
    file: './koa-access-guard.mjs',
    dpop: true,
    only: FULL ? undefined : ['same-rs256', 'dpop', ...REFUSALS],
  },
  // Fastify 5 (issue #20): the bare route, ours (register(requireAuth) + a route onRequest
  // requireScope), and what a Fastify user would pick instead.
  {
    id: 'fastify-no-auth',
    label: 'fastify no auth',
    framework: 'fastify',
    role: 'baseline',
    file: './fastify-no-auth.mjs',
    requires: ['fastify'],
    only: FAST_MODES,
  },
  {
    id: 'ag-fastify',
    label: 'access-guard fastify',
    framework: 'fastify',
    role: 'ours',
    file: './fastify-access-guard.mjs',
    requires: ['fastify', '@access-guard/fastify'],
    only: FAST_MODES,
  },
  {
    id: 'fastify-jwt',
    label: '@fastify/jwt + get-jwks',
    framework: 'fastify',
    role: 'peer',
    file: './fastify-jwt.mjs',
    requires: ['fastify', '@fastify/jwt', 'get-jwks'],
    only: FAST_MODES,
  },
  // Hono on @hono/node-server (issue #20): the bare route, ours, and Hono's own jwk middleware.
  {
    id: 'hono-no-auth',
    label: 'hono no auth',
    framework: 'hono',
    role: 'baseline',
    file: './hono-no-auth.mjs',
    requires: ['hono', '@hono/node-server'],
    only: FAST_MODES,
  },
  {
    id: 'ag-hono',
    label: 'access-guard hono',
    framework: 'hono',
    role: 'ours',
    file: './hono-access-guard.mjs',
    requires: ['hono', '@hono/node-server', '@access-guard/web/hono'],
    only: FAST_MODES,
  },
  {
    id: 'hono-jwk',
    label: 'hono/jwk (keys fetched once)',
    framework: 'hono',
    role: 'peer',
    file: './hono-jwk.mjs',
    requires: ['hono', '@hono/node-server'],
    only: FAST_MODES,
  },
];

/** Whether `specifier` resolves from here: a contender whose packages are missing is left out. */
function installed(specifier) {
  try {
    import.meta.resolve(specifier);
    return true;
  } catch {
    return false;
  }
}

/** The contenders this checkout can run, and the ids of those it cannot (their packages are missing). */
export const MISSING = CONTENDERS.filter((c) => !(c.requires ?? []).every(installed)).map((c) => c.id);

/** Per framework, the contender of ours the valid-token goals are judged on. */
export const PRIMARY = { express: 'ag-next', koa: 'ag-koa', fastify: 'ag-fastify', hono: 'ag-hono' };
/** Per framework, the contender of ours the 401/403 goals are judged on (it writes the answer itself). */
export const RESPONDING = { express: 'ag-respond', koa: 'ag-koa', fastify: 'ag-fastify', hono: 'ag-hono' };
/** Per framework, the peer the "ours ÷ peer" column divides by: what a user would pick instead. */
export const REFERENCE_PEER = { express: 'oauth2-jwt-bearer', fastify: 'fastify-jwt', hono: 'hono-jwk' };
/** Per framework, the hand-rolled reference the "ours ÷ reference" column divides by. */
export const REFERENCE = { express: 'reference' };

export function contenderById(id) {
  const found = CONTENDERS.find((contender) => contender.id === id);
  if (found === undefined)
    throw new TypeError(`unknown contender ${id}; known: ${CONTENDERS.map((c) => c.id).join(', ')}`);
  return found;
}

/** BENCH_CONTENDERS, plus the baseline of every framework that has a selected contender. */
export function selectedContenders() {
  const runnable = CONTENDERS.filter((c) => !MISSING.includes(c.id));
  if (CONTENDER_FILTER === undefined) return runnable;
  CONTENDER_FILTER.forEach(contenderById);
  const frameworks = new Set(CONTENDER_FILTER.map((id) => contenderById(id).framework));
  return runnable.filter(
    (c) => CONTENDER_FILTER.includes(c.id) || (c.role === 'baseline' && frameworks.has(c.framework)),
  );
}

/** Whether `contender` runs in `mode`. */
export function runsIn(contender, mode) {
  if (contender.only !== undefined && !contender.only.includes(mode.id)) return false;
  if (contender.role === 'baseline') return true;
  if (mode.needs === 'dpop' && contender.dpop !== true) return false;
  return !(mode.oursOnly && contender.role === 'peer');
}
