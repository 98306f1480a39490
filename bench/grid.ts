// Parameter-grid benchmarks: `npm run bench:grid` (`-- --quick` for a smoke run).
// Data: fixtures/crypto12.arrow (2557 days x 12 coins), or a seeded GBM panel when the
// fixture is missing. Grids (dual momentum):
//   G130  lookback 20..260 step 20 x topN 1..5 x {weekly, monthly}                       130 points
//   G10k  lookback 5..400 step 5 x topN 1..5 x 5 schedules x fees {0,5,10,20,50} bps    10,000 points
//   G100k lookback 1..400 x topN 1..5 x 5 schedules x 10 fee levels                    100,000 points
//   G1k   a seeded sample of 1,000 points of G100k
//   G65   lookback 20..260 step 20 x topN 1..5, weekly (Monday)                           65 points
//         the numba anchor's grid, like for like (shared/PERF_NOTES.md: 9.3-10.8 ms, one thread)
// Steps:
//   1. bundle bench/gridCold.ts and the grid worker with esbuild into build/grid/ (no
//      TypeScript compiled at start-up, as an installed package would run);
//   2. parity before timing: workers 0 and 2 give the same table, and points agree with
//      strategy + backtest + metrics through the public API;
//   3. throughput (compute phase, workers ready): G130 and G10k with 0 (main thread), 1, 2 workers;
//   4. G10k end to end from a cold process (spawn node, load data, run, write results):
//      wall time, target <= 3 s on 2 cores;
//   5. peak memory (VmHWM of the cold process, workers included: they are threads) for
//      G1k and G100k, target within 10% of each other: the grid run (load + run), and
//      separately the writing of the result files (VmHWM reset in between).
//   6. like for like: G65 on the main thread (workers: 0) in this process, warm, best and
//      median of repeated runs, next to numba's 9.3-10.8 ms; then G65 on seeded GBM panels of
//      2520 rows x 12, 100 and 500 assets: ms per point per asset (linear scaling keeps it flat).
// Prints a table and writes bench/results/grid.json. Timings depend on the machine's
// load (the load average is recorded): the numbers are this run's, not constants.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { Panel, backtest, dualMomentum, expandGrid, grid, metrics } from '../src/index.js';
import { gbm, toPanel } from './data.js';
import { G65, NUMBA_G65_MS, TARGET_G65_MS, likeForLike } from './gridG65.js';

const quick = process.argv.includes('--quick');
const root = fileURLToPath(new URL('..', import.meta.url));
const log = (s: string): void => console.log(s);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const GRIDS = {
  G130: 'strategy=dualMomentum lookback=20:260:20 topN=1..5 rebalance=weekly,monthly',
  G10k: 'strategy=dualMomentum lookback=5:400:5 topN=1..5 rebalance=daily,weekly,weekly-fri,monthly-first,monthly feesBps=0,5,10,20,50',
  G100k: 'strategy=dualMomentum lookback=1:400:1 topN=1..5 rebalance=daily,weekly,weekly-fri,monthly-first,monthly feesBps=0,2,5,10,15,20,30,40,50,100',
} as const;
const G1k = `${GRIDS.G100k} sample=1000 seed=1`;
/** --quick: a 20,000-point grid instead of 100,000 for the memory comparison. */
const GBIG = quick ? `${GRIDS.G100k} sample=20000 seed=2` : GRIDS.G100k;
const TARGET = { coldMs: 3000, speedup2: 1.8, memoryRatio: 1.1 } as const;
/** numba, single thread, from shared/PERF_NOTES.md: dual-momentum grid ~7,000 backtests/s plus ~2 s compile. */
const NUMBA_BACKTESTS_PER_SEC = 7000;

// ---- data -------------------------------------------------------------------------
const tmp = mkdtempSync(join(tmpdir(), 'xmom-bench-grid-'));
let dataFile = join(root, 'fixtures', 'crypto12.arrow');
let dataName = 'fixtures/crypto12.arrow';
if (!existsSync(dataFile)) {
  const g = gbm({ nRows: 2520, nCols: 12, seed: 20180101 });
  const p = toPanel(g.prices, 2520, 12);
  dataFile = join(tmp, 'gbm.arrow');
  dataName = 'seeded GBM 2520 x 12';
  writeFileSync(dataFile, tableToIPC(p.toArrow(), 'file'));
  p.free();
}
const prices = Panel.fromArrow(tableFromIPC(readFileSync(dataFile)));
log(`data: ${dataName}, ${prices.nRows} rows x ${prices.nCols} assets; ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
const loadStart = loadavg();

// ---- 1. bundle --------------------------------------------------------------------
const esbuild = join(root, 'node_modules', '.bin', 'esbuild');
if (!existsSync(esbuild)) throw new Error('bench:grid needs node_modules/.bin/esbuild (installed with tsx)');
const outdir = join(root, 'build', 'grid');
const tBuild = performance.now();
execFileSync(esbuild, [
  join(root, 'bench', 'gridCold.ts'), join(root, 'src', 'grid', 'worker.ts'),
  '--bundle', '--splitting', '--platform=node', '--format=esm', `--outdir=${outdir}`, '--entry-names=[name]',
  '--chunk-names=chunks/[name]-[hash]', '--out-extension:.js=.mjs', '--external:vega', '--external:vega-lite',
  '--external:parquet-wasm', '--log-level=warning',
], { stdio: 'inherit' });
const buildMs = performance.now() - tBuild;
const bundle = join(outdir, 'gridCold.mjs');
log(`bundled build/grid/gridCold.mjs + worker.mjs with esbuild in ${buildMs.toFixed(0)} ms`);

interface ColdRun {
  wallMs: number;
  points: number;
  completed: number;
  failed: number;
  uptimeMs: number;
  writeMs: number;
  /** VmHWM of the data load + grid phase, and of the write phase alone. */
  vmHwmKb: number;
  writePeakKb: number;
  gridPeakSampledKb: number;
  peakRssSampledKb: number;
  stats: { computeMs: number; startupMs: number; backtestsPerSecond: number; elapsedMs: number; workersStarted: number };
}

/** Runs the bundled grid script in a fresh `node` process; wall time measured from here. */
function cold(spec: string, workers: number, extra: string[] = []): Promise<ColdRun> {
  const out = mkdtempSync(join(tmp, 'run-'));
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [bundle, dataFile, out, String(workers), ...extra, ...spec.split(' ')], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (b: Buffer) => (text += b.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const wallMs = performance.now() - t0;
      rmSync(out, { recursive: true, force: true });
      if (code !== 0) return reject(new Error(`grid cold run exited with ${code}: ${text}`));
      resolve({ wallMs, ...JSON.parse(text.trim().split('\n').pop()!) });
    });
  });
}

// ---- 2. parity --------------------------------------------------------------------
{
  const a = await grid(GRIDS.G130, prices, { workers: 0, progress: false });
  const b = await grid(GRIDS.G130, prices, { workers: 2, progress: false });
  const names = ['sharpe', 'cagr', 'annualVolatility', 'maxDrawdown', 'calmar', 'sortino', 'turnover', 'totalReturn'];
  for (const n of names) {
    const x = a.table.getChild(n)!.toArray() as Float64Array;
    const y = b.table.getChild(n)!.toArray() as Float64Array;
    x.forEach((v, i) => {
      if (!Object.is(v, y[i])) throw new Error(`parity: ${n} of point ${i}: workers 0 ${v}, workers 2 ${y[i]}`);
    });
  }
  const g = expandGrid(GRIDS.G130);
  for (const i of [0, 57, 129]) {
    const p = g.params(i);
    const w = dualMomentum(prices, { lookback: p.lookback as number, topN: p.topN as number });
    const r = backtest(prices, w, { rebalance: p.rebalance === 'weekly' ? { every: 'week', weekday: 1 } : 'monthly-last' });
    const m = metrics(r.returns, { periodsPerYear: r.periodsPerYear, turnover: r.turnover });
    w.free();
    r.weights.free();
    r.contribution.free();
    for (const n of names) {
      const v = a.table.getChild(n)!.get(i) as number;
      const want = (m as unknown as Record<string, number>)[n];
      if (!Object.is(v, want)) throw new Error(`parity: ${n} of point ${i}: grid ${v}, public API ${want}`);
    }
  }
  log('parity: workers 0 = workers 2 (130 points, bit for bit) = strategy + backtest + metrics (3 points, bit for bit)');
}

// ---- 3. throughput ------------------------------------------------------------------
interface Rate { grid: string; workers: number; points: number; computeMs: number; perSec: number }
const rates: Rate[] = [];
const repeats = quick ? 1 : 3;
for (const [name, spec] of [['G130', GRIDS.G130], ['G10k', GRIDS.G10k]] as const) {
  for (const workers of [0, 1, 2]) {
    const runs: ColdRun[] = [];
    for (let k = 0; k < repeats; k++) runs.push(await cold(spec, workers));
    const best = runs.reduce((x, y) => (y.stats.computeMs < x.stats.computeMs ? y : x));
    rates.push({ grid: name, workers, points: best.completed, computeMs: best.stats.computeMs, perSec: best.stats.backtestsPerSecond });
  }
}
const rateOf = (g: string, w: number): number => rates.find((r) => r.grid === g && r.workers === w)!.perSec;
const speedup2 = rateOf('G10k', 2) / rateOf('G10k', 1);

// ---- 4. cold end to end -------------------------------------------------------------
const coldRuns: ColdRun[] = [];
for (let k = 0; k < (quick ? 1 : 3); k++) coldRuns.push(await cold(GRIDS.G10k, 2));
const coldWall = coldRuns.map((r) => r.wallMs);

// ---- 5. memory ----------------------------------------------------------------------
const mem1k = await cold(G1k, 2);
const memBig = await cold(GBIG, 2);
const memoryRatio = memBig.vmHwmKb / mem1k.vmHwmKb;
const peakAll = (r: ColdRun): number => Math.max(r.vmHwmKb, r.writePeakKb);
const memoryRatioWithWrite = peakAll(memBig) / peakAll(mem1k);

// ---- 6. streamed writing: the big grid with and without result files -----------------
const bigRuns: { write: ColdRun[]; none: ColdRun[] } = { write: [], none: [] };
for (let k = 0; k < (quick ? 1 : 2); k++) {
  bigRuns.none.push(await cold(GBIG, 2, ['--no-write']));
  bigRuns.write.push(await cold(GBIG, 2));
}
const bestWall = (xs: ColdRun[]): number => Math.min(...xs.map((r) => r.wallMs));
const writeOverhead = bestWall(bigRuns.write) / bestWall(bigRuns.none) - 1;

// ---- 7. like for like -------------------------------------------------------------
const { like, scaling } = await likeForLike(prices, quick);
const loadEnd = loadavg();

// ---- report -------------------------------------------------------------------------
const fmt = (x: number, d = 0): string => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const rows: string[][] = [['measure', 'value', 'target / reference']];
for (const r of rates) {
  rows.push([`${r.grid} (${fmt(r.points)} pts), ${r.workers === 0 ? 'main thread' : `${r.workers} worker${r.workers > 1 ? 's' : ''}`}`, `${fmt(r.perSec)} backtests/s (${fmt(r.computeMs, 1)} ms)`, r.workers === 0 ? `numba 1 thread ~${fmt(NUMBA_BACKTESTS_PER_SEC)}/s` : '']);
}
rows.push([`G65 like for like (${dataName}), main thread, warm: best / median`, `${fmt(like.bestMs, 1)} / ${fmt(like.medianMs, 1)} ms`, `numba 1 thread ${NUMBA_G65_MS} ms; target <= ${TARGET_G65_MS} ms`]);
for (const r of scaling) {
  rows.push([`G65 on GBM 2520 x ${r.assets}, main thread: best / median`, `${fmt(r.bestMs, 1)} / ${fmt(r.medianMs, 1)} ms (${(r.msPerPointAsset * 1000).toFixed(2)} us per point per asset)`, r.assets === 12 ? 'linear: flat per point per asset' : `x${(r.msPerPointAsset / scaling[0].msPerPointAsset).toFixed(2)} of 12 assets`]);
}
rows.push(['G10k speed-up, 2 workers vs 1', `${speedup2.toFixed(2)}x`, `>= ${TARGET.speedup2}x`]);
rows.push(['G10k cold process, 2 workers: wall (median / min)', `${fmt(median(coldWall))} / ${fmt(Math.min(...coldWall))} ms`, `<= ${fmt(TARGET.coldMs)} ms (numba: ~2 s compile alone)`]);
const c0 = coldRuns[0];
rows.push(['  of which: start-up + data load', `${fmt(c0.uptimeMs - c0.stats.elapsedMs - c0.writeMs)} ms`, '']);
rows.push(['  grid (workers start ' + fmt(c0.stats.startupMs) + ' ms, compute ' + fmt(c0.stats.computeMs) + ' ms)', `${fmt(c0.stats.elapsedMs)} ms`, '']);
rows.push(['  write results.arrow/.csv/.json/summary.txt', `${fmt(c0.writeMs)} ms`, '']);
rows.push([`peak memory (VmHWM) of the grid run, ${fmt(mem1k.points)} points`, `${fmt(mem1k.vmHwmKb / 1024, 1)} MiB`, '']);
rows.push([`peak memory (VmHWM) of the grid run, ${fmt(memBig.points)} points`, `${fmt(memBig.vmHwmKb / 1024, 1)} MiB (${fmt(memBig.wallMs / 1000, 1)} s)`, '']);
rows.push(['peak memory ratio, grid run', `${memoryRatio.toFixed(3)}`, `<= ${TARGET.memoryRatio}`]);
rows.push([`${fmt(memBig.points)} points, cold, 2 workers: wall without / with result files (best of ${bigRuns.none.length})`, `${fmt(bestWall(bigRuns.none))} / ${fmt(bestWall(bigRuns.write))} ms (+${(writeOverhead * 100).toFixed(1)}%)`, '<= +15% (files written while points finish)']);
rows.push(['peak memory incl. writing the files (1k / big)', `${fmt(peakAll(mem1k) / 1024, 1)} / ${fmt(peakAll(memBig) / 1024, 1)} MiB (ratio ${memoryRatioWithWrite.toFixed(3)})`, '']);
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
log('');
rows.forEach((r, i) => {
  log(r.map((s, c) => s.padEnd(widths[c])).join('  '));
  if (i === 0) log(widths.map((w) => '-'.repeat(w)).join('  '));
});
log(`load average at start ${loadStart.map((x) => x.toFixed(2)).join(' ')}, at end ${loadEnd.map((x) => x.toFixed(2)).join(' ')}`);

mkdirSync(join(root, 'bench', 'results'), { recursive: true });
const file = join(root, 'bench', 'results', quick ? 'grid.quick.json' : 'grid.json');
writeFileSync(file, `${JSON.stringify({
  date: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  loadAverage: { start: loadStart, end: loadEnd },
  data: { source: dataName, rows: prices.nRows, assets: prices.nCols },
  grids: { ...GRIDS, G1k, big: GBIG },
  bundleMs: buildMs,
  throughput: rates,
  speedup2Workers: speedup2,
  g65: { spec: G65, ...like, numbaMs: NUMBA_G65_MS, targetMs: TARGET_G65_MS, scaling },
  cold10k: { wallMs: coldWall, medianMs: median(coldWall), breakdown: coldRuns.map((r) => ({ startupAndLoadMs: r.uptimeMs - r.stats.elapsedMs - r.writeMs, gridMs: r.stats.elapsedMs, workerStartMs: r.stats.startupMs, computeMs: r.stats.computeMs, writeMs: r.writeMs })) },
  memory: {
    points1k: mem1k.points, vmHwmKb1k: mem1k.vmHwmKb, pointsBig: memBig.points, vmHwmKbBig: memBig.vmHwmKb, ratio: memoryRatio,
    writePeakKb: [mem1k.writePeakKb, memBig.writePeakKb], ratioIncludingWrite: memoryRatioWithWrite,
    sampledRssKb: { grid: [mem1k.gridPeakSampledKb, memBig.gridPeakSampledKb], all: [mem1k.peakRssSampledKb, memBig.peakRssSampledKb] },
  },
  streamedWrite: { points: memBig.points, noWriteWallMs: bigRuns.none.map((r) => r.wallMs), writeWallMs: bigRuns.write.map((r) => r.wallMs), overhead: writeOverhead },
  targets: { ...TARGET, numbaBacktestsPerSec: NUMBA_BACKTESTS_PER_SEC },
  met: { g65: like.bestMs <= TARGET_G65_MS, cold: median(coldWall) <= TARGET.coldMs, speedup: speedup2 >= TARGET.speedup2, memory: memoryRatio <= TARGET.memoryRatio, writeOverhead: writeOverhead <= 0.15 },
}, null, 1)}\n`);
log(`wrote ${file.slice(root.length)}`);
rmSync(tmp, { recursive: true, force: true });
prices.free();
