import { InputError } from '../errors.js';
import { pow } from '../engine/index.js';
import { checkEnum, checkNumber, checkOptions } from '../validate.js';
import { drawdownInfo } from './drawdown.js';
import { dropNaN, toAligned, toDates, toFloat64, type DatesInput, type ReturnsInput } from './input.js';
import { mean, percentileSorted, sorted, std } from './numeric.js';
import { resolvePeriodsPerYear as resolvePeriods } from '../inputs/periods.js';
import { annualReturnEmpyrical, annualVolatilityEmpyrical, sharpeEmpyrical, sortinoEmpyrical } from './empyrical.js';
import { METRIC_PROFILES, METRIC_PROFILE_NAMES, type MetricProfileName } from './profiles.js';
import {
  alphaBeta, kurtosis, omegaRatio, sharpeRatio, skewness, sortinoRatio, stability, tailRatio, tradeStats,
  valueAtRisk as valueAtRiskOf,
} from './ratios.js';
import { benchmarkStats, NO_BENCHMARK_STATS, type BenchmarkStats } from './benchmarkStats.js';
import { NO_TRADE_STATS, tradeStatsOf, type TradeStats } from './tradeStats.js';
import type { RoundTrip } from '../backtest/roundTrips.js';

/** Defaults of `metrics` and of every function that computes metrics (one place). */
export const METRICS_DEFAULTS = Object.freeze({
  /** Used when neither `periodsPerYear` nor `dates` is given (empyrical's 'daily'). */
  periodsPerYear: 252,
  /** Risk-free return PER PERIOD (empyrical's `risk_free`). */
  riskFree: 0,
  /** Minimum acceptable return per period for the empyrical Sortino (`required_return`). */
  requiredReturn: 0,
  /** ANNUAL threshold of the omega ratio, converted per period as empyrical does. */
  omegaThreshold: 0,
  /** Tail probability of VaR and CVaR. */
  varCutoff: 0.05,
  /** 'xmom': empyrical's formulas over the valid returns (NaN rows dropped, no infinities); 'empyrical' is empyrical to the letter. */
  profile: 'xmom' as MetricProfileName,
});

export interface MetricsOptions {
  /** Bars per year for annualisation; default: inferred from `dates`, else 252. */
  periodsPerYear?: number;
  /** Epoch ms (or Dates / an Arrow date vector) per row: drawdown dates, ffn CAGR, inference. */
  dates?: DatesInput;
  /** Risk-free return per period: a constant or a series aligned with the returns. */
  riskFree?: number | ReturnsInput;
  requiredReturn?: number;
  omegaThreshold?: number;
  varCutoff?: number;
  /** Returns of a benchmark aligned row by row, for beta and alpha. */
  benchmark?: ReturnsInput;
  /** One-way turnover per bar (e.g. `BacktestResult.turnover`), for mean turnover. */
  turnover?: ReturnsInput;
  profile?: MetricProfileName;
  /** Round trips (`roundTrips(result)`) for the per-trade `trade*` statistics (src/metrics/tradeStats.ts). */
  roundTrips?: readonly RoundTrip[];
}

export const METRICS_OPTION_NAMES = [
  'periodsPerYear', 'dates', 'riskFree', 'requiredReturn', 'omegaThreshold', 'varCutoff', 'benchmark', 'turnover', 'profile', 'roundTrips',
] as const;

/**
 * Every metric of one return series. Ratios and returns are fractions (0.12 = 12%);
 * NaN marks a value that is undefined for this series (JSON writes it as null).
 */
export interface Metrics extends TradeStats, BenchmarkStats {
  profile: MetricProfileName;
  periodsPerYear: number;
  /** Valid returns used, and NaN rows dropped. */
  nPeriods: number;
  nMissing: number;
  /** Epoch ms of the first and last valid rows (NaN without dates). */
  start: number;
  end: number;
  totalReturn: number;
  cagr: number;
  annualVolatility: number;
  sharpe: number;
  sortino: number;
  /** Annualised downside deviation used by the Sortino ratio of the profile. */
  downsideRisk: number;
  maxDrawdown: number;
  /** Bars from the peak to recovery (or to the last row when not recovered). */
  maxDrawdownDuration: number;
  /** Rows of the peak (-1 = the starting capital), trough and recovery (NaN = not recovered). */
  maxDrawdownPeak: number;
  maxDrawdownTrough: number;
  maxDrawdownRecovery: number;
  /** Their dates in epoch ms (NaN without dates, for the start, or when not recovered). */
  maxDrawdownPeakDate: number;
  maxDrawdownTroughDate: number;
  maxDrawdownRecoveryDate: number;
  /** Longest time under water of any drawdown, in bars. */
  longestDrawdownDuration: number;
  calmar: number;
  valueAtRisk: number;
  conditionalValueAtRisk: number;
  hitRate: number;
  averageWin: number;
  averageLoss: number;
  winLossRatio: number;
  profitFactor: number;
  bestPeriod: number;
  worstPeriod: number;
  /** Mean one-way turnover per bar and per year (NaN unless `turnover` is given). */
  turnover: number;
  annualTurnover: number;
  /** To `benchmark` (NaN unless given). */
  beta: number;
  alpha: number;
  skew: number;
  kurtosis: number;
  tailRatio: number;
  omega: number;
  stability: number;
}

const DAY_MS = 86_400_000;
/** ffn's year: 365.25 days (`year_frac` divides seconds by 31557600). */
const YEAR_MS = 365.25 * DAY_MS;

/** Resolves periodsPerYear: given, else inferred from dates, else the default. */
export function resolvePeriodsPerYear(fn: string, given: unknown, dates: Float64Array | null): number {
  return resolvePeriods(fn, given, dates, METRICS_DEFAULTS.periodsPerYear);
}

/**
 * Returns must be finite simple returns >= -1: a bar cannot lose more than everything (a
 * book whose equity reaches 0 is ruined, and `backtest` ends it there with -1), so every
 * metric stays in its domain (total return and max drawdown >= -1).
 */
function checkReturns(fn: string, arg: string, r: Float64Array): void {
  for (let i = 0; i < r.length; i++) {
    if (r[i] === Infinity || r[i] === -Infinity) {
      throw new InputError(`${fn}: ${arg}[${i}] is ${r[i]}; returns must be finite (NaN marks a missing bar)`);
    }
    if (r[i] < -1) throw new InputError(belowMinusOne(fn, arg, i, r[i]));
  }
}

/** The message for a simple return below -1 (shared with the grid's reduction). */
export function belowMinusOne(fn: string, arg: string, i: number, v: number): string {
  return `${fn}: ${arg}[${i}] is ${v}; a simple return cannot be below -1 (a loss of more than 100%: the book is ruined at -1, and flat after)`;
}

/**
 * Performance and risk metrics of a return series, by default (profile 'xmom') with
 * empyrical's formulas over the valid returns; profile 'empyrical' reproduces empyrical
 * 0.5.5 exactly, NaN rows and infinities included (see `METRIC_PROFILES` for it and the
 * quantstats and ffn variants):
 * - total return prod(1 + r) - 1; CAGR (1 + total)^(1 / (n / ppy)) - 1;
 *   annual volatility std(r, ddof=1) sqrt(ppy);
 * - Sharpe mean(r - rf) / std(r - rf, ddof=1) sqrt(ppy), rf per period;
 * - Sortino mean(r - req) ppy / (sqrt(mean(min(r - req, 0)^2)) sqrt(ppy)) over all periods;
 * - max drawdown with the start as a peak (wealth starts at 1), its duration in bars
 *   (peak to recovery, or to the end) and peak / trough / recovery rows and dates;
 *   Calmar = CAGR / |max drawdown| (NaN when there is no drawdown);
 * - historical VaR (np.percentile linear) and CVaR at `varCutoff`;
 * - per-bar hit rate (#(r > 0) / #(r != 0)), average win / loss, win/loss ratio,
 *   profit factor; best and worst bar;
 * - mean turnover (and x ppy) of a `turnover` series; beta and alpha (empyrical
 *   `alpha_beta`, alpha annualised as (1 + mean residual)^ppy - 1) to a `benchmark`,
 *   with tracking error, information ratio and up / down capture (`benchmarkStats`,
 *   src/metrics/benchmark.ts; raw returns, rows where both are valid);
 * - per-trade `trade*` statistics of `roundTrips` when given (`tradeStatsOf`,
 *   src/metrics/tradeStats.ts; NaN otherwise), apart from the per-bar ones;
 * - skew and excess kurtosis with pandas' bias-corrected definitions (`Series.skew()`,
 *   `Series.kurt()`; empyrical has none); tail ratio |p95| / |p5|; omega ratio
 *   (empyrical, annual threshold converted per period); stability (R^2 of the
 *   cumulative log returns on time).
 *
 * NaN rule of the default profile: NaN returns are dropped before computing (as
 * empyrical's nan-functions do for Sharpe/volatility), and n is the number of valid
 * returns. Profile 'empyrical' instead counts every row as a period for the CAGR (a NaN
 * row as a 0 return) and in its "fewer than 2" checks, as empyrical does: leading NaN
 * rows then lower the CAGR. Drawdown rows and durations refer to the input's rows.
 * Beta/alpha use the rows where both series are valid. Empty and one-element series
 * give NaN for every statistic that needs more values (Sharpe, volatility, Sortino,
 * beta need 2; skew 3; kurtosis 4) and never throw. In the default profile a zero
 * denominator gives NaN, never +-inf; profile 'empyrical' gives what empyrical 0.5.5
 * gives: +inf (-inf) Sharpe at zero volatility with a positive (negative) mean, +inf
 * Sortino with no downside and a positive mean, an infinite tail ratio for a zero 5th
 * percentile (Calmar stays NaN when infinite, empyrical's rule). Metrics from a
 * `backtest` result cover its evaluation sample (the warm-up is not in the series
 * unless `includeWarmup` was given).
 *
 * Bad input (unknown options, infinite returns, returns below -1 (more than a total
 * loss: see `BacktestResult.ruinedAt`), misaligned series, profile 'ffn' without dates)
 * is an InputError. O(n log n) (one sort for the percentiles).
 */
export function metrics(returns: ReturnsInput, options: MetricsOptions = {}): Metrics {
  const fn = 'metrics';
  checkOptions(fn, options, METRICS_OPTION_NAMES);
  const r = toFloat64(fn, 'returns', returns);
  checkReturns(fn, 'returns', r);
  const T = r.length;
  const dates = toDates(fn, options.dates, T);
  const profileName = checkEnum(fn, 'profile', options.profile ?? METRICS_DEFAULTS.profile, METRIC_PROFILE_NAMES);
  const profile = METRIC_PROFILES[profileName];
  const ppy = resolvePeriodsPerYear(fn, options.periodsPerYear, dates);
  const req = checkNumber(fn, 'requiredReturn', options.requiredReturn ?? METRICS_DEFAULTS.requiredReturn);
  const omegaThr = checkNumber(fn, 'omegaThreshold', options.omegaThreshold ?? METRICS_DEFAULTS.omegaThreshold);
  const cutoff = checkNumber(fn, 'varCutoff', options.varCutoff ?? METRICS_DEFAULTS.varCutoff, { lo: 0, hi: 1, loOpen: true, hiOpen: true });
  if (profile.cagr === 'calendar' && !dates) {
    throw new InputError(`${fn}: profile '${profileName}' computes CAGR over calendar time (days / 365.25) and needs dates`);
  }
  const rfOpt = options.riskFree ?? METRICS_DEFAULTS.riskFree;
  const rfConst = typeof rfOpt === 'number' ? checkNumber(fn, 'riskFree', rfOpt) : NaN;
  const rfSeries = typeof rfOpt === 'number' ? null : toAligned(fn, 'riskFree', rfOpt, T);

  const { values: x, rows } = dropNaN(r);
  const n = x.length;
  const first = n > 0 ? rows[0] : -1;
  const last = n > 0 ? rows[n - 1] : -1;
  const dateOf = (row: number): number => (dates && row >= 0 && row < T ? dates[row] : NaN);

  // Excess returns over the risk-free rate (rows where the rate is missing are dropped).
  let e: Float64Array;
  if (rfSeries) {
    const ex: number[] = [];
    for (let k = 0; k < n; k++) {
      const f = rfSeries[rows[k]];
      if (!Number.isNaN(f)) ex.push(x[k] - f);
    }
    e = Float64Array.from(ex);
  } else {
    e = rfConst === 0 ? x : x.map((v) => v - rfConst);
  }

  let wealth = 1;
  for (let k = 0; k < n; k++) wealth *= 1 + x[k];
  const totalReturn = n === 0 ? NaN : wealth - 1;
  let cagr: number;
  if (n === 0) cagr = NaN;
  else if (profile.cagr === 'periods') cagr = pow(wealth, 1 / (n / ppy)) - 1;
  else {
    const years = (dateOf(last) - dateOf(first)) / YEAR_MS;
    cagr = years > 0 ? pow(wealth, 1 / years) - 1 : NaN;
  }

  const s = sorted(x);
  let vol = n < 2 ? NaN : std(x, 1) * Math.sqrt(ppy);
  const dd = drawdownInfo(x, rows, T);
  let calmarRaw = dd.maxDrawdown < 0 ? cagr / Math.abs(dd.maxDrawdown) : NaN;
  const sortino = sortinoRatio(x, e, req, ppy, profile);
  const risk = valueAtRiskOf(s, cutoff, profile);
  const trades = tradeStats(x);

  let turnover = NaN;
  if (options.turnover !== undefined) {
    const tv = dropNaN(toAligned(fn, 'turnover', options.turnover, T)).values;
    turnover = mean(tv);
  }

  let alpha = NaN;
  let beta = NaN;
  let relative: BenchmarkStats = NO_BENCHMARK_STATS;
  let perTrade: TradeStats = NO_TRADE_STATS;
  if (options.benchmark !== undefined) {
    const b = toAligned(fn, 'benchmark', options.benchmark, T);
    checkReturns(fn, 'benchmark', b);
    const jr: number[] = [];
    const jb: number[] = [];
    const jf: number[] = [];
    for (let t = 0; t < T; t++) {
      const f = rfSeries ? rfSeries[t] : rfConst;
      if (Number.isNaN(r[t]) || Number.isNaN(b[t]) || Number.isNaN(f)) continue;
      // A risk-free series changes the regression: regress excess on excess. A constant
      // rate does not (empyrical regresses the raw returns), so keep the raw values.
      jr.push(rfSeries ? r[t] - f : r[t]);
      jb.push(rfSeries ? b[t] - f : b[t]);
      jf.push(rfSeries ? 0 : f);
    }
    ({ alpha, beta } = alphaBeta(jr, jb, jf, ppy));
    relative = benchmarkStats(r, b, ppy);
  }
  if (options.roundTrips !== undefined) {
    if (!Array.isArray(options.roundTrips)) throw new InputError(`${fn}: roundTrips must be the array roundTrips(result) returns`);
    perTrade = tradeStatsOf(options.roundTrips);
  }

  let sharpe = sharpeRatio(e, ppy);
  let sortinoValue = sortino.sortino;
  let downsideRisk = sortino.downsideRisk;
  let maxDrawdown = dd.maxDrawdown;
  let valueAtRisk = risk.valueAtRisk;
  let conditionalValueAtRisk = risk.conditionalValueAtRisk;
  let tail = tailRatio(s);
  if (profile.nanRows === 'empyrical') {
    // empyrical to the letter (src/metrics/empyrical.ts): the full series, NaN rows included.
    const E = new Float64Array(T);
    for (let t = 0; t < T; t++) E[t] = r[t] - (rfSeries ? rfSeries[t] : rfConst);
    cagr = annualReturnEmpyrical(r, ppy);
    vol = annualVolatilityEmpyrical(r, ppy);
    sharpe = sharpeEmpyrical(rfSeries || rfConst !== 0 ? E : r, ppy);
    ({ sortino: sortinoValue, downsideRisk } = sortinoEmpyrical(r, req, ppy));
    if (T > 0 && n === 0) maxDrawdown = 0;
    calmarRaw = maxDrawdown < 0 ? cagr / Math.abs(maxDrawdown) : NaN;
    if (n < T) valueAtRisk = NaN;
    const k = Math.floor((T - 1) * cutoff);
    conditionalValueAtRisk = T === 0 || k + 1 > n ? NaN : mean(s.subarray(0, k + 1));
    if (n > 0) {
      const lo = Math.abs(percentileSorted(s, 0.05));
      tail = Math.abs(percentileSorted(s, 0.95)) / lo;
    }
  }

  return {
    profile: profileName,
    periodsPerYear: ppy,
    nPeriods: n,
    nMissing: T - n,
    start: dateOf(first),
    end: dateOf(last),
    totalReturn,
    cagr,
    annualVolatility: vol,
    sharpe,
    sortino: sortinoValue,
    downsideRisk,
    maxDrawdown,
    maxDrawdownDuration: dd.duration,
    maxDrawdownPeak: dd.peak,
    maxDrawdownTrough: dd.trough,
    maxDrawdownRecovery: dd.recovery,
    maxDrawdownPeakDate: dateOf(dd.peak),
    maxDrawdownTroughDate: dateOf(dd.trough),
    maxDrawdownRecoveryDate: dateOf(dd.recovery),
    longestDrawdownDuration: dd.longestDuration,
    calmar: Number.isFinite(calmarRaw) ? calmarRaw : NaN,
    valueAtRisk,
    conditionalValueAtRisk,
    ...trades,
    bestPeriod: n === 0 ? NaN : s[n - 1],
    worstPeriod: n === 0 ? NaN : s[0],
    turnover,
    annualTurnover: turnover * ppy,
    beta,
    alpha,
    skew: skewness(x),
    kurtosis: kurtosis(x),
    tailRatio: tail,
    omega: omegaRatio(e, omegaThr, ppy),
    stability: stability(x),
    ...relative,
    ...perTrade,
  };
}
