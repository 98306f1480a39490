import { InputError } from '../errors.js';
import type { Panel } from '../panel.js';

/** ISO date (YYYY-MM-DD) of epoch ms, or `row N` when the panel has no dates. */
export function rowLabel(panel: Panel, t: number): string {
  if (!panel.index) return `row ${t}`;
  const ms = Number(panel.index.get(t));
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : `row ${t}`;
}

/**
 * Prices must be strictly positive where present (NaN = not listed / missing is fine).
 * Throws naming the first offending column and date.
 */
export function checkPrices(fn: string, prices: Panel): void {
  const v = prices.values;
  const N = prices.nCols;
  for (let k = 0; k < v.length; k++) {
    const x = v[k];
    if (x <= 0 || x === Infinity) {
      const t = Math.floor(k / N);
      throw new InputError(`${fn}: price ${x} in column '${prices.columns[k % N]}' at ${rowLabel(prices, t)}; prices must be positive (NaN marks a missing price)`);
    }
  }
}

/** A lookback (in bars) must fit in the history: otherwise every signal would be NaN. */
export function checkLookback(fn: string, name: string, lookback: number, nRows: number): void {
  if (lookback >= nRows) {
    throw new InputError(`${fn}: ${name} ${lookback} is not shorter than the history (${nRows} rows); no date would have a signal`);
  }
}
