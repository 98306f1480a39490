/**
 * The individual statistics behind `metrics`, on plain arrays of valid (non-NaN)
 * values. Each follows the library named in its doc to the operation order where that
 * is known (pairwise sums as numpy, Python's sequential `sum` where empyrical uses it),
 * and returns NaN where the statistic is undefined: too few values, or a zero
 * denominator (empyrical 0.5.5 returns +-inf for some of those; we return NaN so that
 * no metric is ever infinite — see each function).
 */
import { pow } from '../engine/index.js';
import { kurtosis, mean, normalQuantile, percentileSorted, skewness, std, sum } from './numeric.js';
import type { MetricProfile } from './profiles.js';

/**
 * empyrical `sharpe_ratio`: mean(e) / std(e, ddof=1) * sqrt(ppy) over excess returns
 * e = r - rf. NaN for fewer than 2 values and for zero volatility (empyrical 0.5.5
 * divides and returns +-inf when the mean is not 0; earlier empyrical returned NaN, as
 * we do). O(n).
 */
export function sharpeRatio(e: ArrayLike<number>, ppy: number): number {
  if (e.length < 2) return NaN;
  const s = std(e, 1);
  if (s === 0) return NaN;
  return (mean(e) / s) * Math.sqrt(ppy);
}

/** Sortino ratio and its annualised downside deviation, per the profile's convention. */
export interface SortinoResult {
  sortino: number;
  downsideRisk: number;
}

/**
 * Sortino ratio by profile (see `MetricProfile.sortino`). `x` are the returns, `e` the
 * returns less the risk-free rate, `req` empyrical's required return per period.
 * Fewer than 2 values or a zero downside deviation give NaN (empyrical 0.5.5 returns
 * +inf when no return falls below the threshold and the mean is positive). O(n).
 */
export function sortinoRatio(x: ArrayLike<number>, e: ArrayLike<number>, req: number, ppy: number, profile: MetricProfile): SortinoResult {
  const base = profile.sortino === 'empyrical' ? x : e;
  const n = base.length;
  // empyrical's downside_risk is defined from one value on; the ratios need two.
  if (n < 2) return { sortino: NaN, downsideRisk: profile.sortino === 'empyrical' ? downsideEmpyrical(base, req, ppy) : NaN };
  const sq = Math.sqrt(ppy);
  if (profile.sortino === 'empyrical') {
    const d = new Float64Array(n);
    for (let i = 0; i < n; i++) d[i] = base[i] - req;
    const downside = downsideEmpyrical(base, req, ppy);
    const annualMean = mean(d) * ppy;
    return { sortino: downside === 0 ? NaN : annualMean / downside, downsideRisk: downside };
  }
  if (profile.sortino === 'quantstats') {
    // quantstats: sqrt((e[e < 0] ** 2).sum() / e.count()); the squares of the negative
    // values only are summed (pairwise, as pandas' sum).
    const neg: number[] = [];
    for (let i = 0; i < n; i++) if (base[i] < 0) neg.push(base[i] * base[i]);
    const dd = Math.sqrt(sum(neg) / n);
    return { sortino: dd === 0 ? NaN : (mean(base) / dd) * sq, downsideRisk: dd * sq };
  }
  // ffn: std(min(e, 0), ddof=1).
  const clipped = new Float64Array(n);
  for (let i = 0; i < n; i++) clipped[i] = Math.min(base[i], 0);
  const dd = std(clipped, 1);
  return { sortino: dd === 0 ? NaN : (mean(base) / dd) * sq, downsideRisk: dd * sq };
}

/** empyrical `downside_risk`: sqrt(mean(min(r - req, 0)^2)) * sqrt(ppy). NaN when empty. */
export function downsideEmpyrical(x: ArrayLike<number>, req: number, ppy: number): number {
  const n = x.length;
  if (n === 0) return NaN;
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = Math.min(x[i] - req, 0);
    sq[i] = d * d;
  }
  return Math.sqrt(mean(sq)) * Math.sqrt(ppy);
}

/**
 * Value at risk at `cutoff` (a return, negative for a loss) and the conditional VaR,
 * per the profile (see `MetricProfile.valueAtRisk` / `conditionalValueAtRisk`).
 * `s` is the SORTED array of valid returns. Historical: NaN when empty; Gaussian:
 * NaN for fewer than 2 values. O(n) given the sort.
 */
export function valueAtRisk(s: Float64Array, cutoff: number, profile: MetricProfile): { valueAtRisk: number; conditionalValueAtRisk: number } {
  const n = s.length;
  let v: number;
  if (profile.valueAtRisk === 'historical') v = percentileSorted(s, cutoff);
  else v = n < 2 ? NaN : mean(s) + std(s, 1) * normalQuantile(cutoff);
  let cv = NaN;
  if (n > 0 && !Number.isNaN(v)) {
    if (profile.conditionalValueAtRisk === 'lowest') {
      const k = Math.floor((n - 1) * cutoff);
      cv = mean(s.subarray(0, k + 1));
    } else {
      let m = 0;
      while (m < n && s[m] < v) m++;
      cv = m === 0 ? v : mean(s.subarray(0, m));
    }
  }
  return { valueAtRisk: v, conditionalValueAtRisk: cv };
}

/**
 * empyrical `tail_ratio`: |95th percentile| / |5th percentile| (np.percentile linear)
 * of the SORTED returns. NaN when empty or when the 5th percentile is 0 (empyrical:
 * inf). O(1) given the sort.
 */
export function tailRatio(s: Float64Array): number {
  if (s.length === 0) return NaN;
  const lo = Math.abs(percentileSorted(s, 0.05));
  return lo === 0 ? NaN : Math.abs(percentileSorted(s, 0.95)) / lo;
}

/**
 * empyrical `omega_ratio`: with the annual threshold converted per period,
 * thr = (1 + threshold)^(1 / ppy) - 1 (threshold itself when ppy = 1), and
 * e = r - rf - thr: sum(e > 0) / -sum(e < 0), each summed in order as Python's `sum`.
 * NaN for fewer than 2 values, a threshold <= -1, or no return below the threshold.
 * `e0` are the returns less the risk-free rate. O(n).
 */
export function omegaRatio(e0: ArrayLike<number>, threshold: number, ppy: number): number {
  if (e0.length < 2 || threshold <= -1) return NaN;
  const thr = ppy === 1 ? threshold : pow(1 + threshold, 1 / ppy) - 1;
  let numer = 0;
  let denom = 0;
  for (let i = 0; i < e0.length; i++) {
    const d = e0[i] - thr;
    if (d > 0) numer += d;
    else if (d < 0) denom += d;
  }
  denom = -denom;
  return denom > 0 ? numer / denom : NaN;
}

/**
 * empyrical `stability_of_timeseries`: R^2 of the least-squares line through the
 * cumulative log returns y_i = sum_{j<=i} log1p(r_j) against i = 0..n-1 (scipy
 * `linregress` r, squared; r = 0 when either variance is 0). NaN for fewer than 2
 * values. O(n).
 */
export function stability(x: ArrayLike<number>): number {
  const n = x.length;
  if (n < 2) return NaN;
  const y = new Float64Array(n);
  let acc = 0;
  for (let i = 0; i < n; i++) y[i] = acc += Math.log1p(x[i]);
  const mx = (n - 1) / 2;
  const my = mean(y);
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = i - mx;
    const dy = y[i] - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  const den = Math.sqrt(sxx * syy);
  if (den === 0) return 0;
  const r = Math.max(-1, Math.min(1, sxy / den));
  return r * r;
}

/** Period-level win/loss statistics (quantstats `win_rate`, `avg_win`, `avg_loss`, `profit_factor`). */
export interface TradeStats {
  hitRate: number;
  averageWin: number;
  averageLoss: number;
  winLossRatio: number;
  profitFactor: number;
}

/**
 * Statistics over periods (bars), not round-trip trades: hit rate = #(r > 0) /
 * #(r != 0) (flat bars are not counted, quantstats' convention); average win = mean
 * of r > 0; average loss = mean of r < 0 (a negative number); win/loss ratio =
 * average win / |average loss|; profit factor = sum(r > 0) / |sum(r < 0)|. NaN where
 * a denominator is empty or 0 (no losing bar: profit factor NaN). O(n).
 */
export function tradeStats(x: ArrayLike<number>): TradeStats {
  const wins: number[] = [];
  const losses: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (x[i] > 0) wins.push(x[i]);
    else if (x[i] < 0) losses.push(x[i]);
  }
  const nz = wins.length + losses.length;
  const averageWin = mean(wins);
  const averageLoss = mean(losses);
  const sumLoss = sum(losses);
  return {
    hitRate: nz === 0 ? NaN : wins.length / nz,
    averageWin,
    averageLoss,
    winLossRatio: averageLoss < 0 ? averageWin / Math.abs(averageLoss) : NaN,
    profitFactor: sumLoss < 0 ? sum(wins) / Math.abs(sumLoss) : NaN,
  };
}

/**
 * empyrical 0.5.5 `alpha_beta` over the rows where both series are valid:
 * beta = mean(rb * r) / mean(rb^2) with rb = b - mean(b) (equal to cov(r, b) / var(b)
 * with any common ddof), NaN when var(b) < 1e-30; alpha = (1 + mean((r - rf) -
 * beta (b - rf)))^ppy - 1. `r`, `b` are the joint rows' returns, `rfs` the risk-free
 * rate on those rows. NaN for fewer than 2 joint rows. O(n).
 */
export function alphaBeta(r: ArrayLike<number>, b: ArrayLike<number>, rfs: ArrayLike<number>, ppy: number): { alpha: number; beta: number } {
  const n = r.length;
  if (n < 2) return { alpha: NaN, beta: NaN };
  const mb = mean(b);
  const prod = new Float64Array(n);
  const sq = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = b[i] - mb;
    prod[i] = d * r[i];
    sq[i] = d * d;
  }
  const v = mean(sq);
  const beta = v < 1e-30 ? NaN : mean(prod) / v;
  const res = new Float64Array(n);
  for (let i = 0; i < n; i++) res[i] = (r[i] - rfs[i]) - beta * (b[i] - rfs[i]);
  const alpha = pow(mean(res) + 1, ppy) - 1;
  return { alpha, beta };
}

export { skewness, kurtosis };
