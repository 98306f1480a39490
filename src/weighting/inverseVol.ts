import type { Panel } from '../panel.js';
import type { BackendOption } from '../kernels/dispatch.js';
import { pctChange } from '../kernels/returns.js';
import { rollingStd } from '../kernels/rolling.js';
import { checkInt, checkOptions } from '../validate.js';
import { checkLookback } from '../inputs/index.js';
import { checkAligned, withPrices, type PriceInput } from '../inputs/index.js';
import { checkWeights, spreadLegs } from './selection.js';

export interface InverseVolOptions extends BackendOption {
  /** Bars of returns in the volatility estimate (default 30). */
  window?: number;
}

/** Defaults of `inverseVol` (one place). */
export const INVERSE_VOL_DEFAULTS = { window: 30 } as const;

const INVERSE_VOL_OPTIONS = ['window', 'backend'] as const;

/**
 * Inverse-volatility weights over a selection (naive risk parity): among the assets
 * selected on date t (nonzero entries of `selection`; 0 and NaN are not selected),
 * w_j proportional to 1 / sigma_j, where sigma_j is the sample standard deviation
 * (ddof 1) of the asset's last `window` simple returns, pandas
 * `prices.pct_change().rolling(window).std()`, from the `rollingStd` kernel.
 *
 * Each leg keeps the selection's gross: the longs share the sum of the positive
 * selection values, the shorts the sum of the negative ones, so
 * `inverseVol(dualMomentum(p), p)` stays as invested as the dual-momentum weights
 * (and a 0/1 selection of k assets sums to k: pass `equalWeight(sel)` for 1).
 * A selected asset without a volatility estimate (fewer than `window` returns in the
 * window: warm-up or missing prices; or sigma = 0) gets 0 and its share goes to the
 * rest of its leg; a leg with no estimate at all is cash. Never NaN.
 *
 * sigma at t uses returns up to t: no look-ahead.
 * Errors: unknown options; window not an integer >= 2 or >= rows; selection not
 * aligned with the prices (shape, columns, dates); +-Infinity in the selection;
 * non-positive prices. Complexity O(T N): one pct_change and one rolling std kernel call.
 */
export function inverseVol(selection: Panel, prices: PriceInput, options: InverseVolOptions = {}): Panel {
  const fn = 'inverseVol';
  checkOptions(fn, options, INVERSE_VOL_OPTIONS);
  const o = options ?? {};
  const window = checkInt(fn, 'window', o.window ?? INVERSE_VOL_DEFAULTS.window, 2);
  return withPrices(fn, prices, (p) => {
    checkAligned(fn, 'selection', selection, p);
    checkWeights(fn, 'selection', selection);
    checkLookback(fn, 'window', window, p.nRows);
    const sigma = returnVolatility(p, window, o.backend);
    try {
      const out = p.like();
      const sd = sigma.values;
      const sel = selection.values;
      const w = out.values;
      const N = p.nCols;
      const score = new Float64Array(N);
      for (let t = 0, row = 0; t < p.nRows; t++, row += N) {
        for (let j = 0; j < N; j++) score[j] = 1 / sd[row + j];
        spreadLegs(sel, score, w, row, N);
      }
      return out;
    } finally {
      sigma.free();
    }
  });
}

/**
 * Rolling sample std (ddof 1, minPeriods = window) of the one-bar simple returns of
 * every column: pandas `prices.pct_change().rolling(window).std()`. Caller frees.
 */
export function returnVolatility(prices: Panel, window: number, backend: BackendOption['backend']): Panel {
  const r = pctChange(prices, { periods: 1, backend });
  try {
    return rollingStd(r, window, { backend });
  } finally {
    r.free();
  }
}
