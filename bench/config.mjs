// Knobs (environment variables) and the modes the bench measures.

function positive(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new TypeError(`${name} must be a positive number; got ${raw}`);
  return value;
}

function list(name) {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/**
 * The run's size. The default run takes minutes: enough to show each ratio to about ±5% and to
 * catch a regression. `--full` (or BENCH_FULL=1) is the long run the README's figures come from:
 * more rounds, fresh processes in more generations, retries of disturbed slices. Every knob below
 * can still be set on its own.
 */
export const FLAGS = new Set(process.argv.slice(2).filter((arg) => arg.startsWith('--')));
export const FULL = FLAGS.has('--full') || process.env.BENCH_FULL === '1';

/** Seconds each measured slice lasts. */
export const DURATION = positive('BENCH_DURATION', 1);
/**
 * Rounds: in each round every contender of a mode is measured for one slice, in an order that
 * rotates from round to round. The report compares mean rates over the rounds. One slice's ratio to
 * the baseline's moves by ±15% here (standard deviation of its logarithm), so the mean of 6 rounds is
 * good to about ±6%, of 48 to about ±2.3% (one standard error); the report prints it per row.
 */
export const ROUNDS = Math.round(positive('BENCH_ROUNDS', FULL ? 48 : 6));
/**
 * Seconds of load on each server before its first slice (discovery, JWKS, caches, JIT, heap growth);
 * not counted. A fresh Express child needs about 3 s to reach its steady rate; the default run
 * accepts a little of that ramp in its first round.
 */
export const WARMUP = positive('BENCH_WARMUP', FULL ? 3 : 2);
/**
 * Generations of server processes per mode: the rounds are split among them, and each generation
 * starts (and warms up) fresh processes, in a start order that rotates. One process keeps a speed of
 * its own for its whole life: here, two processes of the same app measured 0.87–1.11× of each other
 * from one generation to the next (3 rounds each), which more rounds with the same processes cannot
 * average out.
 */
export const GENERATIONS = Math.round(positive('BENCH_GENERATIONS', FULL ? 4 : 2));
/** A slice during which other processes kept more than this many cores busy is measured again... */
export const MAX_FOREIGN_CORES = positive('BENCH_MAX_FOREIGN_CPU', 0.25);
/** ...at most this many extra times (the quietest attempt is kept); 1 in a full run, 0 by default. */
export const RETRIES = Math.round(Number(process.env.BENCH_RETRIES ?? (FULL ? 1 : 0)));
/** Before each mode, wait at most this many seconds for other processes to calm down (10 in a full run, 0 by default). */
export const QUIET_WAIT = Number(process.env.BENCH_QUIET_WAIT ?? (FULL ? 10 : 0));
/** autocannon connections. */
export const CONNECTIONS = Math.round(positive('BENCH_CONNECTIONS', 50));
/** How many distinct RS256 tokens the rotation mode cycles through. */
export const DISTINCT_TOKENS = Math.round(positive('BENCH_DISTINCT_TOKENS', 2000));
/** Comma filters on mode ids and contender ids (see README). */
export const MODE_FILTER = list('BENCH_MODES');
export const CONTENDER_FILTER = list('BENCH_CONTENDERS');
/** BENCH_STRICT=1: exit 1 when a goal fails. */
export const STRICT = process.env.BENCH_STRICT === '1';

/** The API the tokens are minted for. */
export const AUDIENCE = 'https://bench.access-guard.test';
/**
 * The Host header of the DPoP mode's requests: a proof names the URL (`htu`), which must not depend
 * on the port each server happens to get.
 */
export const DPOP_HOST = 'api.bench.test';
/** Tokens outlive the longest run; a token expiring mid-run would turn 200s into 401s. */
export const TOKEN_LIFETIME_SECONDS = 6 * 3600;

/**
 * The modes. `tokens` names the token set sent in the Authorization header (none for `missing`);
 * `expect` is the status every protected contender must answer (no-auth baselines always answer 200).
 */
export const MODES = [
  { id: 'same-rs256', label: 'same RS256 token', path: '/resource', tokens: 'rs256', expect: 200 },
  {
    id: 'distinct-rs256',
    label: `${DISTINCT_TOKENS.toLocaleString('en-US')} distinct RS256 tokens`,
    path: '/resource',
    tokens: 'distinct',
    expect: 200,
  },
  { id: 'same-es256', label: 'same ES256 token', path: '/resource', tokens: 'es256', expect: 200 },
  { id: 'missing-401', label: 'missing token → 401', path: '/resource', tokens: 'none', expect: 401 },
  { id: 'underscoped-403', label: 'under-scoped → 403', path: '/write', tokens: 'underscoped', expect: 403 },
  {
    // A DPoP-bound token (cnf.jkt) with a fresh proof on every request, each its own jti, as real
    // clients send them: the token stays cached, the proof is verified and its jti claimed each time.
    id: 'dpop',
    label: 'DPoP-bound token, fresh proof',
    path: '/resource',
    tokens: 'dpop',
    expect: 200,
    needs: 'dpop',
  },
  {
    id: 'opaque-hit',
    label: 'opaque token (cache hit)',
    path: '/resource',
    tokens: 'opaque',
    expect: 200,
    oursOnly: true,
  },
];

/** The modes selected by BENCH_MODES (all by default). */
export function selectedModes() {
  if (MODE_FILTER === undefined) return MODES;
  const unknown = MODE_FILTER.filter((id) => !MODES.some((mode) => mode.id === id));
  if (unknown.length > 0)
    throw new TypeError(`BENCH_MODES: unknown mode ${unknown.join(', ')}; known: ${MODES.map((m) => m.id).join(', ')}`);
  return MODES.filter((mode) => MODE_FILTER.includes(mode.id));
}
