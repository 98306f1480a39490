import { InputError } from '../errors.js';
import { Panel } from '../panel.js';
import type { Backend } from '../engine/index.js';
import { kernelsFor } from '../kernels/dispatch.js';
import { runLean } from '../kernels/simulate.js';
import { checkInt, checkNumber } from '../validate.js';

/**
 * The lean simulation for parameter grids (internal API of the grid engine): the
 * portfolio return of every bar, nothing else. Same timing and drift as `backtest`:
 * `rebalanceRows[t] = 1` marks decision row t, whose targets (`weights` row t) are traded
 * at the close of row t + lag - 1 (with lag 1: at this bar) and earn from row t + lag on;
 * holdings drift with prices in between (a NaN price carries the last one); each trade
 * pays `feesBps` / 1e4 of the traded value from cash. No band, cash rate, borrow fee,
 * leverage, cap, decay, costs breakdown or trades: with those options at their defaults
 * `backtest(prices, weights, { rebalance, feesBps, lag }).returns` is the same series
 * (to ~1e-15; the operation order differs).
 *
 * Checked: shapes, `rebalanceRows` length, feesBps >= 0, 0 <= lag < T. NOT checked, for
 * speed (the grid engine validates its inputs once): prices must be positive, targets
 * finite and zero where the asset has no price at the trade bar (a violation yields
 * NaN / Infinity returns, never a silent number). O(T N): one pass over the prices per
 * bar plus one over the targets per traded bar; no allocation but the T-length result.
 * `backend` 'wasm' (default) or 'js' (the TypeScript twin, for benchmarks).
 */
export function simulateLean(
  prices: Panel, weights: Panel, rebalanceRows: Uint8Array, feesBps: number, lag: number, backend: Backend = 'wasm',
): Float64Array {
  const fn = 'simulateLean';
  if (!(prices instanceof Panel) || !(weights instanceof Panel)) throw new InputError(`${fn}: prices and weights must be Panels`);
  if (prices.nRows !== weights.nRows || prices.nCols !== weights.nCols) {
    throw new InputError(`${fn}: weights are ${weights.nRows} x ${weights.nCols}, prices ${prices.nRows} x ${prices.nCols}; they must have the same shape`);
  }
  if (!(rebalanceRows instanceof Uint8Array) || rebalanceRows.length !== prices.nRows) {
    throw new InputError(`${fn}: rebalanceRows must be a Uint8Array with one entry per row (${prices.nRows})`);
  }
  const fee = checkNumber(fn, 'feesBps', feesBps, { lo: 0 });
  checkInt(fn, 'lag', lag, 0);
  if (prices.nRows > 0 && lag >= prices.nRows) throw new InputError(`${fn}: lag ${lag} must be < the number of rows (${prices.nRows})`);
  return runLean(kernelsFor(fn, backend), prices, weights, rebalanceRows, fee / 1e4, lag);
}
