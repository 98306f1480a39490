import type { Backend } from '../engine/index.js';
import type { Panel } from '../panel.js';
import { pctChange, shift } from '../kernels/returns.js';
import { checkLookback } from '../inputs/index.js';

/**
 * The momentum return of every asset: r_t = p_{t-skip} / p_{t-skip-lookback} - 1,
 * pandas `prices.shift(skip).pct_change(lookback, fill_method=None)`. Skipping the most
 * recent `skip` bars avoids the short-term reversal (Jegadeesh 1990; 12-1 momentum).
 * NaN for the first lookback + skip rows and wherever either price is missing.
 * Throws an InputError when lookback + skip leaves no row with a value. The caller
 * frees the result. O(T N): one shift (when skip > 0) and one pct_change kernel call.
 */
export function lookbackReturns(fn: string, prices: Panel, lookback: number, skip: number, backend?: Backend): Panel {
  const name = skip > 0 ? `lookback + skip (${lookback} + ${skip}) =` : 'lookback';
  checkLookback(fn, name, lookback + skip, prices.nRows);
  if (skip === 0) return pctChange(prices, { periods: lookback, backend });
  const lagged = shift(prices, { periods: skip, backend });
  try {
    return pctChange(lagged, { periods: lookback, backend });
  } finally {
    lagged.free();
  }
}
