import { InputError } from '../errors.js';
import { Panel } from '../panel.js';
import { rowLabel } from '../inputs/index.js';
import { checkAligned } from '../inputs/index.js';

/**
 * Checks a strategy's `eligible` option (from `universe`): a Panel lined up with the
 * prices (same shape, columns and dates) holding only 0 and 1. Undefined passes (no
 * filter). Throws naming the first bad cell's column and date. O(T N).
 */
export function checkEligible(fn: string, prices: Panel, eligible: unknown): void {
  if (eligible === undefined) return;
  checkAligned(fn, 'eligible', eligible as Panel, prices);
  const e = (eligible as Panel).values;
  const N = prices.nCols;
  for (let k = 0; k < e.length; k++) {
    if (e[k] !== 0 && e[k] !== 1) {
      throw new InputError(`${fn}: eligible holds ${e[k]} in column '${prices.columns[k % N]}' at ${rowLabel(prices, Math.floor(k / N))}; it must be 0 (ineligible) or 1 (eligible), as universe() returns`);
    }
  }
}

/**
 * Sets `signal` to NaN wherever `eligible` is 0, in place, and returns it: an
 * ineligible asset then has no signal on that row, so it is neither ranked nor
 * counted nor held (every strategy gives an asset without a valid signal weight 0).
 * `eligible` must have passed `checkEligible` against the same prices. O(T N).
 */
export function maskIneligible(signal: Panel, eligible: Panel | undefined): Panel {
  if (eligible === undefined) return signal;
  const e = Float64Array.from(eligible.values); // a copy: reading signal.values may reallocate
  const s = signal.values;
  for (let k = 0; k < s.length; k++) if (e[k] === 0) s[k] = NaN;
  return signal;
}
