// The goals of issue #6, checked on the aggregated rows and the cold-path figures.
import { PRIMARY, REFERENCE_PEER } from './contenders/index.mjs';
import { fixed, times } from './format.mjs';

/** The modes in which every request carries a valid token. */
export const VALID_MODES = ['same-rs256', 'distinct-rs256', 'same-es256'];

/** Issue #6: ours ÷ no-auth per mode, ours ÷ express-oauth2-jwt-bearer per valid-token mode. */
const GOALS = [
  { mode: 'same-rs256', min: 0.9 },
  { mode: 'distinct-rs256', min: 0.9 },
  { mode: 'same-es256', min: 0.8 },
  { mode: 'missing-401', min: 1.0 },
  { mode: 'underscoped-403', min: 1.0 },
  { mode: 'opaque-hit', min: 0.9 },
  ...VALID_MODES.map((mode) => ({ mode, min: 1.5, versus: REFERENCE_PEER })),
];
/**
 * Cold path: one public-key verify per token, and ours ≥ this share of "the bound" (node:crypto verify
 * plus JWT parsing and claim checks, measured beside it): "no more than one verify plus parsing",
 * with 10% for measurement noise.
 */
const COLD_PATH_MIN_OF_BOUND = 0.9;

/** The goal checks: [{ scope, text, value, pass, counts }]; `counts` = decides the exit code under BENCH_STRICT. */
export function checkGoals(rows, coldPath) {
  const checks = [];
  for (const row of rows.filter((r) => r.contender.role === 'ours')) {
    const primary = PRIMARY[row.framework] === row.contender.id;
    const counts = primary && row.framework === 'express';
    for (const goal of GOALS.filter((g) => g.mode === row.mode.id)) {
      const value = goal.versus === undefined ? row.ratio : row.versusPeer;
      if (goal.versus !== undefined && !Number.isFinite(value)) continue;
      const against = goal.versus === undefined ? 'no auth' : `express-${goal.versus}`;
      checks.push({
        scope: `${row.framework} · ${row.contender.label}`,
        text: `${row.mode.label}: ≥ ${goal.min.toFixed(2)}× ${against}`,
        value: times(value),
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
      counts: PRIMARY[contender.framework] === contender.id && contender.framework === 'express',
    });
  }
  const ours = coldPath?.rows.find((r) => r.id === 'ours');
  const bound = coldPath?.rows.find((r) => r.id === 'bound');
  if (ours !== undefined && bound !== undefined) {
    checks.push({
      scope: 'cold path',
      text: 'a never-seen RS256 token costs one public-key verify',
      value: `${fixed(ours.verifiesPerToken)} per token`,
      pass: ours.verifiesPerToken <= 1.001,
      counts: true,
    });
    checks.push({
      scope: 'cold path',
      text: `… plus parsing: ≥ ${COLD_PATH_MIN_OF_BOUND.toFixed(2)}× the bound (node:crypto verify + parsing), per core`,
      value: times(ours.perCore / bound.perCore),
      pass: ours.perCore / bound.perCore >= COLD_PATH_MIN_OF_BOUND,
      counts: true,
    });
  }
  return checks;
}
