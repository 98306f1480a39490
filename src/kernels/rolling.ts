import { InputError } from '../errors.js';
import type { Panel } from '../panel.js';
import { applyUnary, type BackendOption, type SeriesInput } from './dispatch.js';
import { applyBinary, type SameKind } from './binary.js';
import { checkInt, checkOptions } from '../validate.js';

export interface RollingOptions extends BackendOption {
  /**
   * Valid (non-NaN) values a window needs before it yields a value; default: the
   * window. 0 behaves as 1, as in pandas. Must be <= window.
   */
  minPeriods?: number;
}

export interface RollingVarOptions extends RollingOptions {
  /** Delta degrees of freedom: the divisor is n - ddof (default 1, the sample variance). */
  ddof?: number;
}

/** Defaults shared by every rolling wrapper; `minPeriods` defaults to the window itself. */
export const ROLLING_DEFAULTS = { ddof: 1 } as const;

const MEAN_OPTIONS = ['minPeriods', 'backend'] as const;
const VAR_OPTIONS = ['ddof', 'minPeriods', 'backend'] as const;

/** Validated window parameters of a rolling call. */
export interface RollingParams {
  window: number;
  /**
   * The window passed to a kernel over T rows: min(window, T) (a window longer than the
   * data never drops a row, so this is the same computation, and it fits an i32).
   */
  kernelWindow: (T: number) => number;
  /** The ddof passed to a kernel over T rows: min(ddof, T) (n <= T, so the same NaNs). */
  kernelDdof: (T: number) => number;
  minPeriods: number;
  ddof: number;
  /** Rejects a window longer than the data unless minPeriods was given and fits. */
  check: (p: Panel) => void;
}

/**
 * Validates `window` (an integer >= 1) and the options (known names only; minPeriods an
 * integer in [0, window]; ddof an integer >= 0). A window longer than the data is an
 * error unless minPeriods is given explicitly and is <= the number of rows.
 */
export function rollingParams(fn: string, window: unknown, options: RollingVarOptions | undefined, allowed: readonly string[]): RollingParams {
  checkOptions(fn, options, allowed);
  const w = checkInt(fn, 'window', window, 1);
  const explicit = options?.minPeriods !== undefined;
  const minPeriods = explicit ? checkInt(fn, 'minPeriods', options!.minPeriods, 0) : w;
  if (minPeriods > w) throw new InputError(`${fn}: minPeriods ${minPeriods} must be <= window ${w}`);
  const ddof = checkInt(fn, 'ddof', options?.ddof ?? ROLLING_DEFAULTS.ddof, 0);
  const check = (p: Panel): void => {
    if (w > p.nRows && !explicit) {
      throw new InputError(`${fn}: window ${w} is longer than the data (${p.nRows} rows); give minPeriods <= ${p.nRows} to allow it`);
    }
    if (minPeriods > p.nRows) {
      throw new InputError(`${fn}: minPeriods ${minPeriods} is longer than the data (${p.nRows} rows)`);
    }
  };
  return {
    window: w, minPeriods, ddof, check,
    kernelWindow: (T) => Math.min(w, Math.max(T, 1)),
    kernelDdof: (T) => Math.min(ddof, T),
  };
}

/**
 * Rolling mean of every column: pandas `x.rolling(window, min_periods).mean()`.
 *
 * Algorithm: pandas' own roll_mean, operation for operation, so values are
 * bit-identical to pandas: a running sum of the window's valid values with Kahan
 * compensation (separate terms for additions and removals), mean = sum / n, O(1) per
 * row. NaN rules: NaNs are skipped and not counted; the output is NaN while fewer than
 * max(minPeriods, 1) values of the window are valid (leading NaNs, gaps, all-NaN
 * columns). When the window's valid values are all equal (pandas tracks the run of
 * equal values) the mean is exactly that value; a mean whose sign contradicts every
 * value's sign is 0 (pandas' neg_ct rule). As in pandas, an infinite value poisons the
 * running sum: the mean is NaN from the row after it onwards.
 * Complexity O(T N) time, O(N) scratch; the wasm kernel runs two columns per SIMD lane.
 */
export function rollingMean<I extends SeriesInput>(x: I, window: number, options?: RollingOptions): I {
  const fn = 'rollingMean';
  const p = rollingParams(fn, window, options, MEAN_OPTIONS);
  return applyUnary(fn, x, options?.backend, (k, xp, out, T, N) => k.rollingMean(xp, out, T, N, p.kernelWindow(T), p.minPeriods), p.check);
}

/**
 * Rolling variance of every column: pandas `x.rolling(window, min_periods).var(ddof)`.
 *
 * Algorithm: shifted sums (Chan, Golub & LeVeque's "shifted data" form): per column an
 * anchor K and n, S = sum(x - K), SS = sum((x - K)^2) over the window's valid values,
 * updated in O(1) as values enter and leave; var = (n SS - S^2) / (n (n - ddof)). A window
 * that empties takes its next value as anchor; every `window` rows the anchor moves to
 * the latest valid value and S, SS are recomputed exactly from the window. Between those,
 * each column also accumulates E, the history of SS since the last recomputation, and
 * checks a derived bound on the rounding error of D = n SS - S^2 (Higham's summation
 * bound: |error| <= u (7 window + 9)(E + window SS), u = 2^-53; derivation in
 * assembly/kernels/rolling.ts); where the bound exceeds 2^-31 D (after a level shift or an
 * outlier leaves the window, after a long drift away from K) the column is re-centred at
 * once on the window's value nearest its mean and its sums recomputed (O(window), rare on
 * ordinary data). So every reported variance is within 2^-31 (4.7e-10) relative of the
 * exact one: a jump from 1e2 to 1e9, 1e8 outliers, 1e8 + 1e-3 noise and 1e-8-scale data,
 * windows up to 4000, are all tested to 1e-9 against an exact two-pass reference.
 * NaN rules: NaNs are skipped and not counted; NaN while fewer than max(minPeriods, 1)
 * values are valid or while n <= ddof. Exactly 0 when the window's valid values are all
 * equal (pandas' run-of-equal-values rule) or n = 1 with ddof 0; rounding below 0 is
 * clipped to 0. An infinite value makes the windows that hold it NaN, and may leave NaN
 * for up to `window` rows after it leaves (until the next exact recomputation).
 * Complexity O(T N) plus O(window) per re-centring, O(N) scratch; two columns per SIMD
 * lane in wasm.
 */
export function rollingVar<I extends SeriesInput>(x: I, window: number, options?: RollingVarOptions): I {
  const fn = 'rollingVar';
  const p = rollingParams(fn, window, options, VAR_OPTIONS);
  return applyUnary(fn, x, options?.backend, (k, xp, out, T, N) => k.rollingVar(xp, out, T, N, p.kernelWindow(T), p.minPeriods, p.kernelDdof(T)), p.check);
}

/**
 * Rolling standard deviation: pandas `x.rolling(window, min_periods).std(ddof)`, the
 * square root of `rollingVar` (same algorithm, NaN and zero rules). O(T N).
 */
export function rollingStd<I extends SeriesInput>(x: I, window: number, options?: RollingVarOptions): I {
  const fn = 'rollingStd';
  const p = rollingParams(fn, window, options, VAR_OPTIONS);
  return applyUnary(fn, x, options?.backend, (k, xp, out, T, N) => k.rollingStd(xp, out, T, N, p.kernelWindow(T), p.minPeriods, p.kernelDdof(T)), p.check);
}

/**
 * Rolling covariance of x and y column by column: pandas
 * `x.rolling(window, min_periods).cov(y, ddof=ddof)` (pairwise=False). x and y are two
 * inputs of the same kind and shape; the result has x's kind, columns and dates.
 *
 * Only rows where both x and y are valid count (pandas aligns X + 0 Y). Algorithm: per
 * column anchors Kx, Ky and n, Sx, Sy, Sxy = sum((x - Kx)(y - Ky)), Sxx, Syy over those
 * rows, updated in O(1), re-anchored and recomputed exactly every `window` rows, and
 * re-centred wherever `rollingVar`'s error bound fails for x or for y (then cov is within
 * 2^-31 of sqrt(var_x var_y) of the exact value); cov = (n Sxy - Sx Sy) / (n (n - ddof)).
 * NaN while fewer than max(minPeriods, 1) joint rows or n <= ddof; exactly 0 when x or y
 * is constant over the joint rows. Infinite values: as `rollingVar`. Complexity O(T N)
 * plus O(window) per re-centring, O(N) scratch.
 */
export function rollingCov<I extends SeriesInput>(x: I, y: SameKind<I>, window: number, options?: RollingVarOptions): I {
  const fn = 'rollingCov';
  const p = rollingParams(fn, window, options, VAR_OPTIONS);
  return applyBinary(fn, x, y, options?.backend, (k, xp, yp, out, T, N) => k.rollingCov(xp, yp, out, T, N, p.kernelWindow(T), p.minPeriods, p.kernelDdof(T)), p.check);
}

/**
 * Rolling correlation of x and y column by column: pandas
 * `x.rolling(window, min_periods).corr(y)` (pairwise=False), over rows where both are
 * valid: corr = cov / sqrt(var_x var_y), the three over the same joint rows (computed as
 * dxy / sqrt(dxx dyy) from the shifted sums of `rollingCov`), clipped to [-1, 1].
 * NaN while fewer than max(minPeriods, 2) joint rows, and (our rule, where pandas
 * returns inf or NaN from 0 / 0) NaN when either variance is 0: x or y constant over
 * the joint rows. Accuracy: about 2^-30 absolute, as the error bound of `rollingCov`.
 * Complexity O(T N) plus O(window) per re-centring, O(N) scratch.
 */
export function rollingCorr<I extends SeriesInput>(x: I, y: SameKind<I>, window: number, options?: RollingOptions): I {
  const fn = 'rollingCorr';
  const p = rollingParams(fn, window, options, MEAN_OPTIONS);
  return applyBinary(fn, x, y, options?.backend, (k, xp, yp, out, T, N) => k.rollingCorr(xp, yp, out, T, N, p.kernelWindow(T), p.minPeriods), p.check);
}
