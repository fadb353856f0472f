// Turns the runs into tables (terminal and bench/results/latest.md) and checks the goals of issue #6.
// Run alone (`node bench/report.mjs`) to reprint bench/results/latest.json.
import { readFileSync, writeFileSync } from 'node:fs';
import { formatColdPath } from './cold-path.mjs';
import { STRICT } from './config.mjs';
import { REFERENCE_PEER } from './contenders/index.mjs';
import { fixed, int, markdownTable, textTable, times } from './format.mjs';
import { VALID_MODES, checkGoals } from './goals.mjs';
import { median, percentile } from './stats.mjs';

const RESULTS = new URL('./results/', import.meta.url);

/** [mine, theirs] runs of the rounds both ran, quiet ones when there are any. */
function pairs(mine, theirs, quiet) {
  const paired = (filter) =>
    mine
      .filter(filter)
      .map((run) => [run, theirs.find((t) => t.round === run.round && filter(t))])
      .filter(([, other]) => other !== undefined);
  const calm = paired(quiet);
  return calm.length > 0 ? calm : paired(() => true);
}

const mean = (values) => values.reduce((sum, v) => sum + v, 0) / values.length;

/**
 * Mine ÷ theirs: the ratio of the mean rates over the rounds both ran (quiet ones preferred), and the
 * interquartile range of the per-round ratios. Slices are short, so a single round's ratio is noisy;
 * the mean over many interleaved rounds is not.
 */
function ratioOf(mine, theirs, quiet) {
  const both = pairs(mine, theirs, quiet);
  if (both.length === 0) return { ratio: Number.NaN, range: undefined };
  const ratio = mean(both.map(([m]) => m.rps)) / mean(both.map(([, t]) => t.rps));
  const perRound = both.map(([m, t]) => m.rps / t.rps).sort((a, b) => a - b);
  return {
    ratio,
    range: perRound.length > 3 ? [percentile(perRound, 0.25), percentile(perRound, 0.75)] : undefined,
  };
}

/**
 * One row per framework × mode × contender, medians over rounds. Runs disturbed by other processes
 * (more than meta.maxForeignCores busy) are left out of the figures whenever a quiet run exists.
 */
function aggregate({ meta, runs }) {
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
        const requests = mine.reduce((sum, r) => sum + r.requests, 0);
        // Each process reports what it served over its life (warm-up included) once, on its last slice.
        const served = mine.reduce((sum, r) => sum + (r.served ?? 0), 0);
        const calm = mine.filter(quiet);
        const used = calm.length > 0 ? calm : mine;
        const versusBase = contender.role === 'baseline' ? { ratio: 1, range: undefined } : ratioOf(mine, base, quiet);
        rows.push({
          framework,
          mode,
          contender,
          rps: mean(used.map((r) => r.rps)),
          ratio: versusBase.ratio,
          ratioRange: versusBase.range,
          versusPeer:
            contender.role === 'ours'
              ? ratioOf(mine, ok({ framework, mode: mode.id, contender: REFERENCE_PEER }), quiet).ratio
              : Number.NaN,
          // Server CPU per response (µs): less sensitive than req/s to what else the machine does.
          cpuPerRequest: median(used.map((r) => (r.cpu === undefined ? Number.NaN : (r.cpu.server * 1e6) / r.rps))),
          p50: median(used.map((r) => r.p50)),
          p99: median(used.map((r) => r.p99)),
          quietRounds: calm.length,
          wrong: mine.reduce((sum, r) => sum + r.wrong, 0),
          errors: mine.reduce((sum, r) => sum + r.errors, 0),
          requests,
          logBytesPerResponse: served === 0 ? 0 : mine.reduce((sum, r) => sum + (r.logged?.bytes ?? 0), 0) / served,
          failures: all.filter((r) => r.failed !== undefined).map((r) => `round ${r.round}: ${r.failed}`),
          serverCpu: median(mine.map((r) => r.cpu?.server)),
          benchCpu: median(mine.map((r) => r.cpu?.runner)),
          foreignCpu: Math.max(...used.map((r) => r.cpu?.foreign ?? 0)),
          rounds: mine.length,
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

const HEADER = ['mode', 'contender', 'req/s', '× no-auth', 'range', 'quiet', 'p50 ms', 'p99 ms', 'wrong', 'cpu µs/req'];
const range = (r) => (r.ratioRange === undefined ? '' : `${fixed(r.ratioRange[0])}–${fixed(r.ratioRange[1])}`);
const cells = (row) => [
  row.mode.label,
  row.contender.label,
  int(row.rps),
  times(row.ratio),
  range(row),
  `${row.quietRounds}/${row.rounds}`,
  fixed(row.p50),
  fixed(row.p99),
  wrongCell(row),
  fixed(row.cpuPerRequest, 1),
];

/** Builds the report; returns { text, markdown, failed } (failed = goals that count and fail). */
export function buildReport(data) {
  const { meta, coldPath } = data;
  const rows = aggregate(data);
  const generations = meta.generations ?? 1;
  const processes =
    generations > 1
      ? `the rounds are split among ${generations} generations of server processes (fresh, warmed-up processes for each); within one, every server of a mode stays up and the slices interleave`
      : 'every server of a mode stays up and the slices interleave';
  const text = [
    `${meta.rounds} round(s) of one ${meta.duration}-s slice per contender, ${meta.connections} connections; ${processes}.`,
    'req/s: mean over the quiet slices; × no-auth and ÷ peer: ratio of the mean rates over the rounds where both slices were quiet (range: interquartile',
    'range of the per-round ratios); p50, p99, cpu µs/req (server CPU per response): medians over the quiet slices; quiet: slices in which other processes',
    'used ≤ 0.25 cores (all are used when none was); wrong: responses with another status than the one due, all slices.',
  ];
  const md = [
    '# access-guard benchmark',
    '',
    `${meta.date} · ${meta.cpu} × ${meta.cores} cores · Node ${meta.node} · ${meta.rounds} round(s) of one ${meta.duration}-s slice per contender (each server warmed up ${meta.warmup} s first), ${meta.connections} connections · packages built from ${meta.source ?? 'unknown'}.`,
    `${generations > 1 ? `The rounds of a mode are split among ${generations} generations of server processes, each started and warmed up afresh; within a generation, all` : 'All'} servers of a mode stay up while their slices interleave, in an order that rotates each round. req/s is the mean over the quiet slices (other processes used ≤ 0.25 cores; every slice when none was quiet); × no-auth and ours ÷ peer are ratios of the mean rates over the rounds where both slices were quiet (range: interquartile range of the per-round ratios). p50, p99 and cpu µs/req (server CPU, all its threads, per response) are medians over the quiet slices. wrong = responses whose status was not the one due, over all slices.`,
  ];
  for (const framework of [...new Set(rows.map((r) => r.framework))]) {
    const mine = rows.filter((r) => r.framework === framework);
    const title = framework === 'express' ? 'Express 5' : 'Koa 3';
    text.push(
      `\n${title}\n`,
      textTable(
        HEADER,
        mine.map(cells),
        mine.map((r) => r.mode.id),
      ),
    );
    md.push('', `## ${title}`, '', markdownTable(HEADER, mine.map(cells)));

    const versus = mine.filter(
      (r) => r.contender.role === 'ours' && VALID_MODES.includes(r.mode.id) && Number.isFinite(r.versusPeer),
    );
    if (versus.length > 0) {
      const peer = data.meta.contenders.find((c) => c.id === REFERENCE_PEER)?.label ?? REFERENCE_PEER;
      const header = ['mode', 'contender', `÷ ${peer}`];
      const body = versus.map((r) => [r.mode.label, r.contender.label, times(r.versusPeer)]);
      text.push(
        `\nOurs ÷ ${peer} (ratio of the mean rates over the same rounds, quiet ones preferred)\n`,
        textTable(header, body),
      );
      md.push('', `### Ours ÷ ${peer}`, '', markdownTable(header, body));
    }
    const notes = [];
    for (const r of mine) {
      if (r.logBytesPerResponse >= 1)
        notes.push(
          `${r.contender.label}, ${r.mode.label}: the app logged ${int(r.logBytesPerResponse)} bytes per response (Express's final handler console.error()s each next(err) in production; sent to /dev/null).`,
        );
      if (r.benchCpu > 0.9)
        notes.push(
          `${r.contender.label}, ${r.mode.label}: autocannon used ${fixed(r.benchCpu)} cores: the load generator, not the server, may be the limit.`,
        );
      if (r.errors > 0)
        notes.push(`${r.contender.label}, ${r.mode.label}: ${int(r.errors)} socket errors or timeouts.`);
      for (const failure of r.failures) notes.push(`${r.contender.label}, ${r.mode.label}: FAILED ${failure}`);
    }
    const noisy = mine.filter((r) => r.foreignCpu > 0.25);
    if (noisy.length > 0) {
      notes.push(
        `No quiet slice (other processes used up to ${fixed(Math.max(...noisy.map((r) => r.foreignCpu)))} cores even after retries), so the figures include disturbed slices, for: ${noisy.map((r) => `${r.contender.label} / ${r.mode.label}`).join('; ')}. Read those rows with care.`,
      );
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

  const builds = [...new Set(data.runs.map((r) => r.dist).filter((d) => d !== undefined))];
  if (builds.length > 1) {
    const warning = `Warning: packages/*/dist changed while the bench ran (${builds.length} builds: ${builds.join(', ')}); runs measured different code.`;
    text.push('', warning);
    md.push('', `**${warning}**`);
  }

  const checks = checkGoals(rows, coldPath);
  const mark = (c) => (c.counts ? (c.pass ? 'PASS' : 'FAIL') : c.pass ? 'pass' : 'fail');
  text.push(
    '',
    "Goals (issue #6). PASS/FAIL count: the default Express middleware (errors: 'respond' for the 401 and 403 goals) and the cold path's verify count; pass/fail in lower case: informational.",
  );
  for (const c of checks) text.push(`  ${mark(c)}  ${c.scope.padEnd(46)} ${c.text.padEnd(62)} ${c.value}`);
  md.push(
    '',
    '## Goals (issue #6)',
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
