// Kernel benchmarks: `npm run bench` (builds the wasm first) or `npx tsx bench/kernels.ts`.
//   --filter <substring>  only the kernels whose name contains it ("copy", "arrow" for those rows)
//   --quick               fewer, shorter samples (a smoke run)
//   --filter race         only the numba race: copy, ewmMean and pctChange on the big panel,
//                         alternating in one process, best and median of 60 rounds
// For every kernel: a parity check (wasm vs TS twin, naive vs twin), then the wasm kernel
// and its twin through the public API on the same Panel, and a naive JS baseline on plain
// arrays; the memory-copy floor and the Arrow <-> Panel conversions; one table, and
// bench/results/kernels.json (kernels.filtered.json for a --filter run, kernels.quick.json for
// --quick: both ignored by git, so smoke runs never rewrite the tracked results).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { Command } from 'commander';
import { Panel, ewmMean, pctChange } from '../src/index.js';
import { engine } from '../src/engine/wasm.js';
import { BENCH_PARAMS, Datasets, FULL_SHAPES, NUMBA_MS, buildCases, checkParity, type KernelCase } from './cases.js';
import { formatParity, formatRows, judge, table, type Row } from './report.js';
import { FULL_POLICY, QUICK_POLICY, once, timeIt, type Timing, type TimingPolicy } from './timing.js';

interface Options {
  filter?: string;
  quick: boolean;
}

/** Naive baselines slower than this for one call (ms) are not timed ("-"). */
const NAIVE_LIMIT_MS = { full: 4000, quick: 1500 } as const;

const log = (s: string): void => console.log(s);

function matches(filter: string | undefined, name: string): boolean {
  return filter === undefined || name.toLowerCase().includes(filter.toLowerCase());
}

/** Times one case: parity first, then wasm, twin and (when fast enough) naive. */
function runCase(c: KernelCase, policy: TimingPolicy, naiveLimitMs: number, copyMs: number | null): Row {
  const row: Row = {
    kernel: c.kernel, params: c.params, shape: c.shape, cells: c.cells, wasm: null, twin: null, naive: null,
    notes: [], speedup: null, numbaMs: c.numbaMs ?? null, parity: null, targets: [],
  };
  const p = c.prepare();
  const label = `${c.kernel} ${c.params} ${c.shape}`;
  row.parity = checkParity(p);
  log(formatParity(label, row.parity));
  row.wasm = timeIt(`${label} wasm`, () => p.run('wasm').free(), policy);
  row.twin = timeIt(`${label} twin`, () => p.run('js').free(), policy);
  if (row.parity.naiveMs > naiveLimitMs) {
    row.notes.push(`naive not timed: one call took ${(row.parity.naiveMs / 1000).toFixed(1)} s (limit ${naiveLimitMs / 1000} s)`);
  } else {
    let sink: unknown = null;
    row.naive = timeIt(`${label} naive`, () => { sink = p.naive(); }, policy, row.parity.naiveMs);
    if (sink === null) throw new Error('naive baseline produced nothing');
  }
  row.speedup = row.twin.ms / row.wasm.ms;
  row.targets = judge(c.targets, row, copyMs);
  log(`  wasm ${row.wasm.ms.toFixed(3)} ms, twin ${row.twin.ms.toFixed(3)} ms, naive ${row.naive ? `${row.naive.ms.toFixed(1)} ms` : '-'}`);
  return row;
}

/** The memory-bandwidth floor: copying the big panel's bytes inside wasm memory. */
function copyFloor(data: Datasets, policy: TimingPolicy): { row: Row; copyMs: number } {
  const src = data.panel('big', 'prices');
  const dst = src.like();
  const bytes = src.size * 8;
  try {
    const memcpy = timeIt('memory.copy', () => engine().copyBytes(src.ptr, dst.ptr, bytes), policy);
    const set = timeIt('Float64Array.set', () => dst.values.set(src.values), policy);
    const row: Row = {
      kernel: 'copy', params: `${(bytes / 1e6).toFixed(1)} MB`, shape: `${src.nRows} x ${src.nCols}`, cells: src.size,
      wasm: memcpy, twin: set, naive: null, speedup: set.ms / memcpy.ms, numbaMs: NUMBA_MS.copy, parity: null, targets: [],
      notes: ['the memory floor: wasm ms = memory.copy (copyBytes export), twin ms = Float64Array.prototype.set'],
    };
    log(`copy ${row.params}: memory.copy ${memcpy.ms.toFixed(3)} ms, Float64Array.set ${set.ms.toFixed(3)} ms`);
    return { row, copyMs: memcpy.ms };
  } finally {
    dst.free();
  }
}

interface ArrowTimings {
  shape: string;
  tableToPanel: Timing;
  panelToTable: Timing;
}

/** Arrow Table (one Float64 column per asset, plus dates) -> Panel and back. */
function arrowConversions(data: Datasets, policy: TimingPolicy): ArrowTimings {
  const panel = data.panel('big', 'prices');
  const t = panel.toArrow();
  const tableToPanel = timeIt('Table -> Panel', () => Panel.fromArrow(t).free(), policy);
  const panelToTable = timeIt('Panel -> Table', () => panel.toArrow(), policy);
  return { shape: `${panel.nRows} x ${panel.nCols}`, tableToPanel, panelToTable };
}

/** One contender of the numba race: a call on the big panel, and the numba figure it is held against. */
interface RaceEntry {
  name: string;
  numbaMs: number;
  run: () => void;
}

interface RaceResult {
  name: string;
  bestMs: number;
  medianMs: number;
  numbaMs: number;
}

/**
 * The kernels that have a numba figure, raced in ONE process on the big panel: every round
 * calls each contender once, in turn (alternating, so a noisy neighbour hits all of them
 * alike), and each keeps its best and median of `rounds` calls. A plain 20 MB copy of the
 * same bytes (memory.copy) runs in the same rounds as the floor. numba's figures come
 * from a different process on the same machine kind (PERF_NOTES.md): compare the ratios.
 */
function numbaRace(data: Datasets, rounds: number): RaceResult[] {
  const x = data.panel('big', 'prices');
  const dst = x.like();
  const bytes = x.size * 8;
  const entries: RaceEntry[] = [
    { name: 'copy 20 MB (memory.copy)', numbaMs: NUMBA_MS.copy, run: () => engine().copyBytes(x.ptr, dst.ptr, bytes) },
    { name: `ewmMean span ${BENCH_PARAMS.span}`, numbaMs: NUMBA_MS.ewmMean, run: () => ewmMean(x, { span: BENCH_PARAMS.span }).free() },
    { name: `pctChange periods ${BENCH_PARAMS.periods}`, numbaMs: NUMBA_MS.pctChange, run: () => pctChange(x, BENCH_PARAMS.periods).free() },
  ];
  const times = entries.map(() => [] as number[]);
  try {
    for (const e of entries) e.run(); // warm-up
    for (let r = 0; r < rounds; r++) {
      entries.forEach((e, i) => times[i].push(once(e.run)));
    }
  } finally {
    dst.free();
  }
  return entries.map((e, i) => {
    const sorted = [...times[i]].sort((a, b) => a - b);
    return { name: e.name, bestMs: sorted[0], medianMs: sorted[sorted.length >> 1], numbaMs: e.numbaMs };
  });
}

function formatRace(race: readonly RaceResult[], rounds: number): string {
  const copy = race[0].bestMs;
  return `numba race, 2520 x 1000 time-major, ${rounds} alternating rounds in one process (best and median per call):\n` + table(
    ['call', 'best ms', 'median ms', 'numba ms', 'best / numba', 'best / copy'],
    race.map((r) => [r.name, r.bestMs.toFixed(3), r.medianMs.toFixed(3), r.numbaMs.toFixed(2), `${(r.bestMs / r.numbaMs).toFixed(2)}x`, `${(r.bestMs / copy).toFixed(2)}x`]),
    [1, 2, 3, 4, 5],
  );
}

export function main(argv: string[]): void {
  const opts = new Command()
    .name('bench/kernels.ts')
    .option('--filter <substring>', 'only kernels whose name contains this ("copy", "arrow" select those rows)')
    .option('--quick', 'fewer, shorter samples (smoke run)', false)
    .parse(argv)
    .opts<Options>();
  const policy = opts.quick ? QUICK_POLICY : FULL_POLICY;
  const naiveLimit = opts.quick ? NAIVE_LIMIT_MS.quick : NAIVE_LIMIT_MS.full;
  const started = performance.now();
  log(`xmom kernel bench: node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} x ${cpus().length}, ` +
    `load ${loadavg().map((l) => l.toFixed(2)).join(' ')}${opts.quick ? ', --quick' : ''}${opts.filter ? `, --filter ${opts.filter}` : ''}`);
  log(`params: ${JSON.stringify(BENCH_PARAMS)}; times are medians of benchmark.js samples (slow calls: of ${policy.slowRuns} runs)`);

  const data = new Datasets(FULL_SHAPES);
  const cases = buildCases(data).filter((c) => matches(opts.filter, c.kernel));
  const rows: Row[] = [];
  let copyMs: number | null = null;
  if (matches(opts.filter, 'copy') || cases.some((c) => c.targets.includes('copy3x'))) {
    const floor = copyFloor(data, policy);
    copyMs = floor.copyMs;
    if (matches(opts.filter, 'copy')) rows.push(floor.row);
  }
  for (const c of cases) rows.push(runCase(c, policy, naiveLimit, copyMs));
  const arrow = matches(opts.filter, 'arrow') ? arrowConversions(data, policy) : null;
  const raceRounds = opts.quick ? 10 : 60;
  const race = ['race', 'ewmMean', 'pctChange', 'copy'].some((k) => matches(opts.filter, k)) ? numbaRace(data, raceRounds) : null;
  data.dispose();

  log('');
  log(formatRows(rows));
  if (arrow) {
    log('');
    log(table(['Arrow conversion', 'shape (T x N)', 'ms'], [
      ['Table (Float64 columns + dates) -> Panel', arrow.shape, arrow.tableToPanel.ms.toFixed(2)],
      ['Panel -> Table', arrow.shape, arrow.panelToTable.ms.toFixed(2)],
    ], [2]));
  }
  if (race) {
    log('');
    log(formatRace(race, raceRounds));
  }
  const parityFailures = rows.filter((r) => r.parity && !r.parity.twin.ok);
  if (parityFailures.length) log(`\nparity FAIL: ${parityFailures.map((r) => `${r.kernel} ${r.shape}`).join(', ')}`);
  const seconds = (performance.now() - started) / 1000;
  log(`\ntotal ${seconds.toFixed(0)} s`);

  const dir = new URL('./results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL(opts.filter ? 'kernels.filtered.json' : opts.quick ? 'kernels.quick.json' : 'kernels.json', dir);
  const meta = {
    date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model ?? null, cores: cpus().length,
    loadavg: loadavg(), quick: opts.quick, filter: opts.filter ?? null, seconds, params: BENCH_PARAMS, numbaMs: NUMBA_MS,
  };
  writeFileSync(file, `${JSON.stringify({ meta, rows, arrow, race }, null, 2)}\n`);
  log(`results written to ${file.pathname}`);
  if (parityFailures.length) process.exitCode = 1;
}

main(process.argv);
