import type { Parameters } from 'fast-check';

// Reproducible by default: a fixed seed unless FUZZ_SEED says otherwise. fast-check prints the seed
// and the path of a failing run, so `FUZZ_SEED=<seed>` replays it.
const DEFAULT_SEED = 20261125;
// Small enough that `npm test` stays quick; `npm run fuzz` sets FUZZ_RUNS=100000.
const DEFAULT_RUNS = 150;

function envInteger(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new TypeError(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  return value;
}

/** The seed every property starts from. */
export const FUZZ_SEED = envInteger('FUZZ_SEED', DEFAULT_SEED);

/** Generated cases per property. */
export const FUZZ_RUNS = Math.max(1, envInteger('FUZZ_RUNS', DEFAULT_RUNS));

/** fast-check parameters for one property; `examples` replay known counterexamples first. */
export function fuzzParameters<T>(examples: T[] = []): Parameters<T> {
  return { seed: FUZZ_SEED, numRuns: FUZZ_RUNS, examples, endOnFailure: false };
}

/** A Jest timeout for a property whose run costs up to `msPerRun` (real HTTP, signing). */
export function fuzzTimeout(msPerRun = 6): number {
  return 30_000 + FUZZ_RUNS * msPerRun;
}
