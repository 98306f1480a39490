/**
 * Named conventions for the metrics. Libraries disagree on a few definitions; a
 * profile fixes each one so that a number can be reproduced with the library it
 * names. Everything not listed here (Sharpe, volatility, drawdown, beta/alpha, hit
 * rate, omega, tail ratio, skew/kurtosis) is the same in every profile.
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
}

export type MetricProfileName = 'empyrical' | 'quantstats' | 'ffn';

/** The profiles by name; 'empyrical' is the default everywhere. */
export const METRIC_PROFILES: Readonly<Record<MetricProfileName, Readonly<MetricProfile>>> = Object.freeze({
  empyrical: Object.freeze({
    name: 'empyrical',
    description: 'empyrical 0.5.5: CAGR over the number of periods, historical VaR/CVaR (np.percentile linear), Sortino over a required return',
    cagr: 'periods',
    valueAtRisk: 'historical',
    conditionalValueAtRisk: 'lowest',
    sortino: 'empyrical',
  }),
  quantstats: Object.freeze({
    name: 'quantstats',
    description: 'quantstats: Gaussian VaR (normal quantile), CVaR = mean of returns below it, Sortino sqrt(sum(min(r - rf, 0)^2) / n)',
    cagr: 'periods',
    valueAtRisk: 'gaussian',
    conditionalValueAtRisk: 'belowVar',
    sortino: 'quantstats',
  }),
  ffn: Object.freeze({
    name: 'ffn',
    description: 'ffn: CAGR over calendar time (days / 365.25, needs dates), Sortino with std(ddof=1) of min(r - rf, 0), historical VaR',
    cagr: 'calendar',
    valueAtRisk: 'historical',
    conditionalValueAtRisk: 'lowest',
    sortino: 'ffn',
  }),
});

export const METRIC_PROFILE_NAMES = Object.keys(METRIC_PROFILES) as MetricProfileName[];
