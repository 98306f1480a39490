import { InputError } from '../errors.js';
import { checkInt, checkNumber, checkOptions } from '../validate.js';
import { toDates, toFloat64, type DatesInput, type ReturnsInput } from './input.js';
import { METRICS_DEFAULTS, resolvePeriodsPerYear } from './metrics.js';
import { mean, std } from './numeric.js';

export interface RollingMetricOptions {
  /** Bars per year; default inferred from `dates`, else 252. */
  periodsPerYear?: number;
  dates?: DatesInput;
  /** Valid returns a window needs (default: the window; pandas `min_periods`). */
  minPeriods?: number;
  /** Risk-free return per period, subtracted before the Sharpe ratio (default 0). */
  riskFree?: number;
}

const ROLLING_OPTIONS = ['periodsPerYear', 'dates', 'minPeriods', 'riskFree'] as const;

interface Resolved {
  r: Float64Array;
  window: number;
  minPeriods: number;
  ppy: number;
  rf: number;
}

function resolve(fn: string, returns: ReturnsInput, window: unknown, opts: RollingMetricOptions): Resolved {
  checkOptions(fn, opts, ROLLING_OPTIONS);
  const r = toFloat64(fn, 'returns', returns);
  const w = checkInt(fn, 'window', window, 1);
  const explicitMin = opts.minPeriods !== undefined;
  const minPeriods = explicitMin ? checkInt(fn, 'minPeriods', opts.minPeriods, 0) : w;
  if (minPeriods > w) throw new InputError(`${fn}: minPeriods ${minPeriods} exceeds the window ${w}`);
  if (w > r.length && !(explicitMin && minPeriods <= r.length)) {
    throw new InputError(`${fn}: window ${w} is longer than the data (${r.length} rows); pass minPeriods <= ${r.length} to allow partial windows`);
  }
  const dates = toDates(fn, opts.dates, r.length);
  const ppy = resolvePeriodsPerYear(fn, opts.periodsPerYear, dates);
  const rf = checkNumber(fn, 'riskFree', opts.riskFree ?? METRICS_DEFAULTS.riskFree);
  return { r, window: w, minPeriods, ppy, rf };
}

/**
 * Runs `stat` over the valid values of each trailing window [t - window + 1, t]; NaN
 * when fewer than max(minPeriods, 2) are valid. O(T * window): each window is summed
 * afresh (numpy's pairwise order), so no error accumulates along the series.
 */
function rollingApply(p: Resolved, stat: (w: Float64Array) => number): Float64Array {
  const { r, window, minPeriods } = p;
  const out = new Float64Array(r.length);
  const scratch = new Float64Array(window); // one window of valid values at most
  const need = Math.max(minPeriods, 2);
  for (let t = 0; t < r.length; t++) {
    let k = 0;
    for (let i = Math.max(0, t - window + 1); i <= t; i++) if (!Number.isNaN(r[i])) scratch[k++] = r[i] - p.rf;
    out[t] = k >= need ? stat(scratch.subarray(0, k)) : NaN;
  }
  return out;
}

/**
 * Rolling annualised Sharpe ratio: over each trailing window of `window` bars,
 * mean(r - rf) / std(r - rf, ddof=1) * sqrt(periodsPerYear) — pandas
 * `(r - rf).rolling(window, min_periods).mean() / ...std() * sqrt(ppy)`, as quantstats
 * `rolling_sharpe` (which uses 126 bars by default). NaN during the warm-up (fewer
 * than `minPeriods` valid returns, default the whole window), NaN where the window's
 * volatility is 0 (pandas would give +-inf). NaN returns inside a window are skipped.
 * A window longer than the data is an InputError unless `minPeriods` allows partial
 * windows. O(T * window).
 */
export function rollingSharpe(returns: ReturnsInput, window: number, opts: RollingMetricOptions = {}): Float64Array {
  const p = resolve('rollingSharpe', returns, window, opts);
  const sq = Math.sqrt(p.ppy);
  return rollingApply(p, (w) => {
    const s = std(w, 1);
    return s === 0 ? NaN : (mean(w) / s) * sq;
  });
}

/**
 * Rolling annualised volatility: std(r, ddof=1) over each trailing window of `window`
 * bars times sqrt(periodsPerYear) — pandas `r.rolling(window, min_periods).std() *
 * sqrt(ppy)` (quantstats `rolling_volatility`). Warm-up, NaN and window rules as
 * `rollingSharpe` (`riskFree` is accepted and has no effect on a standard deviation).
 * O(T * window).
 */
export function rollingVolatility(returns: ReturnsInput, window: number, opts: RollingMetricOptions = {}): Float64Array {
  const p = resolve('rollingVolatility', returns, window, opts);
  const sq = Math.sqrt(p.ppy);
  return rollingApply({ ...p, rf: 0 }, (w) => std(w, 1) * sq);
}
