// The contenders: metadata only, so the runner never loads a framework. Each `file` exports
// createApp({ issuer, audience, mode }) → a request listener; bench/server.mjs runs it in a child.
import { CONTENDER_FILTER } from '../config.mjs';

/**
 * role: 'baseline' (the same routes with no auth; every ratio divides by it), 'ours' or 'peer'.
 * Peers run only the JWT and error modes (they cannot take opaque tokens).
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
  },
  {
    id: 'ag-respond',
    label: "access-guard (errors: 'respond')",
    framework: 'express',
    role: 'ours',
    file: './express-access-guard.mjs',
    errors: 'respond',
  },
  {
    id: 'oauth2-jwt-bearer',
    label: 'express-oauth2-jwt-bearer',
    framework: 'express',
    role: 'peer',
    file: './express-oauth2-jwt-bearer.mjs',
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
  { id: 'koa-no-auth', label: 'koa no auth', framework: 'koa', role: 'baseline', file: './koa-no-auth.mjs' },
  { id: 'ag-koa', label: 'access-guard koa', framework: 'koa', role: 'ours', file: './koa-access-guard.mjs' },
];

/** The default Express contender: the goals are judged on it. */
export const PRIMARY = { express: 'ag-next', koa: 'ag-koa' };
/** The peer the "ours ÷ peer" column divides by. */
export const REFERENCE_PEER = 'oauth2-jwt-bearer';

export function contenderById(id) {
  const found = CONTENDERS.find((contender) => contender.id === id);
  if (found === undefined)
    throw new TypeError(`unknown contender ${id}; known: ${CONTENDERS.map((c) => c.id).join(', ')}`);
  return found;
}

/** BENCH_CONTENDERS, plus the baseline of every framework that has a selected contender. */
export function selectedContenders() {
  if (CONTENDER_FILTER === undefined) return CONTENDERS;
  CONTENDER_FILTER.forEach(contenderById);
  const frameworks = new Set(CONTENDER_FILTER.map((id) => contenderById(id).framework));
  return CONTENDERS.filter(
    (c) => CONTENDER_FILTER.includes(c.id) || (c.role === 'baseline' && frameworks.has(c.framework)),
  );
}

/** Whether `contender` runs in `mode`. */
export function runsIn(contender, mode) {
  return !(mode.oursOnly && contender.role === 'peer');
}
