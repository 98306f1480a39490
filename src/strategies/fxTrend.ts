import { InputError } from '../errors.js';
import type { Panel } from '../panel.js';
import { BAZ_PARAMS, bazOnPanel, type BazOptions } from './baz.js';
import { resolveParams, type ParamSchema } from '../schema/param.js';
import { eligibleOption } from '../schema/shared.js';
import { withPrices, type PriceInput } from '../inputs/index.js';
import { checkEligible, maskIneligible } from '../universe/eligible.js';

/** How `fxTrend` turns signals into a book (see `fxTrend`). */
export type FxPortfolio = 'time-series' | 'cross-sectional';
export const FX_PORTFOLIOS: readonly FxPortfolio[] = ['time-series', 'cross-sectional'];

export interface FxTrendOptions extends BazOptions {
  /**
   * 'time-series' (default; the seed's book: each currency on its own signal) or
   * 'cross-sectional' (signals demeaned across the currencies of each row: a
   * dollar-neutral book, long the strongest trends against the weakest).
   */
  portfolio?: FxPortfolio;
  /**
   * Signal multiplier (default 5, the seed's "5:1 leverage"): w = leverage * s / N.
   * NOT the gross exposure: sum |w| = leverage * mean |s|, which moves with the signals
   * (|s| <= about 1.1 for each currency; e.g. mean gross 2.79 at leverage 5 on the
   * G10 rates). Exclusive with `grossLeverage`.
   */
  leverage?: number;
  /**
   * Real gross exposure: every row with a nonzero signal is scaled so that
   * sum |w| = grossLeverage exactly (w = grossLeverage * s / sum |s|). Exclusive with
   * `leverage`.
   */
  grossLeverage?: number;
  /**
   * 0/1 eligibility Panel from `universe` (same dates and columns as the prices): a pair
   * with 0 on a row gets weight 0 there (N, the divisor, stays the number of columns).
   */
  eligible?: Panel;
}

/** Defaults of `fxTrend` beyond `BAZ_DEFAULTS` (one place). */
export const FX_TREND_DEFAULTS = { leverage: 5, portfolio: 'time-series' as FxPortfolio } as const;

/** The options of `fxTrend`: what it validates, and what the grid, the CLI and the web form offer. */
export const FX_TREND_PARAMS: readonly ParamSchema[] = Object.freeze([
  ...BAZ_PARAMS,
  {
    name: 'leverage', type: 'number', min: 0, minOpen: true, default: FX_TREND_DEFAULTS.leverage, gridable: true,
    description: 'signal multiplier: w = leverage * signal / N (not the gross exposure)', form: { label: 'Leverage', step: 0.5 },
  },
  { name: 'grossLeverage', type: 'number', min: 0, minOpen: true, description: 'scale each row to this gross sum |w| (instead of leverage)', form: false },
  {
    name: 'portfolio', type: 'enum', choices: FX_PORTFOLIOS, default: FX_TREND_DEFAULTS.portfolio, form: false,
    description: 'own signal per currency, or signals demeaned across currencies',
  },
  eligibleOption,
]);

/** How the weights half sizes the book: a signal multiplier, or a fixed gross. */
export type FxSizing = { leverage: number } | { grossLeverage: number };

/**
 * The FX trend strategy of seed 001 after Baz et al. (2015): daily target weights from
 * `bazSignal` s (see there: EWMA crossovers with alpha = 1/n, normalised by the 63-day
 * price std and the 252-day std, through the response z exp(-z^2/4)/0.89).
 *
 * Portfolio (`portfolio`):
 * - 'time-series' (default): each currency on its own signal, s_i (the seed's book);
 * - 'cross-sectional': the paper's second portfolio (seed 001 abstract: "both a time
 *   series portfolio and a cross-sectional portfolio are considered"; better for crypto):
 *   the signal relative to the other currencies of the same row,
 *   s_i - mean_j s_j over the n_t currencies with a valid signal (n_t >= 2, else the
 *   row is flat), so the book is dollar-neutral (sum w = 0).
 * Sizing: `leverage` L (default 5) multiplies: w_i = L * s_i / N, N the number of
 * columns (the seed's rule, so gross sum |w| = L mean|s| is NOT L); `grossLeverage` G
 * instead scales each row to that gross: w_i = G * s_i / sum_j |s_j| (a row whose
 * signals are all 0 stays flat). Passing both is an error.
 *
 * Prices must be quoted foreign/USD (`ecbToUsd` makes them from ECB rates; presets
 * `G10_CURRENCIES`, `EM_CURRENCIES`). Carry (interest-rate differentials) does not
 * change the weights: it is earned by backtesting on `fxCarryPrices(prices, carry)`.
 * Where the signal is NaN (the first 313 rows of warm-up with default windows, or while
 * a rolling window holds a missing price) the weight is 0 (flat) and, cross-sectionally,
 * the currency is left out of the row mean; weights are never NaN. Uses rows <= t only.
 * Errors: those of `bazSignal`, an unknown portfolio, leverage / grossLeverage not a
 * finite number > 0, both given. O(T N) per EWMA pair.
 */
export function fxTrend(prices: PriceInput, options: FxTrendOptions = {}): Panel {
  const fn = 'fxTrend';
  const o = resolveParams<FxTrendOptions & Required<Pick<FxTrendOptions, 'leverage' | 'portfolio'>>>(FX_TREND_PARAMS, options, fn);
  const { leverage: lev, grossLeverage: gross, portfolio: _portfolio, eligible, ...baz } = options ?? {};
  const portfolio = o.portfolio;
  if (lev !== undefined && gross !== undefined) {
    throw new InputError(`${fn}: give leverage (the signal multiplier, w = leverage * signal / N) or grossLeverage (sum |w| per row), not both`);
  }
  const sizing: FxSizing = gross !== undefined
    ? { grossLeverage: o.grossLeverage! }
    : { leverage: o.leverage };
  return withPrices(fn, prices, (p) => {
    checkEligible(fn, p, eligible);
    const prepared = prepareFxTrend(fn, p, baz);
    maskIneligible(prepared.signal, eligible);
    return fxTrendBook(prepared, portfolio, sizing, prepared.signal); // in place: the signal becomes the weights
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

/**
 * The weights half of `fxTrend` for any portfolio and sizing (internal; see `fxTrend`),
 * written to `out` (may be the signal itself: each row is read before it is written).
 * O(T N).
 */
export function fxTrendBook(prepared: FxTrendPrepared, portfolio: FxPortfolio, sizing: FxSizing, out: Panel = prepared.signal.like()): Panel {
  if (portfolio === 'time-series' && 'leverage' in sizing) return fxTrendWeights(prepared, sizing.leverage, out);
  const s = prepared.signal.values;
  const v = out.values;
  const N = out.nCols;
  const row = new Float64Array(N);
  for (let t = 0, base = 0; t < out.nRows; t++, base += N) {
    let n = 0;
    let sum = 0;
    for (let j = 0; j < N; j++) {
      const x = s[base + j];
      if (x === x) {
        n++;
        sum += x;
      }
    }
    const centre = portfolio === 'cross-sectional' ? (n >= 2 ? sum / n : NaN) : 0;
    let gross = 0;
    for (let j = 0; j < N; j++) {
      const x = s[base + j] - centre;
      row[j] = x === x ? x : 0; // NaN signal, or a row too thin to demean: flat
      gross += Math.abs(row[j]);
    }
    const k = 'leverage' in sizing ? sizing.leverage / N : gross > 0 ? sizing.grossLeverage / gross : 0;
    for (let j = 0; j < N; j++) v[base + j] = k * row[j];
  }
  return out;
}
