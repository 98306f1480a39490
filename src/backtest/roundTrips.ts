import { InputError } from '../errors.js';
import type { BacktestResult } from './types.js';

/**
 * One round trip of one asset: a position opened from flat (or from the opposite side)
 * and held, through any resizing, until it is closed to flat or flipped to the other side.
 */
export interface RoundTrip {
  asset: string;
  /** 'long' (held weight > 0) or 'short' (< 0). */
  side: 'long' | 'short';
  /** Row of the close at which the position was opened (its first nonzero held weight). */
  entryRow: number;
  /** Row of the close at which it was closed or flipped; -1 while still open at the last row. */
  exitRow: number;
  /** Epoch ms of those rows (NaN without dates, or exit NaN while open). */
  entryDate: number;
  exitDate: number;
  /** Held weight right after the entry trade (fraction of equity, signed). */
  weight: number;
  /** The asset's price return over the trip times the side: +-(P_exit / P_entry - 1). */
  return: number;
  /** Sum of the asset's per-bar contributions w_{t-1} r_t over the trip (fractions of equity). */
  contribution: number;
  /** Profit and loss in currency: sum of w_{t-1} r_t equity_{t-1} over the trip. */
  pnl: number;
  /** Bars held: exitRow - entryRow (to the last row while open). */
  bars: number;
  /** True when the position is still held at the last row (marked to market there). */
  open: boolean;
}

/**
 * The round trips of a backtest, read from its held weights and contributions
 * (`result.weights`, `result.contribution`; neither is freed). Per asset, scanning the
 * closes in order: a trip opens at the first close whose held weight is nonzero after a
 * flat one, survives any resizing of the same sign, and closes at the first close whose
 * held weight is exactly 0 (a trade to flat) or of the other sign (a flip closes the trip
 * and opens a new one at the same close). Held weights drift with prices but never
 * reach 0 or change sign without a trade, so trips are exactly the trades that open and
 * close positions (a fill inside the rebalancing band is not a trade).
 *
 * Per trip, bars t = entryRow + 1 .. exitRow: contribution = sum c_t, pnl = sum c_t
 * equity_{t-1} (c = `result.contribution`, per-bar fractions of the previous equity),
 * return = side (prod (1 + c_t / w_{t-1}) - 1), which is side (P_exit / P_entry - 1)
 * with the backtester's rule that a missing price carries the last one (c_t / w_{t-1}
 * is the asset's bar return r_t). Costs are not in the trip (they are charged to the
 * portfolio: `result.costs`). Trips still open at the last row are marked to market
 * there (`open: true`, exitRow -1, exitDate NaN).
 *
 * Order: by asset (the panel's column order), then by entry row. O(T N).
 */
export function roundTrips(result: BacktestResult): RoundTrip[] {
  const fn = 'roundTrips';
  if (!result || !result.weights || !result.contribution) {
    throw new InputError(`${fn}: expected a BacktestResult (from backtest) with weights and contribution panels`);
  }
  const W = result.weights;
  const C = result.contribution;
  const T = W.nRows;
  const N = W.nCols;
  if (C.nRows !== T || C.nCols !== N || result.equity.length !== T) {
    throw new InputError(`${fn}: weights (${T} x ${N}), contribution (${C.nRows} x ${C.nCols}) and equity (${result.equity.length}) do not match`);
  }
  const w = W.values;
  const c = C.values;
  const eq = result.equity;
  const dates = result.dates;
  const dateOf = (row: number): number => (dates.length && row >= 0 ? dates[row] : NaN);
  const trips: RoundTrip[] = [];
  for (let j = 0; j < N; j++) {
    let entry = -1;
    let sign = 0;
    let weight = 0;
    let growth = 1;
    let contribution = 0;
    let pnl = 0;
    const close = (exit: number, open: boolean): void => {
      trips.push({
        asset: result.columns[j],
        side: sign > 0 ? 'long' : 'short',
        entryRow: entry,
        exitRow: open ? -1 : exit,
        entryDate: dateOf(entry),
        exitDate: open ? NaN : dateOf(exit),
        weight,
        return: sign * (growth - 1),
        contribution,
        pnl,
        bars: exit - entry,
        open,
      });
    };
    for (let t = 0; t < T; t++) {
      if (entry >= 0 && t > entry) {
        // Bar t's return on the weight held since close t-1.
        const prev = w[(t - 1) * N + j];
        const ct = c[t * N + j];
        growth *= 1 + ct / prev;
        contribution += ct;
        pnl += ct * eq[t - 1];
      }
      const x = w[t * N + j];
      const s = x > 0 ? 1 : x < 0 ? -1 : 0;
      if (entry >= 0 && s !== sign) {
        close(t, false);
        entry = -1;
      }
      if (entry < 0 && s !== 0) {
        entry = t;
        sign = s;
        weight = x;
        growth = 1;
        contribution = 0;
        pnl = 0;
      }
    }
    if (entry >= 0) close(T - 1, true);
  }
  return trips;
}
