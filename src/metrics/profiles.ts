/**
 * Named conventions for the metrics. Libraries disagree on a few definitions; a
 * profile fixes each one so that a number can be reproduced with the library it
 * names. Everything not listed here (beta/alpha, hit rate, omega, skew/kurtosis,
 * stability) is the same in every profile; Sharpe, volatility, drawdown and the tail
 * ratio differ only through `nanRows`.
 */
export interface MetricProfile {
  name: MetricProfileName;
  description: string;
  /**
   * 'periods': W^(1 / (n / periodsPerYear)) - 1, n = number of returns (empyrical
   * `annual_return`). 'calendar': W^(1 / years) - 1, years = (last date - first date) /
   * 365.25 days (ffn `calc_cagr`; needs dates).
   */
  cagr: 'periods' | 'calendar';
  /**
   * 'historical': the `varCutoff` percentile of the returns, `np.percentile` linear
   * (empyrical `value_at_risk`). 'gaussian': mean + std(ddof=1) * Phi^-1(varCutoff)
   * (quantstats `value_at_risk`, the variance-covariance method).
   */
  valueAtRisk: 'historical' | 'gaussian';
  /**
   * 'lowest': mean of the floor((n - 1) cutoff) + 1 lowest returns (empyrical
   * `conditional_value_at_risk`, which partitions at that index; equal to the mean of
   * the returns <= VaR except when returns tie across the cutoff). 'belowVar': mean
   * of the returns strictly below the profile's VaR, or the VaR itself when none is
   * (quantstats `conditional_value_at_risk`).
   */
  conditionalValueAtRisk: 'lowest' | 'belowVar';
  /**
   * 'empyrical': (mean(r - req) * ppy) / (sqrt(mean(min(r - req, 0)^2)) * sqrt(ppy)),
   * req = `requiredReturn` (empyrical `sortino_ratio`; the risk-free rate is not used).
   * 'quantstats': the same with the threshold = the risk-free rate: mean(r - rf) /
   * sqrt(sum(min(r - rf, 0)^2) / n) * sqrt(ppy) (quantstats `sortino`).
   * 'ffn': mean(r - rf) / std(min(r - rf, 0), ddof=1) * sqrt(ppy) (ffn
   * `calc_sortino_ratio`).
   */
  sortino: 'empyrical' | 'quantstats' | 'ffn';
  /**
   * 'valid' (every profile but 'empyrical'): NaN rows are dropped first; n is the number
   * of valid returns; a zero denominator (zero volatility, no downside, a 0 5th
   * percentile) gives NaN, never +-inf; equal returns have std exactly 0.
   * 'empyrical': empyrical 0.5.5 to the letter (src/metrics/empyrical.ts): NaN rows count
   * as periods (CAGR) and in its length checks, numpy's nan-functions over the whole
   * series, +-inf where numpy's division gives it, VaR NaN when a row is NaN.
   */
  nanRows: 'valid' | 'empyrical';
}

export type MetricProfileName = 'xmom' | 'empyrical' | 'quantstats' | 'ffn';

/** The profiles by name; 'xmom' is the default everywhere (the grid's metrics are its). */
export const METRIC_PROFILES: Readonly<Record<MetricProfileName, Readonly<MetricProfile>>> = Object.freeze({
  xmom: Object.freeze({
    name: 'xmom',
    description: "empyrical's formulas over the valid returns: NaN rows dropped, NaN (never +-inf) for a zero volatility or downside",
    cagr: 'periods',
    valueAtRisk: 'historical',
    conditionalValueAtRisk: 'lowest',
    sortino: 'empyrical',
    nanRows: 'valid',
  }),
  empyrical: Object.freeze({
    name: 'empyrical',
    description: 'empyrical 0.5.5 exactly: NaN rows count as periods, +-inf Sharpe / Sortino at zero volatility / downside, historical VaR/CVaR, Sortino over a required return',
    cagr: 'periods',
    valueAtRisk: 'historical',
    conditionalValueAtRisk: 'lowest',
    sortino: 'empyrical',
    nanRows: 'empyrical',
  }),
  quantstats: Object.freeze({
    name: 'quantstats',
    description: 'quantstats: Gaussian VaR (normal quantile), CVaR = mean of returns below it, Sortino sqrt(sum(min(r - rf, 0)^2) / n)',
    cagr: 'periods',
    valueAtRisk: 'gaussian',
    conditionalValueAtRisk: 'belowVar',
    sortino: 'quantstats',
    nanRows: 'valid',
  }),
  ffn: Object.freeze({
    name: 'ffn',
    description: 'ffn: CAGR over calendar time (days / 365.25, needs dates), Sortino with std(ddof=1) of min(r - rf, 0), historical VaR',
    cagr: 'calendar',
    valueAtRisk: 'historical',
    conditionalValueAtRisk: 'lowest',
    sortino: 'ffn',
    nanRows: 'valid',
  }),
});

export const METRIC_PROFILE_NAMES = Object.keys(METRIC_PROFILES) as MetricProfileName[];
