// The goals of issue #6, checked on the aggregated rows and the cold-path figures.
import { PRIMARY, REFERENCE_PEER } from './contenders/index.mjs';
import { fixed, times } from './format.mjs';

/** The modes in which every request carries a valid token. */
export const VALID_MODES = ['same-rs256', 'distinct-rs256', 'same-es256'];

/**
 * Issue #6: ours ÷ no-auth per mode, ours ÷ express-oauth2-jwt-bearer per valid-token mode. Each goal
 * is judged on one Express contender (`judgedOn`, default the default middleware, PRIMARY.express):
 * the 401 and 403 goals on `errors: 'respond'`, where access-guard writes the answer itself. Under
 * `'next'` the answer is rendered by whatever error handler the app has (here Express's final
 * handler, which also logs each error in production): that row is reported, for information.
 */
const GOALS = [
  { mode: 'same-rs256', min: 0.9 },
  { mode: 'distinct-rs256', min: 0.9 },
  { mode: 'same-es256', min: 0.8 },
  { mode: 'missing-401', min: 1.0, judgedOn: 'ag-respond' },
  { mode: 'underscoped-403', min: 1.0, judgedOn: 'ag-respond' },
  { mode: 'opaque-hit', min: 0.9 },
  ...VALID_MODES.map((mode) => ({ mode, min: 1.5, versus: REFERENCE_PEER })),
];
/**
 * Cold path, informational: ours as a share of "the bound" (node:crypto verify plus JWT parsing and
 * claim checks, synchronous, no cache). The counted goal is the number of verifies per token.
 */
const COLD_PATH_MIN_OF_BOUND = 0.9;
/** The Express contenders of ours whose correctness counts (the default and the 'respond' variant). */
const COUNTED_FOR_CORRECTNESS = new Set([PRIMARY.express, 'ag-respond']);

/** A ratio, with three decimals when two would round it onto its threshold (0.896 is not 0.90). */
function nearThreshold(value, min) {
  return Number.isFinite(value) && Math.abs(value - min) < 0.01 ? `${value.toFixed(3)}×` : times(value);
}

/** The goal checks: [{ scope, text, value, pass, counts }]; `counts` = decides the exit code under BENCH_STRICT. */
export function checkGoals(rows, coldPath) {
  const checks = [];
  for (const row of rows.filter((r) => r.contender.role === 'ours')) {
    for (const goal of GOALS.filter((g) => g.mode === row.mode.id)) {
      const counts = row.framework === 'express' && (goal.judgedOn ?? PRIMARY.express) === row.contender.id;
      const value = goal.versus === undefined ? row.ratio : row.versusPeer;
      if (goal.versus !== undefined && !Number.isFinite(value)) continue;
      const against = goal.versus === undefined ? 'no auth' : `express-${goal.versus}`;
      checks.push({
        scope: `${row.framework} · ${row.contender.label}`,
        text: `${row.mode.label}: ≥ ${goal.min.toFixed(2)}× ${against}`,
        value: nearThreshold(value, goal.min),
        pass: value >= goal.min,
        counts,
      });
    }
  }
  // Correctness: one line per contender of ours, over every mode.
  for (const contender of [...new Set(rows.filter((r) => r.contender.role === 'ours').map((r) => r.contender))]) {
    const mine = rows.filter((r) => r.contender === contender);
    const bad = mine.reduce((sum, r) => sum + r.wrong + r.errors, 0);
    const failures = mine.reduce((sum, r) => sum + r.failures.length, 0);
    checks.push({
      scope: `${contender.framework} · ${contender.label}`,
      text: 'no wrong answers, socket errors or failed runs, in any mode',
      value: failures === 0 ? String(bad) : `${bad}, ${failures} failed run(s)`,
      pass: bad === 0 && failures === 0,
      counts: contender.framework === 'express' && COUNTED_FOR_CORRECTNESS.has(contender.id),
    });
  }
  const ours = coldPath?.rows.find((r) => r.id === 'ours');
  const bound = coldPath?.rows.find((r) => r.id === 'bound');
  if (ours !== undefined && bound !== undefined) {
    checks.push({
      scope: 'cold path',
      text: 'a never-seen RS256 token costs one public-key verify (WebCrypto or node:crypto), no key import',
      value: `${fixed(ours.verifiesPerToken)} per token`,
      pass: ours.verifiesPerToken <= 1.001 && ours.keyImports === 0,
      counts: true,
    });
    checks.push({
      scope: 'cold path',
      text: `rate: ≥ ${COLD_PATH_MIN_OF_BOUND.toFixed(2)}× the bound (node:crypto verify + parsing, no cache), per core`,
      value: times(ours.perCore / bound.perCore),
      pass: ours.perCore / bound.perCore >= COLD_PATH_MIN_OF_BOUND,
      counts: false,
    });
  }
  return checks;
}
