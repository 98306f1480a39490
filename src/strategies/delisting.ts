import type { Table } from 'apache-arrow';
import { InputError } from '../errors.js';
import type { Panel } from '../panel.js';
import { checkNumber, checkOptions } from '../validate.js';
import { monthlyPanels, type StockRow } from './monthlyRows.js';

/** Defaults of `doubleSortPrices` (one place). */
export const DELISTING_DEFAULTS = Object.freeze({
  /**
   * Delisting return of a stock that leaves without a `delisting_return`: -30%, Shumway
   * (1997, "The delisting bias in CRSP data", J. Finance 52(1)) for performance-related
   * NYSE/AMEX delistings with a missing CRSP return.
   */
  delistingReturn: -0.3,
});

export interface DoubleSortPricesOptions {
  /** Return applied to delisted stocks without their own `delisting_return` (default -0.3; 0 = carried at the last price). */
  delistingReturn?: number;
}

/**
 * The month-end close panel to backtest `doubleSort` weights on, with delistings priced
 * in: the closes of `monthlyPanels` (months x symbols, sorted), and for every stock
 * whose rows stop before the data's last month (delisted), the month after its last
 * row gets last close x (1 + d), d = the `delisting_return` on its last row, else
 * `delistingReturn` (default -30%, Shumway 1997). A position held into the delisting
 * month therefore earns d (the backtester then closes it at that value; the stock has
 * no price afterwards). Without this, a delisted stock is carried at its last price
 * (a 0 return), the survivorship-friendly error the D'Souza et al. replication would
 * otherwise make. Stocks present in the last month are not delisted; a gap inside a
 * stock's history is not a delisting.
 *
 * Errors: those of `monthlyPanels` (a delisting_return not on the stock's last row, or
 * <= -1), delistingReturn not a finite number > -1. O(R log R + M S). Caller frees.
 */
export function doubleSortPrices(rows: Table | readonly StockRow[], options: DoubleSortPricesOptions = {}): Panel {
  const fn = 'doubleSortPrices';
  checkOptions(fn, options, ['delistingReturn']);
  const fallback = checkNumber(fn, 'delistingReturn', options.delistingReturn ?? DELISTING_DEFAULTS.delistingReturn);
  if (!(fallback > -1)) throw new InputError(`${fn}: delistingReturn ${fallback} must be > -1 (prices stay positive for the backtester)`);
  const { close, marketCap, dollarVolume, lastMonth, delistingReturn } = monthlyPanels(fn, rows);
  marketCap.free();
  dollarVolume?.free();
  const M = close.nRows;
  const S = close.nCols;
  const c = close.values;
  for (let j = 0; j < S; j++) {
    const m = lastMonth[j];
    if (m >= M - 1) continue;
    let last = NaN;
    for (let k = m; k >= 0 && last !== last; k--) last = c[k * S + j];
    if (last !== last) continue; // never priced: nothing to hold
    const d = delistingReturn[j] === delistingReturn[j] ? delistingReturn[j] : fallback;
    c[(m + 1) * S + j] = last * (1 + d);
  }
  return close;
}
