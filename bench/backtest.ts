// Portfolio-simulation benchmarks: `npm run bench:backtest` (`--quick` for a smoke run).
// Seeded GBM prices (gaps, late listings) on 2520 x 1000 and 10,000 x 100 business days,
// seeded long/short targets, weekly rebalancing (Mondays) with fees. For each shape:
//   - the full kernel (fees + slippage, band, cash rate, borrow fee, exposure, turnover,
//     held weights, contributions) through the memory layer, wasm vs TS twin;
//   - `backtest()` end to end (validation, schedule, result and trades scan), wasm vs twin.
// (The grid's own simulation, simulateStats, is timed by bench/kernels.ts and bench/grid.ts.)
// Parity checks run before any timing. Each function gets benchmark.js' median and the best
// of BEST_RUNS plain runs; the targets are judged on the best run (timeit's convention: the
// machine is shared, and contention only ever adds time). Prints a table and writes
// bench/results/backtest.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { Panel, backtest, type BacktestOptions } from '../src/index.js';
import { BACKTEST_DEFAULTS } from '../src/backtest/options.js';
import { engine } from '../src/engine/wasm.js';
import { twin } from '../src/twin/index.js';
import type { Kernels } from '../src/engine/kernels.js';
import { runSimulation, type SimulationParams } from '../src/kernels/simulate.js';
import { scheduleRows } from '../src/backtest/schedule.js';
import { cashRatesPerBar, perBarRate } from '../src/backtest/rates.js';
import { gbm, mulberry32, toPanel } from './data.js';
import { FULL_POLICY, QUICK_POLICY, once, timeIt, type Timing } from './timing.js';

const quick = process.argv.includes('--quick');
const policy = quick ? QUICK_POLICY : FULL_POLICY;
const log = (s: string): void => console.log(s);
const BEST_RUNS = quick ? 5 : 25;

/** benchmark.js timing plus the best of BEST_RUNS plain runs. */
interface Measure extends Timing {
  bestMs: number;
}

function measure(name: string, fn: () => void): Measure {
  const t = timeIt(name, fn, policy);
  let best = Infinity;
  for (let i = 0; i < BEST_RUNS; i++) best = Math.min(best, once(fn));
  return { ...t, bestMs: best };
}

const TARGET = { fullCellsPerSec: 100e6, twinRatio: 2 } as const;

/** The bench's strategy settings (one place): weekly on Mondays, 10 bps + 5 bps slippage. */
const SETTINGS = { weekday: 1, feesBps: 10, slippageBps: 5, band: 0.02, cashRate: 0.03, borrowRate: 0.01, ppy: 252 } as const;

interface Dataset {
  name: string;
  T: number;
  N: number;
  prices: Panel;
  weights: Panel;
  flags: Uint8Array;
}

/**
 * Seeded long/short targets: each asset gets a target in [-1.5/N, 2.5/N] that changes with
 * probability 0.3 at each Monday, 0 while the asset has no price (so every target is
 * tradable with lag 1).
 */
function dataset(T: number, N: number, seed: number): Dataset {
  const g = gbm({ nRows: T, nCols: N, seed });
  const prices = toPanel(g.prices, T, N);
  const flags = scheduleRows('bench', prices, { every: 'week', weekday: SETTINGS.weekday });
  const u = mulberry32(seed + 1);
  const w = new Float64Array(T * N);
  for (let j = 0; j < N; j++) {
    let target = 0;
    for (let t = 0; t < T; t++) {
      if (flags[t] && u() < 0.3) target = (-1.5 + 4 * u()) / N;
      w[t * N + j] = g.prices[t * N + j] === g.prices[t * N + j] ? target : 0;
    }
  }
  return { name: `${T}x${N}`, T, N, prices, weights: toPanel(w, T, N), flags };
}

function params(): SimulationParams {
  return {
    lag: 1,
    feeRate: (SETTINGS.feesBps + SETTINGS.slippageBps) / 1e4,
    fixedFee: 0,
    initialCapital: 1,
    band: SETTINGS.band,
    bandRel: Infinity,
    minTrade: BACKTEST_DEFAULTS.minTrade,
    borrowRate: perBarRate(SETTINGS.borrowRate, SETTINGS.ppy),
    leverage: 1,
    maxGross: Infinity,
  };
}

function runFull(k: Kernels, d: Dataset, rates: Float64Array): Float64Array {
  const out = runSimulation(k, d.prices, d.weights, d.flags, rates, null, params());
  out.held.free();
  out.contribution.free();
  out.preTrade.free();
  return out.returns;
}

function backtestOptions(backend: 'wasm' | 'js'): BacktestOptions {
  return {
    rebalance: { every: 'week', weekday: SETTINGS.weekday }, feesBps: SETTINGS.feesBps, slippageBps: SETTINGS.slippageBps,
    band: SETTINGS.band, cashRate: SETTINGS.cashRate, borrowRate: SETTINGS.borrowRate, periodsPerYear: SETTINGS.ppy, backend,
  };
}

function runBacktest(backend: 'wasm' | 'js', d: Dataset): Float64Array {
  const r = backtest(d.prices, d.weights, backtestOptions(backend));
  r.weights.free();
  r.contribution.free();
  return r.returns;
}

function maxAbsDiff(a: Float64Array, b: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const x = Math.abs(a[i] - b[i]);
    if (!(x <= m)) m = x;
  }
  return m;
}

interface Row {
  path: string;
  shape: string;
  cells: number;
  wasm: Measure;
  twin: Measure;
  wasmCellsPerSec: number;
  twinCellsPerSec: number;
  speedup: number;
  numbaMs: number | null;
  targets: { name: string; pass: boolean }[];
}

/** Cells per second and speedup from the best runs. */
function row(path: string, d: Dataset, wasm: Measure, tw: Measure, targets: (r: Row) => Row['targets']): Row {
  const cells = d.T * d.N;
  const r: Row = {
    path, shape: d.name, cells, wasm, twin: tw,
    wasmCellsPerSec: cells / (wasm.bestMs / 1000), twinCellsPerSec: cells / (tw.bestMs / 1000), speedup: tw.bestMs / wasm.bestMs,
    numbaMs: null, targets: [],
  };
  r.targets = targets(r);
  return r;
}

function main(): void {
  const shapes: [number, number][] = quick ? [[504, 200], [2000, 50]] : [[2520, 1000], [10000, 100]];
  const rows: Row[] = [];
  const parity: Record<string, number>[] = [];
  for (const [T, N] of shapes) {
    const d = dataset(T, N, 2024 + N);
    const rates = cashRatesPerBar('bench', SETTINGS.cashRate, T, SETTINGS.ppy);
    // Parity first: wasm vs twin (full, backtest), and backtest vs the kernel.
    const fw = runFull(engine(), d, rates);
    const ft = runFull(twin, d, rates);
    const bw = runBacktest('wasm', d);
    const bt = runBacktest('js', d);
    const p = {
      fullWasmVsTwin: maxAbsDiff(fw, ft), backtestWasmVsTwin: maxAbsDiff(bw, bt), backtestVsKernel: maxAbsDiff(bw, fw),
    };
    parity.push({ T, N, ...p });
    log(`parity ${d.name}: ${Object.entries(p).map(([k, v]) => `${k} ${v.toExponential(1)}`).join(', ')}`);
    // The project's contract: backends agree to 1e-12 (these are bit-identical by design).
    const bad = Object.entries(p).filter(([, v]) => !(v <= 1e-12));
    if (bad.length) throw new Error(`parity failed on ${d.name}: ${bad.map(([k, v]) => `${k} = ${v}`).join(', ')}`);

    const fullW = measure(`full ${d.name} wasm`, () => void runFull(engine(), d, rates));
    const fullT = measure(`full ${d.name} twin`, () => void runFull(twin, d, rates));
    rows.push(row('full kernel', d, fullW, fullT, (r) => [
      { name: `wasm >= ${TARGET.fullCellsPerSec / 1e6}M cells/s`, pass: r.wasmCellsPerSec >= TARGET.fullCellsPerSec },
      { name: `wasm >= ${TARGET.twinRatio}x twin`, pass: r.speedup >= TARGET.twinRatio },
    ]));
    const btW = measure(`backtest ${d.name} wasm`, () => void runBacktest('wasm', d));
    const btT = measure(`backtest ${d.name} twin`, () => void runBacktest('js', d));
    rows.push(row('backtest()', d, btW, btT, () => []));
    d.prices.free();
    d.weights.free();
  }
  const header = ['path', 'shape', 'wasm median', 'twin median', 'wasm best', 'twin best', 'wasm Mcells/s', 'twin Mcells/s', 'twin/wasm', 'numba ms', 'targets (best runs)'];
  const lines = rows.map((r) => [
    r.path, r.shape, r.wasm.ms.toFixed(2), r.twin.ms.toFixed(2), r.wasm.bestMs.toFixed(2), r.twin.bestMs.toFixed(2),
    (r.wasmCellsPerSec / 1e6).toFixed(0), (r.twinCellsPerSec / 1e6).toFixed(0),
    `${r.speedup.toFixed(2)}x`, r.numbaMs === null ? '-' : r.numbaMs.toFixed(1),
    r.targets.map((t) => `${t.pass ? 'ok' : 'MISS'} ${t.name}`).join('; ') || '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells: string[]): string => cells.map((c, i) => (i < 2 || i === 10 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  log('\ntimes in ms; cells/s and ratios from the best runs');
  log(fmt(header));
  log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) log(fmt(l));
  const env = { node: process.version, cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, loadavg: loadavg(), quick, date: new Date().toISOString() };
  log(`\n${env.node}, ${env.cpu} x ${env.cores}, load ${env.loadavg.map((x) => x.toFixed(1)).join(' ')}`);
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  const file = new URL(`./results/backtest${quick ? '.quick' : ''}.json`, import.meta.url);
  writeFileSync(file, `${JSON.stringify({ env, settings: SETTINGS, targets: TARGET, parity, rows }, null, 2)}\n`);
  log(`wrote ${file.pathname}`);
}

main();
