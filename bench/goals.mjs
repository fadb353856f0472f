// The speed goals of issues #14 (redesign), #17 (DPoP) and #20 (Fastify, Hono), checked on the
// rows of one run and its cold path.
import { PRIMARY, REFERENCE, REFERENCE_PEER, RESPONDING } from './contenders/index.mjs';
import { fixed, times } from './format.mjs';

/** The modes in which every request carries a valid plain bearer JWT. */
export const VALID_MODES = ['same-rs256', 'distinct-rs256', 'same-es256'];
const REFUSAL_MODES = ['missing-401', 'underscoped-403'];

/**
 * Issue #14: a never-seen RS256 token at ≥ 0.80 of the bound (one node:crypto verify plus parsing
 * and claim checks, synchronous, no cache), per CPU-second.
 */
const COLD_PATH_MIN_OF_BOUND = 0.8;
/** Issue #20: a cached valid token on Fastify and Hono at ≥ 0.85× the bare route. */
const ADAPTER_MIN = 0.85;

/** A ratio, with three decimals when two would round it onto its threshold (0.896 is not 0.90). */
function nearThreshold(value, min) {
  return Number.isFinite(value) && Math.abs(value - min) < 0.01 ? `${value.toFixed(3)}×` : times(value);
}

/** "within the noise": not more than two standard errors below 1. */
function withinNoise(ratio, se) {
  return ratio >= Math.exp(-2 * (Number.isFinite(se) ? se : 0));
}

/**
 * The goal checks: [{ scope, text, value, pass, counts }]; `counts` = decides the exit code under
 * BENCH_STRICT. `rows` as aggregate() in report.mjs makes them; `meta` gives the labels.
 */
export function checkGoals(rows, coldPath, meta) {
  const label = (id) => meta.contenders.find((c) => c.id === id)?.label ?? id;
  const modeLabel = (id) => meta.modes.find((m) => m.id === id)?.label ?? id;
  const row = (framework, mode, contender) =>
    rows.find((r) => r.framework === framework && r.mode === mode && r.contender === contender);
  const checks = [];
  const add = (scope, text, value, pass, counts = true) => checks.push({ scope, text, value, pass, counts });

  // Issue #14 on Express: every valid-token mode level with the reference and ≥ 1.5× the peer.
  for (const mode of VALID_MODES) {
    const ours = row('express', mode, PRIMARY.express);
    if (ours === undefined) continue;
    if (Number.isFinite(ours.versusReference)) {
      add(
        `express · ${label(ours.contender)}`,
        `${modeLabel(mode)}: ≥ the hand-rolled reference, within the noise`,
        `${times(ours.versusReference)} ±${fixed(ours.versusReference * ours.versusReferenceSe)}`,
        withinNoise(ours.versusReference, ours.versusReferenceSe),
      );
    }
    if (Number.isFinite(ours.versusPeer)) {
      add(
        `express · ${label(ours.contender)}`,
        `${modeLabel(mode)}: ≥ 1.50× ${label(REFERENCE_PEER.express)}`,
        nearThreshold(ours.versusPeer, 1.5),
        ours.versusPeer >= 1.5,
      );
    }
  }
  // The 401 and 403 answers, written by the middleware itself ('respond'), against the bare route.
  for (const framework of [...new Set(rows.map((r) => r.framework))]) {
    for (const mode of REFUSAL_MODES) {
      const ours = row(framework, mode, RESPONDING[framework]);
      if (ours === undefined || !Number.isFinite(ours.ratio)) continue;
      add(
        `${framework} · ${label(ours.contender)}`,
        `${modeLabel(mode)}: ≥ 1.00× the bare route`,
        nearThreshold(ours.ratio, 1),
        ours.ratio >= 1,
        framework !== 'koa',
      );
    }
  }
  // Issue #20: Fastify and Hono, a cached valid token: ≥ 0.85× the bare route and ahead of the peer.
  for (const framework of ['fastify', 'hono']) {
    const ours = row(framework, 'same-rs256', PRIMARY[framework]);
    if (ours === undefined) continue;
    add(
      `${framework} · ${label(ours.contender)}`,
      `${modeLabel('same-rs256')}: ≥ ${ADAPTER_MIN.toFixed(2)}× the bare route`,
      nearThreshold(ours.ratio, ADAPTER_MIN),
      ours.ratio >= ADAPTER_MIN,
    );
    if (Number.isFinite(ours.versusPeer)) {
      add(
        `${framework} · ${label(ours.contender)}`,
        `${modeLabel('same-rs256')}: ahead of ${label(REFERENCE_PEER[framework])}`,
        times(ours.versusPeer),
        ours.versusPeer > 1,
      );
    }
  }
  // Issue #17, reported: DPoP against the peer's DPoP mode (informational; the issue sets no bar).
  const dpop = row('express', 'dpop', PRIMARY.express);
  if (dpop !== undefined && Number.isFinite(dpop.versusPeer)) {
    add(
      `express · ${label(dpop.contender)}`,
      `${modeLabel('dpop')}: ÷ ${label(REFERENCE_PEER.express)} (reported)`,
      times(dpop.versusPeer),
      dpop.versusPeer >= 1,
      false,
    );
  }
  // Correctness: one line per contender of ours, over every mode.
  for (const id of [...new Set(rows.filter((r) => r.contender !== REFERENCE.express).map((r) => r.contender))]) {
    const contender = meta.contenders.find((c) => c.id === id);
    if (contender?.role !== 'ours') continue;
    const mine = rows.filter((r) => r.contender === id);
    const bad = mine.reduce((sum, r) => sum + r.wrong + r.errors, 0);
    const failures = mine.reduce((sum, r) => sum + r.failures.length, 0);
    add(
      `${contender.framework} · ${contender.label}`,
      'no wrong answers, socket errors or failed runs, in any mode',
      failures === 0 ? String(bad) : `${bad}, ${failures} failed run(s)`,
      bad === 0 && failures === 0,
    );
  }
  const ours = coldPath?.rows.find((r) => r.id === 'ours');
  const bound = coldPath?.rows.find((r) => r.id === 'bound');
  if (ours !== undefined && bound !== undefined) {
    add(
      'cold path',
      'a never-seen RS256 token costs one public-key verify, no key import',
      `${fixed(ours.verifiesPerToken)} per token`,
      ours.verifiesPerToken <= 1.001 && ours.keyImports === 0,
    );
    add(
      'cold path',
      `rate: ≥ ${COLD_PATH_MIN_OF_BOUND.toFixed(2)}× the bound (node:crypto verify + parsing), per core`,
      nearThreshold(ours.perCore / bound.perCore, COLD_PATH_MIN_OF_BOUND),
      ours.perCore / bound.perCore >= COLD_PATH_MIN_OF_BOUND,
    );
  }
  return checks;
}
