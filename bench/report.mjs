// Turns the slices into one row per framework × mode × contender, prints the tables, checks the
// goals and writes bench/results/latest.{json,md}: the rows only, a few kilobytes that read in a
// diff. `node bench/report.mjs` reprints bench/results/latest.json.
import { readFileSync, writeFileSync } from 'node:fs';
import { formatColdPath } from './cold-path.mjs';
import { STRICT } from './config.mjs';
import { REFERENCE, REFERENCE_PEER } from './contenders/index.mjs';
import { fixed, int, markdownTable, textTable, times } from './format.mjs';
import { checkGoals } from './goals.mjs';
import { median, percentile } from './stats.mjs';

const RESULTS = new URL('./results/', import.meta.url);
const TITLES = { express: 'Express 5', koa: 'Koa 3', fastify: 'Fastify 5', hono: 'Hono (on @hono/node-server)' };

const mean = (values) => values.reduce((sum, v) => sum + v, 0) / values.length;

/** [mine, theirs] slices of the rounds (and generations) both ran, quiet ones when there are any. */
function pairs(mine, theirs, quiet) {
  const paired = (filter) =>
    mine
      .filter(filter)
      .map((run) => [run, theirs.find((t) => t.round === run.round && filter(t))])
      .filter(([, other]) => other !== undefined);
  const calm = paired(quiet);
  return calm.length > 0 ? calm : paired(() => true);
}

/**
 * Mine ÷ theirs: the ratio of the mean rates over the rounds both ran (quiet ones preferred); `se`,
 * the standard error of the mean of the per-round log ratios (what one run's ratio is good to); and
 * the interquartile range of the per-round ratios.
 */
export function ratioOf(mine, theirs, quiet = () => true) {
  const both = pairs(mine, theirs, quiet);
  if (both.length === 0) return { ratio: Number.NaN, se: Number.NaN, range: undefined };
  const ratio = mean(both.map(([m]) => m.rps)) / mean(both.map(([, t]) => t.rps));
  const logs = both.map(([m, t]) => Math.log(m.rps / t.rps));
  const average = mean(logs);
  const se =
    logs.length > 1
      ? Math.sqrt(logs.reduce((sum, l) => sum + (l - average) ** 2, 0) / (logs.length - 1) / logs.length)
      : Number.NaN;
  const perRound = both.map(([m, t]) => m.rps / t.rps).sort((a, b) => a - b);
  return {
    ratio,
    se,
    range: perRound.length > 3 ? [percentile(perRound, 0.25), percentile(perRound, 0.75)] : undefined,
  };
}

/** Three significant digits: the rows are read in a diff, not re-analysed. */
function round3(value) {
  if (!Number.isFinite(value)) return null;
  if (value === 0) return 0;
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value))));
  return Number(value.toFixed(digits));
}

/**
 * One row per framework × mode × contender. Slices disturbed by other processes (more than
 * meta.maxForeignCores busy) are left out of the figures whenever a quiet slice exists.
 */
export function aggregate({ meta, runs }) {
  const rows = [];
  const limit = meta.maxForeignCores ?? 0.25;
  const quiet = (run) => !(run.cpu?.foreign > limit);
  const ok = (where) =>
    runs.filter((r) => r.failed === undefined && Object.entries(where).every(([k, v]) => r[k] === v));
  for (const framework of [...new Set(meta.contenders.map((c) => c.framework))]) {
    const baseline = meta.contenders.find((c) => c.framework === framework && c.role === 'baseline');
    for (const mode of meta.modes) {
      const base = baseline === undefined ? [] : ok({ framework, mode: mode.id, contender: baseline.id });
      for (const contender of meta.contenders.filter((c) => c.framework === framework)) {
        const all = runs.filter((r) => r.framework === framework && r.mode === mode.id && r.contender === contender.id);
        if (all.length === 0) continue;
        const mine = all.filter((r) => r.failed === undefined);
        // Each process reports what it served over its life (warm-up included) once, on its last slice.
        const served = mine.reduce((sum, r) => sum + (r.served ?? 0), 0);
        const calm = mine.filter(quiet);
        const used = calm.length > 0 ? calm : mine;
        const versus = (id) =>
          contender.role === 'ours' ? ratioOf(mine, ok({ framework, mode: mode.id, contender: id }), quiet) : {};
        const versusBase =
          contender.role === 'baseline' ? { ratio: 1, se: 0, range: undefined } : ratioOf(mine, base, quiet);
        const peer = versus(REFERENCE_PEER[framework]);
        const reference = versus(REFERENCE[framework]);
        rows.push({
          framework,
          mode: mode.id,
          contender: contender.id,
          rps: round3(mean(used.map((r) => r.rps))),
          ratio: round3(versusBase.ratio),
          se: round3(versusBase.se),
          range: versusBase.range?.map(round3),
          versusPeer: round3(peer.ratio),
          versusPeerSe: round3(peer.se),
          versusReference: round3(reference.ratio),
          versusReferenceSe: round3(reference.se),
          // Server CPU per response (µs): less sensitive than req/s to what else the machine does.
          cpuPerRequest: round3(
            median(used.map((r) => (r.cpu === undefined ? Number.NaN : (r.cpu.server * 1e6) / r.rps))),
          ),
          p50: round3(median(used.map((r) => r.p50))),
          p99: round3(median(used.map((r) => r.p99))),
          quiet: calm.length,
          slices: mine.length,
          wrong: mine.reduce((sum, r) => sum + r.wrong, 0),
          errors: mine.reduce((sum, r) => sum + r.errors, 0),
          requests: mine.reduce((sum, r) => sum + r.requests, 0),
          logBytesPerResponse: round3(
            served === 0 ? 0 : mine.reduce((sum, r) => sum + (r.logged?.bytes ?? 0), 0) / served,
          ),
          failures: all.filter((r) => r.failed !== undefined).map((r) => `round ${r.round}: ${r.failed}`),
          benchCpu: round3(median(mine.map((r) => r.cpu?.runner))),
          foreignCpu: round3(Math.max(0, ...used.map((r) => r.cpu?.foreign ?? 0))),
        });
      }
    }
  }
  return rows;
}

function wrongCell(row) {
  if (row.wrong === 0) return '0';
  return `${int(row.wrong)} (${fixed((100 * row.wrong) / Math.max(1, row.requests), 1)}%)`;
}

/** "0.97× ±0.03": a ratio and its standard error (as a share of the ratio). */
function withError(ratio, se) {
  if (!Number.isFinite(ratio)) return '–';
  return Number.isFinite(se) && se > 0 ? `${times(ratio)} ±${fixed(ratio * se)}` : times(ratio);
}

const HEADER = [
  'mode',
  'contender',
  'req/s',
  '× baseline',
  '÷ reference',
  '÷ peer',
  'quiet',
  'p99 ms',
  'wrong',
  'cpu µs/req',
];

/** Builds the report; returns { text, markdown, failed } (failed = goals that count and fail). */
export function buildReport({ meta, rows, coldPath }) {
  const modeOf = new Map(meta.modes.map((m) => [m.id, m]));
  const contenderOf = new Map(meta.contenders.map((c) => [c.id, c]));
  const cells = (row) => [
    modeOf.get(row.mode).label,
    contenderOf.get(row.contender).label,
    int(row.rps),
    withError(row.ratio, row.se),
    withError(row.versusReference, row.versusReferenceSe),
    withError(row.versusPeer, row.versusPeerSe),
    `${row.quiet}/${row.slices}`,
    fixed(row.p99),
    wrongCell(row),
    fixed(row.cpuPerRequest, 0),
  ];
  const generations = meta.generations ?? 1;
  const method = `${meta.rounds} round(s) of one ${meta.duration}-s slice per contender (each server warmed up ${meta.warmup} s first), ${meta.connections} connections, in ${generations} generation(s) of fresh server processes; within one, every server of a mode stays up and the slices interleave in an order that rotates each round.`;
  const legend =
    '× baseline, ÷ reference (the hand-rolled column), ÷ peer (express-oauth2-jwt-bearer; @fastify/jwt; hono/jwk): ratio of the mean rates over the rounds where both slices were quiet, ± one standard error. req/s: mean over the quiet slices (other processes used ≤ 0.25 cores; all slices when none was). p99 and cpu µs/req (server CPU, all threads, per response): medians. wrong: responses whose status was not the one due.';
  const text = [method, legend];
  const md = [
    '# access-guard benchmark',
    '',
    `${meta.date} · ${meta.cpu} × ${meta.cores} cores · Node ${meta.node} · load ${meta.load ?? 'unknown'} · packages built from ${meta.source ?? 'unknown'}${meta.full ? ' · full run' : ''}.`,
    '',
    method,
    legend,
  ];
  for (const framework of [...new Set(rows.map((r) => r.framework))]) {
    const mine = rows.filter((r) => r.framework === framework);
    const title = TITLES[framework] ?? framework;
    text.push(
      `\n${title}\n`,
      textTable(
        HEADER,
        mine.map(cells),
        mine.map((r) => r.mode),
      ),
    );
    md.push('', `## ${title}`, '', markdownTable(HEADER, mine.map(cells)));
    const notes = [];
    for (const r of mine) {
      const who = `${contenderOf.get(r.contender).label}, ${modeOf.get(r.mode).label}`;
      if (r.logBytesPerResponse >= 1)
        notes.push(`${who}: the app logged ${int(r.logBytesPerResponse)} bytes per response (sent to /dev/null).`);
      if (r.benchCpu > 0.9) notes.push(`${who}: autocannon used ${fixed(r.benchCpu)} cores; it may be the limit.`);
      if (r.errors > 0) notes.push(`${who}: ${int(r.errors)} socket errors or timeouts.`);
      for (const failure of r.failures) notes.push(`${who}: FAILED ${failure}`);
      if (r.foreignCpu > 0.25)
        notes.push(`${who}: no quiet slice (others used up to ${fixed(r.foreignCpu)} cores); read with care.`);
    }
    if (notes.length > 0) {
      text.push('', ...notes.map((n) => `  · ${n}`));
      md.push('', ...notes.map((n) => `- ${n}`));
    }
  }

  if (coldPath !== undefined) {
    text.push('', formatColdPath(coldPath));
    const raw = coldPath.rows.find((r) => r.id === 'raw').perCore;
    const header = ['RS256 verify', 'per core /s', '× raw', 'wall /s', 'public-key verifies per token'];
    const body = coldPath.rows.map((r) => [
      r.label,
      int(r.perCore),
      times(r.perCore / raw),
      int(r.wall),
      r.verifiesPerToken === undefined ? '' : fixed(r.verifiesPerToken),
    ]);
    md.push(
      '',
      '## Cold path',
      '',
      `${coldPath.tokens.toLocaleString('en-US')} distinct tokens; rates per CPU-second of the process (all threads), wall-clock beside.`,
      '',
      markdownTable(header, body),
    );
  }

  if ((meta.builds?.length ?? 0) > 1) {
    const warning = `Warning: packages/*/dist changed while the bench ran (${meta.builds.join(', ')}); runs measured different code.`;
    text.push('', warning);
    md.push('', `**${warning}**`);
  }

  const checks = checkGoals(rows, coldPath, meta);
  const mark = (c) => (c.counts ? (c.pass ? 'PASS' : 'FAIL') : c.pass ? 'pass' : 'fail');
  text.push('', 'Goals (issues #14, #17, #20). PASS/FAIL count; pass/fail in lower case: informational.');
  for (const c of checks) text.push(`  ${mark(c)}  ${c.scope.padEnd(40)} ${c.text.padEnd(66)} ${c.value}`);
  md.push(
    '',
    '## Goals (issues #14, #17, #20)',
    '',
    '| result | who | goal | measured |',
    '| --- | --- | --- | ---: |',
    ...checks.map((c) => `| ${mark(c)} | ${c.scope} | ${c.text} | ${c.value} |`),
  );
  const failed = checks.filter((c) => c.counts && !c.pass).length;
  text.push(
    '',
    failed === 0
      ? 'All counted goals pass.'
      : `${failed} counted goal(s) fail.${STRICT ? '' : ' (BENCH_STRICT=1 makes that exit 1.)'}`,
  );
  return { text: text.join('\n'), markdown: `${md.join('\n')}\n`, failed };
}

/** Writes bench/results/latest.json: the meta, the cold path, then one line per row. */
export function writeResults(data) {
  const head = JSON.stringify({ meta: data.meta, coldPath: data.coldPath });
  const lines = data.rows.map((row) => JSON.stringify(row)).join(',\n');
  writeFileSync(new URL('latest.json', RESULTS), `${head.slice(0, -1)},\n"rows": [\n${lines}\n]}\n`);
}

/** Prints the report, writes bench/results/latest.md, returns the exit code. */
export function printReport(data) {
  const { text, markdown, failed } = buildReport(data);
  console.log(text);
  writeFileSync(new URL('latest.md', RESULTS), markdown);
  console.log(`\nWrote bench/results/latest.md and latest.json.`);
  return STRICT && failed > 0 ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = printReport(JSON.parse(readFileSync(new URL('latest.json', RESULTS), 'utf8')));
}
