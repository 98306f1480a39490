import { Panel } from '../panel.js';
import type { Kernels } from '../engine/kernels.js';
import { engine } from '../engine/wasm.js';
import { allocF64, f64View, freePtr } from '../engine/memory.js';

/**
 * The memory layer of the portfolio simulator: copies the small per-bar inputs into
 * wasm memory, allocates the outputs, runs a kernel (wasm or twin) over the pointers and
 * copies the per-bar series out. Validation and meaning live in src/backtest; the
 * algorithm in assembly/kernels/simulate.ts.
 */

/** Scalar parameters of the full kernel, already converted to per-bar / fraction units. */
export interface SimulationParams {
  lag: number;
  /** (feesBps + slippageBps) / 1e4. */
  feeRate: number;
  fixedFee: number;
  initialCapital: number;
  /** Absolute band (weight points; Infinity = none). */
  band: number;
  /** Relative band (fraction of |target|; Infinity = none). */
  bandRel: number;
  /** Deviations up to this are never traded (BACKTEST_DEFAULTS.minTrade). */
  minTrade: number;
  /** Per-bar borrow rate on short notional. */
  borrowRate: number;
  leverage: number;
  /** Infinity = no cap. */
  maxGross: number;
  /** Per-asset cost rates (fractions of traded value, one per column) replacing `feeRate`, or null. */
  feeRates?: Float64Array | null;
  /** Drawdown stop: `end[t]` the first row a stop triggered at row t may re-enter (see src/backtest/stop.ts), or null. */
  stop?: { drawdown: number; end: Float64Array } | null;
}

export interface SimulationOutput {
  returns: Float64Array;
  equity: Float64Array;
  grossExposure: Float64Array;
  netExposure: Float64Array;
  turnover: Float64Array;
  costs: Float64Array;
  /** T x N panels with the price panel's labels; the caller frees them. */
  held: Panel;
  contribution: Panel;
  /** Held weight just before each trade (fraction of pre-trade equity), NaN = no trade. */
  preTrade: Panel;
  /** Row of the ruin bar (equity reached 0; flat after it), or -1 when solvent. */
  ruinedRow: number;
  /**
   * With a stop: per row 1 (triggered: sold at that close), 2 (re-entered) or 0, then
   * (rows T..2T) the drawdown at each trigger row; null without a stop.
   */
  stopEvents: Float64Array | null;
}

/** Copies `flags` (one byte per row) into a fresh wasm block; free with freePtr. */
function copyFlags(flags: Uint8Array): number {
  const ptr = engine().alloc(Math.max(16, flags.length));
  if (ptr === 0) throw new RangeError(`xmom: wasm allocation of ${flags.length} bytes failed`);
  new Uint8Array(engine().memory.buffer, ptr, flags.length).set(flags);
  return ptr;
}

/** Copies a Float64Array into a fresh wasm block; free with freePtr. */
function copyF64(values: Float64Array): number {
  const ptr = allocF64(values.length);
  f64View(ptr, values.length).set(values);
  return ptr;
}

/**
 * Runs the full simulation kernel. `rebalance`, `cashRates` and `decayFactors` (or null)
 * have one entry per row of `prices`; `weights` has the same shape as `prices`.
 */
export function runSimulation(
  k: Kernels, prices: Panel, weights: Panel, rebalance: Uint8Array, cashRates: Float64Array,
  decayFactors: Float64Array | null, p: SimulationParams,
): SimulationOutput {
  const T = prices.nRows;
  const N = prices.nCols;
  const temps: number[] = [];
  const panels: Panel[] = [];
  try {
    temps.push(copyFlags(rebalance));
    temps.push(copyF64(cashRates));
    temps.push(decayFactors ? copyF64(decayFactors) : 0);
    temps.push(allocF64(6 * T));
    temps.push(p.feeRates ? copyF64(p.feeRates) : 0);
    temps.push(p.stop ? copyF64(p.stop.end) : 0);
    temps.push(p.stop ? copyF64(new Float64Array(2 * T)) : 0);
    const [flagsPtr, ratesPtr, decayPtr, seriesPtr, feeRatesPtr, stopEndPtr, stopOutPtr] = temps;
    for (let i = 0; i < 3; i++) panels.push(prices.like());
    const [held, contribution, preTrade] = panels;
    const ruinedRow = k.simulate(
      prices.ptr, weights.ptr, flagsPtr, ratesPtr, decayPtr,
      seriesPtr, held.ptr, contribution.ptr, preTrade.ptr,
      T, N, p.lag,
      p.feeRate, p.fixedFee, p.initialCapital, p.band, p.borrowRate, p.leverage, p.maxGross,
      p.bandRel, p.minTrade,
      feeRatesPtr, stopEndPtr, p.stop ? p.stop.drawdown : 0, stopOutPtr,
    );
    const series = f64View(seriesPtr, 6 * T).slice();
    const stopEvents = p.stop ? f64View(stopOutPtr, 2 * T).slice() : null;
    return {
      returns: series.subarray(0, T),
      equity: series.subarray(T, 2 * T),
      grossExposure: series.subarray(2 * T, 3 * T),
      netExposure: series.subarray(3 * T, 4 * T),
      turnover: series.subarray(4 * T, 5 * T),
      costs: series.subarray(5 * T, 6 * T),
      held,
      contribution,
      preTrade,
      ruinedRow,
      stopEvents,
    };
  } catch (e) {
    for (const panel of panels) panel.free();
    throw e;
  } finally {
    for (const ptr of temps) freePtr(ptr);
  }
}

/**
 * Runs the input check kernel: the first bad cell as `cell * 8 + kind`, or -1 (see
 * assembly/kernels/simulateCheck.ts for the kinds).
 */
export function runInputCheck(
  k: Kernels, prices: Panel, weights: Panel, rebalance: Uint8Array, lag: number, allowShort: boolean, allowNaN: boolean,
): number {
  let flagsPtr = 0;
  try {
    flagsPtr = copyFlags(rebalance);
    return k.checkSimulationInputs(prices.ptr, weights.ptr, flagsPtr, prices.nRows, prices.nCols, lag, +allowShort, +allowNaN);
  } finally {
    freePtr(flagsPtr);
  }
}

/** Runs the price half of the input check (`checkSimulationPrices`): the first bad price as `cell * 8`, or -1. */
export function runPriceCheck(k: Kernels, prices: Panel): number {
  return k.checkSimulationPrices(prices.ptr, prices.size);
}

/**
 * Runs the target half of the input check (`checkSimulationTargets`): the first bad target as
 * `cell * 8 + kind`, or -1. `gaps` (optional, from `priceGaps`) lets the kernel skip the
 * missing-price test on rows whose prices are all present.
 */
export function runTargetCheck(
  k: Kernels, prices: Panel, weights: Panel, rebalance: Uint8Array, lag: number, allowShort: boolean, allowNaN: boolean, gaps?: Uint8Array,
): number {
  let flagsPtr = 0;
  let gapsPtr = 0;
  try {
    flagsPtr = copyFlags(rebalance);
    if (gaps !== undefined) gapsPtr = copyFlags(gaps);
    return k.checkSimulationTargets(prices.ptr, weights.ptr, flagsPtr, gapsPtr, prices.nRows, prices.nCols, lag, +allowShort, +allowNaN);
  } finally {
    freePtr(flagsPtr);
    freePtr(gapsPtr);
  }
}

/** One byte per row of `prices`: 1 where some price of the row is missing (NaN), else 0. O(T N). */
export function priceGaps(prices: Panel): Uint8Array {
  const T = prices.nRows;
  const N = prices.nCols;
  const v = prices.values;
  const out = new Uint8Array(T);
  for (let t = 0; t < T; t++) {
    for (let j = t * N, end = j + N; j < end; j++) {
      if (v[j] !== v[j]) {
        out[t] = 1;
        break;
      }
    }
  }
  return out;
}
