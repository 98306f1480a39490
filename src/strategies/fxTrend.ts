import type { Panel } from '../panel.js';
import { checkNumber, checkOptions } from '../validate.js';
import { BAZ_OPTIONS, bazOnPanel, type BazOptions } from './baz.js';
import { withPrices, type PriceInput } from './prices.js';
import { checkEligible, maskIneligible } from '../universe/eligible.js';

export interface FxTrendOptions extends BazOptions {
  /** Gross leverage of the book (default 5, the seed's 5:1). */
  leverage?: number;
  /**
   * 0/1 eligibility Panel from `universe` (same dates and columns as the prices): a pair
   * with 0 on a row gets weight 0 there (N, the divisor, stays the number of columns).
   */
  eligible?: Panel;
}

/** Defaults of `fxTrend` beyond `BAZ_DEFAULTS` (one place). */
export const FX_TREND_DEFAULTS = { leverage: 5 } as const;

const FX_TREND_OPTIONS = [...BAZ_OPTIONS, 'leverage', 'eligible'] as const;

/**
 * The FX trend strategy of seed 001 after Baz et al. (2015): daily target weights
 * w = leverage * signal / N, where signal is `bazSignal` (see there: EWMA crossovers
 * with alpha = 1/n, normalised by the 63-day price std and the 252-day std, through the
 * response z exp(-z^2/4)/0.89) and N is the number of currencies (columns). Long where
 * the signal is positive, short where negative, rebalanced every row.
 *
 * Prices must be quoted foreign/USD (the USD price of one unit of the foreign currency:
 * `ecbToUsd` makes them from ECB rates). Where the signal is NaN (the first 313 rows
 * of warm-up with default windows, or while a rolling window holds a missing price) the
 * weight is 0 (flat: no position can be decided), so weights are never NaN; the NaNs
 * remain visible in `bazSignal`. Uses rows <= t only. Errors: those of `bazSignal`,
 * and leverage not a finite number > 0. O(T N) per EWMA pair.
 */
export function fxTrend(prices: PriceInput, options: FxTrendOptions = {}): Panel {
  const fn = 'fxTrend';
  checkOptions(fn, options, FX_TREND_OPTIONS);
  const { leverage: lev, eligible, ...baz } = options ?? {};
  const leverage = checkNumber(fn, 'leverage', lev ?? FX_TREND_DEFAULTS.leverage, { lo: 0, loOpen: true });
  return withPrices(fn, prices, (p) => {
    checkEligible(fn, p, eligible);
    const prepared = prepareFxTrend(fn, p, baz);
    maskIneligible(prepared.signal, eligible);
    return fxTrendWeights(prepared, leverage, prepared.signal); // in place: the signal becomes the weights
  });
}

/** The kernel result `fxTrendWeights` reads; `free` returns it. */
export interface FxTrendPrepared {
  /** The `bazSignal` signal (NaN during warm-up and around missing prices). */
  signal: Panel;
  free(): void;
}

/**
 * The signal half of `fxTrend` (internal: the public function and its grid plan): the
 * Baz et al. signal of `bazOnPanel` (which validates the Baz options), its intermediate
 * panels freed. Kernels: per pair two EWMAs and a rolling std, plus one price std.
 * The caller frees the result.
 */
export function prepareFxTrend(fn: string, p: Panel, baz: BazOptions): FxTrendPrepared {
  const parts = bazOnPanel(fn, p, baz);
  for (const list of [parts.x, parts.y, parts.z, parts.u]) for (const q of list) q.free();
  const signal = parts.signal;
  return { signal, free: () => signal.free() };
}

/**
 * The weights half of `fxTrend` (internal): leverage * signal / N, 0 where the signal is
 * NaN, written to `out` (a new panel by default; the signal itself computes in place). O(T N).
 */
export function fxTrendWeights(prepared: FxTrendPrepared, leverage: number, out: Panel = prepared.signal.like()): Panel {
  const s = prepared.signal.values;
  const v = out.values;
  const N = out.nCols;
  for (let i = 0; i < v.length; i++) v[i] = s[i] === s[i] ? (leverage * s[i]) / N : 0;
  return out;
}
