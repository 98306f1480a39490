/**
 * The deflated Sharpe ratio (Bailey & Lopez de Prado 2014, "The Deflated Sharpe Ratio:
 * Correcting for Selection Bias, Backtest Overfitting and Non-Normality", Journal of
 * Portfolio Management 40(5)): the probability that the true Sharpe ratio of the
 * strategy selected as the best of N trials exceeds what the best of N skill-less trials
 * would show by luck.
 *
 *   SR0 = sqrt(V[SR_n]) ((1 - g) Z^-1(1 - 1/N) + g Z^-1(1 - 1/(N e)))   (g: Euler-Mascheroni)
 *   DSR = PSR(SR0) = Z( (SR - SR0) sqrt(T - 1) / sqrt(1 - skew SR + (kurt - 1) / 4 SR^2) )
 *
 * with every Sharpe ratio PER PERIOD (not annualised), V[SR_n] the variance of the N
 * trials' Sharpe ratios, T the number of returns, skew and kurt (NON-excess: 3 for a
 * normal) of the selected strategy's returns. Checked against the paper's numerical
 * example (N = 100, V = 1/2 / 250, SR = 2.5 / sqrt(250), T = 1250, skew -3, kurt 10:
 * SR0 = 0.1132, DSR = 0.9004) in test/overfit.test.ts. Public implementations with the
 * same formulas: vectorbt `returns/metrics.py` (`approx_exp_max_sharpe`,
 * `deflated_sharpe_ratio`), pypbo `pbo.py` (`psr`, `dsr`; its `dsr_from_returns` uses
 * ddof 1 for the trials' std and pandas `kurtosis() + 3`, as the grid does).
 */
import { InputError } from '../errors.js';
import { normalQuantile } from '../metrics/numeric.js';

/** The Euler-Mascheroni constant. */
export const EULER_MASCHERONI = 0.5772156649015329;

/**
 * Standard normal CDF by Marsaglia's series (G. Marsaglia, "Evaluating the Normal
 * Distribution", J. Statistical Software 11(4), 2004): 0.5 + phi(x) sum x^(2n+1) /
 * (1 3 5 ... (2n+1)), all terms positive, absolute error ~1e-15 for |x| < 8; 0 / 1 beyond.
 */
export function normalCdf(x: number): number {
  if (x !== x) return NaN;
  if (x < -8) return 0;
  if (x > 8) return 1;
  let s = x;
  let t = 0;
  let b = x;
  const q = x * x;
  for (let i = 1; s !== t; ) {
    t = s;
    i += 2;
    b *= q / i;
    s = t + b;
  }
  return 0.5 + s * Math.exp(-0.5 * q - 0.91893853320467274178);
}

/**
 * Expected maximum of N Sharpe ratios drawn with mean `mean` and variance `variance`
 * (the false-strategy theorem's approximation, Bailey et al. 2014). 1 trial: `mean`.
 */
export function expectedMaxSharpe(trials: number, variance: number, mean = 0): number {
  if (!(trials >= 1)) throw new InputError(`expectedMaxSharpe: trials must be >= 1, got ${trials}`);
  if (!(variance >= 0)) throw new InputError(`expectedMaxSharpe: variance must be >= 0, got ${variance}`);
  if (trials === 1) return mean;
  const g = EULER_MASCHERONI;
  return mean + Math.sqrt(variance) * ((1 - g) * normalQuantile(1 - 1 / trials) + g * normalQuantile(1 - 1 / (trials * Math.E)));
}

/**
 * Probabilistic Sharpe ratio (Bailey & Lopez de Prado 2012): P(true SR > benchmark)
 * = Z((SR - SR*) sqrt(T - 1) / sqrt(1 - skew SR + (kurt - 1) / 4 SR^2)), per-period SRs,
 * non-excess kurtosis. NaN when T < 2 or the denominator is not positive.
 */
export function probabilisticSharpe(sharpe: number, benchmark: number, nObs: number, skew = 0, kurtosis = 3): number {
  const den = 1 - skew * sharpe + ((kurtosis - 1) / 4) * sharpe * sharpe;
  if (!(nObs >= 2) || !(den > 0)) return NaN;
  return normalCdf(((sharpe - benchmark) * Math.sqrt(nObs - 1)) / Math.sqrt(den));
}

export interface DeflatedSharpeInput {
  /** Per-period Sharpe ratio of the selected strategy (annual / sqrt(periodsPerYear)). */
  sharpe: number;
  /** Number of returns of the selected strategy. */
  nObs: number;
  /** Number of trials (grid points) the strategy was selected from. */
  trials: number;
  /** Variance of the trials' per-period Sharpe ratios. */
  sharpeVariance: number;
  /** Skewness of the selected strategy's returns (default 0). */
  skew?: number;
  /** Kurtosis, NON-excess (normal = 3; default 3). */
  kurtosis?: number;
}

export interface DeflatedSharpeResult {
  /** P(true SR > SR0): near 1 = significant after the N trials; below 0.95 = not. */
  dsr: number;
  /** SR0, the expected best per-period Sharpe of N skill-less trials. */
  expectedMaxSharpe: number;
  /** The per-period Sharpe tested and its inputs, echoed. */
  sharpe: number;
  nObs: number;
  trials: number;
  sharpeVariance: number;
  skew: number;
  kurtosis: number;
}

/** The deflated Sharpe ratio (see the module doc). O(1). */
export function deflatedSharpe(input: DeflatedSharpeInput): DeflatedSharpeResult {
  const fn = 'deflatedSharpe';
  const { sharpe, nObs, trials, sharpeVariance } = input;
  const skew = input.skew ?? 0;
  const kurtosis = input.kurtosis ?? 3;
  if (!Number.isInteger(trials) || trials < 1) throw new InputError(`${fn}: trials must be an integer >= 1, got ${trials}`);
  if (!Number.isInteger(nObs) || nObs < 2) throw new InputError(`${fn}: nObs must be an integer >= 2, got ${nObs}`);
  const sr0 = expectedMaxSharpe(trials, sharpeVariance);
  return {
    dsr: probabilisticSharpe(sharpe, sr0, nObs, skew, kurtosis),
    expectedMaxSharpe: sr0,
    sharpe,
    nObs,
    trials,
    sharpeVariance,
    skew,
    kurtosis,
  };
}
