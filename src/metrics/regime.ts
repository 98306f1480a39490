import { InputError } from '../errors.js';
import { checkEnum, checkInt, checkOptions } from '../validate.js';
import { toAligned, toDates, toFloat64, type DatesInput, type ReturnsInput } from './input.js';
import { metrics, resolvePeriodsPerYear, type Metrics } from './metrics.js';
import { mean, std } from './numeric.js';
import type { MetricProfileName } from './profiles.js';

export type RegimeKind = 'trend' | 'volatility';
/** 'above'/'below' its moving average (trend); 'high'/'low' volatility. */
export type RegimeLabel = 'above' | 'below' | 'high' | 'low';

/** Defaults of `regimeSplit`. */
export const REGIME_DEFAULTS = Object.freeze({
  kind: 'trend' as RegimeKind,
  /** Moving-average length of the trend regime (the 200-day average). */
  trendWindow: 200,
  /** Rolling-volatility length of the volatility regime (about 3 months of trading days). */
  volatilityWindow: 63,
});

export interface RegimeOptions {
  kind?: RegimeKind;
  /** Bars of the moving average (trend) or of the rolling volatility (volatility). */
  window?: number;
  periodsPerYear?: number;
  dates?: DatesInput;
  profile?: MetricProfileName;
  riskFree?: number;
}

const REGIME_OPTIONS = ['kind', 'window', 'periodsPerYear', 'dates', 'profile', 'riskFree'] as const;

export interface RegimeStats {
  /** Bars labelled with this regime. */
  bars: number;
  /** bars / bars with a known regime. */
  share: number;
  /** `metrics` of the returns of those bars only (other bars count as missing). */
  metrics: Metrics;
}

export interface RegimeSplit {
  kind: RegimeKind;
  window: number;
  /** Regime of each bar, known at the previous close; null while unknown. */
  labels: (RegimeLabel | null)[];
  regimes: Partial<Record<RegimeLabel, RegimeStats>>;
  /** Bars without a regime (warm-up, missing benchmark data). */
  unknownBars: number;
}

/** Trailing mean of the last `w` prices at each row (all must be valid, pandas min_periods = w). */
function movingAverage(p: Float64Array, w: number): Float64Array {
  const out = new Float64Array(p.length).fill(NaN);
  for (let s = w - 1; s < p.length; s++) {
    const win = p.subarray(s - w + 1, s + 1);
    if (!win.some(Number.isNaN)) out[s] = mean(win);
  }
  return out;
}

/** std(ddof=1) of the last `w` simple returns of the prices at each row (all valid). */
function rollingVol(p: Float64Array, w: number): Float64Array {
  const b = new Float64Array(p.length).fill(NaN);
  for (let s = 1; s < p.length; s++) b[s] = p[s] / p[s - 1] - 1;
  const out = new Float64Array(p.length).fill(NaN);
  for (let s = w; s < p.length; s++) {
    const win = b.subarray(s - w + 1, s + 1);
    if (!win.some(Number.isNaN)) out[s] = std(win, 1);
  }
  return out;
}

/** Index of the first element > v in a sorted array (binary search). */
function upperBound(a: number[], v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Labels each bar with the market regime known at the PREVIOUS close, so that bar t's
 * return (close t-1 -> close t) is attributed using data at rows <= t-1 only:
 * - 'trend': 'above' when the benchmark's close at t-1 is strictly above its `window`-bar
 *   simple moving average at t-1 (closes t-window .. t-1), else 'below';
 * - 'volatility': v = std(ddof=1) of the benchmark's last `window` simple returns at
 *   t-1; 'high' when v is strictly above the median of every such volatility observed
 *   at rows <= t-1 (an expanding median, not the full-sample one, which would look
 *   ahead), else 'low'. The median needs `window` observations first.
 * Bars before that (warm-up) or with missing benchmark data have no regime (null).
 * O(T * window) for the rolling statistics, O(T^2) worst case for the expanding median
 * (sorted insertion; trivial for daily histories).
 */
export function regimeLabels(prices: Float64Array, kind: RegimeKind, window: number): (RegimeLabel | null)[] {
  const T = prices.length;
  const labels: (RegimeLabel | null)[] = new Array(T).fill(null);
  if (kind === 'trend') {
    const ma = movingAverage(prices, window);
    for (let t = 1; t < T; t++) {
      const p = prices[t - 1];
      const m = ma[t - 1];
      if (!Number.isNaN(p) && !Number.isNaN(m)) labels[t] = p > m ? 'above' : 'below';
    }
    return labels;
  }
  const vol = rollingVol(prices, window);
  const history: number[] = [];
  for (let t = 1; t < T; t++) {
    const v = vol[t - 1];
    if (Number.isNaN(v)) continue;
    history.splice(upperBound(history, v), 0, v);
    const h = history.length;
    if (h < window) continue;
    const median = h % 2 ? history[(h - 1) / 2] : (history[h / 2 - 1] + history[h / 2]) / 2;
    labels[t] = v > median ? 'high' : 'low';
  }
  return labels;
}

/**
 * Metrics of a strategy split by market regime (seed 000, notebook 11): each bar is
 * labelled by `regimeLabels` from the benchmark's prices (aligned row by row with the
 * returns: the close of each bar), and `metrics` is computed on the returns of each
 * regime's bars (the other bars treated as missing, so drawdowns and CAGR compound the
 * regime's bars back to back and drawdown rows still refer to the input). No look-ahead:
 * a bar's regime depends only on benchmark prices up to the previous close, so changing
 * any price at or after row t leaves the labels of rows <= t unchanged.
 * Prices must be positive (NaN = missing). O(T * window + metrics).
 */
export function regimeSplit(returns: ReturnsInput, benchmarkPrices: ReturnsInput, options: RegimeOptions = {}): RegimeSplit {
  const fn = 'regimeSplit';
  checkOptions(fn, options, REGIME_OPTIONS);
  const r = toFloat64(fn, 'returns', returns);
  const prices = toAligned(fn, 'benchmarkPrices', benchmarkPrices, r.length);
  for (let t = 0; t < prices.length; t++) {
    if (prices[t] <= 0 || prices[t] === Infinity) {
      throw new InputError(`${fn}: benchmarkPrices[${t}] is ${prices[t]}; prices must be positive (NaN marks a missing price)`);
    }
  }
  const kind = checkEnum(fn, 'kind', options.kind ?? REGIME_DEFAULTS.kind, ['trend', 'volatility'] as const);
  const defWindow = kind === 'trend' ? REGIME_DEFAULTS.trendWindow : REGIME_DEFAULTS.volatilityWindow;
  const window = checkInt(fn, 'window', options.window ?? defWindow, kind === 'trend' ? 1 : 2);
  if (window >= r.length) {
    throw new InputError(`${fn}: window ${window} is not shorter than the data (${r.length} rows); no bar would have a regime`);
  }
  const dates = toDates(fn, options.dates, r.length);
  const ppy = resolvePeriodsPerYear(fn, options.periodsPerYear, dates);
  const labels = regimeLabels(prices, kind, window);

  const names: RegimeLabel[] = kind === 'trend' ? ['above', 'below'] : ['high', 'low'];
  const known = labels.filter((l) => l !== null).length;
  const regimes: Partial<Record<RegimeLabel, RegimeStats>> = {};
  for (const name of names) {
    const masked = r.map((v, t) => (labels[t] === name ? v : NaN));
    const bars = labels.filter((l) => l === name).length;
    regimes[name] = {
      bars,
      share: known === 0 ? NaN : bars / known,
      metrics: metrics(masked, {
        periodsPerYear: ppy,
        dates: dates ?? undefined,
        profile: options.profile,
        riskFree: options.riskFree,
      }),
    };
  }
  return { kind, window, labels, regimes, unknownBars: r.length - known };
}
