/**
 * A/B of the simulation kernels' scalar cost path before and after per-asset costs and the
 * drawdown stop: the wasm built from an older commit (OLD_WASM, e.g. built with
 * `git archive <commit> assembly | tar -x -C /tmp/old && npx asc /tmp/old/assembly/index.ts
 * -O3 --runtime minimal --noAssert --enable simd --bindings raw --exportStart _initialize
 * --initialMemory 64 -o /tmp/old.wasm`) against build/release.wasm, in one process,
 * alternating, on seeded data; results are checked equal before timing. Also times the
 * per-asset and stop paths of the new build. Usage: OLD_WASM=/tmp/old.wasm tsx bench/costsStop.ts
 */
import { readFileSync } from 'node:fs';
import { Panel, backtest, type BacktestOptions } from '../src/index.js';
import { instantiateModule, setEngine } from '../src/engine/wasm.js';
import { kernelsFor } from '../src/kernels/dispatch.js';
import { SimulationWorkspace } from '../src/kernels/simulateWorkspace.js';
import { mulberry32 } from '../src/data/random.js';

const T = 2520;
const N = 100;
const REPS = 20;
const u = mulberry32(42);
const prices = new Float64Array(T * N);
const weights = new Float64Array(T * N);
for (let j = 0; j < N; j++) {
  let p = 100;
  for (let t = 0; t < T; t++) prices[t * N + j] = p *= Math.exp(0.03 * (u() - 0.5));
}
for (let k = 0; k < T * N; k++) weights[k] = u() < 0.5 ? 0 : 2 / N * u();
const columns = Array.from({ length: N }, (_, j) => `A${j}`);
const engines = {
  old: instantiateModule(new WebAssembly.Module(readFileSync(process.env.OLD_WASM ?? '/tmp/costs-ab/old.wasm'))),
  new: instantiateModule(new WebAssembly.Module(readFileSync(new URL('../build/release.wasm', import.meta.url)))),
};

function timeIt(name: 'old' | 'new', o: BacktestOptions): { full: number; stats: number; ret: Float64Array } {
  setEngine(engines[name]);
  const p = Panel.fromRows(prices, T, N, { columns });
  const w = Panel.fromRows(weights, T, N, { columns });
  const flags = new Uint8Array(T).fill(1);
  const ws = new SimulationWorkspace(p);
  ws.setFlags(flags);
  const k = kernelsFor('bench', 'wasm');
  let ret: Float64Array = new Float64Array(0);
  const res = backtest(p, w, { ...o, includeWarmup: true });
  ret = res.returns;
  res.weights.free();
  res.contribution.free();
  // The full kernel alone on preallocated buffers (runSimulation's call, without its copies).
  const e = engines[name];
  const f8 = (n: number): number => e.alloc(8 * n);
  const flagPtr = e.alloc(T);
  new Uint8Array(e.memory.buffer, flagPtr, T).fill(1);
  const ratesPtr = f8(T);
  new Float64Array(e.memory.buffer, ratesPtr, T).fill(0);
  const [series, held, contribution, preTrade, stopOut] = [f8(6 * T), f8(T * N), f8(T * N), f8(T * N), f8(2 * T)];
  const feeRatesFull = typeof o.feesBps === 'object' ? f8(N) : 0;
  if (feeRatesFull) new Float64Array(e.memory.buffer, feeRatesFull, N).set(Float64Array.from(columns, (_, j) => (j % 3) * 5e-4 + 1e-4));
  const endsPtr = o.stop ? f8(T) : 0;
  if (endsPtr) new Float64Array(e.memory.buffer, endsPtr, T).set(Float64Array.from({ length: T }, (_, t) => t + (o.stop!.cooloff as number)));
  const t0 = performance.now();
  for (let r = 0; r < REPS; r++) {
    e.simulate(p.ptr, w.ptr, flagPtr, ratesPtr, 0, series, held, contribution, preTrade, T, N, 1,
      feeRatesFull ? 0 : 1e-3, 0, 1, 0, 0, 1, Infinity, Infinity, 1e-12, feeRatesFull, endsPtr, o.stop ? o.stop.drawdown : 0, stopOut);
  }
  const t1 = performance.now();
  for (const ptr of [flagPtr, ratesPtr, series, held, contribution, preTrade, stopOut, feeRatesFull, endsPtr]) if (ptr) e.free(ptr);
  const stop = o.stop ? { drawdown: o.stop.drawdown, end: Float64Array.from({ length: T }, (_, t) => t + (o.stop!.cooloff as number)) } : null;
  const feeRates = typeof o.feesBps === 'object' ? Float64Array.from(columns, (c, j) => (j % 3) * 5e-4 + 1e-4) : null;
  for (let r = 0; r < REPS * 4; r++) ws.run(k, p, w, { lag: 1, feeRate: feeRates ? 0 : 1e-3, feeRates, stop, band: 0, bandRel: Infinity, minTrade: 1e-12, leverage: 1 });
  const t2 = performance.now();
  ws.free();
  p.free();
  w.free();
  return { full: (t1 - t0) / REPS, stats: (t2 - t1) / (REPS * 4), ret };
}

const scalar: BacktestOptions = { feesBps: 10 };
const a = timeIt('old', scalar);
const b = timeIt('new', scalar);
if (a.ret.some((x, i) => !Object.is(x, b.ret[i]))) throw new Error('old and new scalar paths differ');
const rows: Record<string, { full: number[]; stats: number[] }> = { old: { full: [], stats: [] }, new: { full: [], stats: [] }, perAsset: { full: [], stats: [] }, stop: { full: [], stats: [] } };
const perAsset: BacktestOptions = { feesBps: Object.fromEntries(columns.map((c, j) => [c, (j % 3) * 5 + 1])) };
for (let round = 0; round < 16; round++) {
  const cases = [['old', 'old', scalar], ['new', 'new', scalar], ['perAsset', 'new', perAsset], ['stop', 'new', { ...scalar, stop: { drawdown: 0.1, cooloff: 5 } }]] as const;
  // Alternate the order each round so neither build always runs first.
  for (const [label, name, o] of round % 2 ? [...cases].reverse() : cases) {
    const r = timeIt(name, o);
    rows[label].full.push(r.full);
    rows[label].stats.push(r.stats);
  }
}
// The minimum over rounds: the least disturbed run on a shared machine (the median is printed beside it).
const med = (x: number[]): number => Math.min(...x);
const median = (x: number[]): number => [...x].sort((p, q) => p - q)[Math.floor(x.length / 2)];
console.log(`T=${T} N=${N}, daily trades, 16 rounds, order alternating (ms per call: min and median over rounds); ratio vs old`);
for (const [label, r] of Object.entries(rows)) {
  console.log(`${label.padEnd(9)} simulate min ${med(r.full).toFixed(2).padStart(6)} (${(med(r.full) / med(rows.old.full)).toFixed(3)}) median ${median(r.full).toFixed(2)}`
    + `   simulateStats min ${med(r.stats).toFixed(2).padStart(6)} (${(med(r.stats) / med(rows.old.stats)).toFixed(3)}) median ${median(r.stats).toFixed(2)}`);
}
