import { InputError } from '../errors.js';
import { explainTrap } from '../engine/residency.js';
import { MatrixSeries, MATRIX_SERIES_MAX_BYTES } from '../matrixSeries.js';
import type { Kernels } from '../engine/kernels.js';
import type { Panel } from '../panel.js';
import { kernelsFor, type SeriesInput } from './dispatch.js';
import { withPanel } from '../inputs/index.js';
import { rollingParams, type RollingOptions, type RollingVarOptions } from './rolling.js';

const COV_OPTIONS = ['ddof', 'minPeriods', 'backend'] as const;
const CORR_OPTIONS = ['minPeriods', 'backend'] as const;

/** f64 planes of per-pair scratch the kernels take (assembly/kernels/pairSums.ts). */
const PAIR_PLANES = 14;

function matrixSeries(
  fn: string, x: SeriesInput, window: number, options: RollingVarOptions | undefined,
  allowed: readonly string[],
  run: (k: Kernels, x: number, out: number, T: number, N: number, window: number, minPeriods: number, ddof: number) => void,
): MatrixSeries {
  const p = rollingParams(fn, window, options, allowed);
  const k = kernelsFor(fn, options?.backend);
  return withPanel(fn, 'panel', x, (panel: Panel) => {
    p.check(panel);
    const N = panel.nCols;
    const scratch = PAIR_PLANES * N * N * 8;
    if (scratch >= MATRIX_SERIES_MAX_BYTES) {
      throw new InputError(`${fn}: ${N} assets need ${(scratch / 2 ** 20).toFixed(0)} MiB of pair state (${PAIR_PLANES} x N x N f64), over the 1 GiB limit; use fewer assets`);
    }
    const out = new MatrixSeries(panel.nRows, N, panel.columns, panel.index, fn);
    try {
      run(k, panel.ptr, out.ptr, panel.nRows, N, p.kernelWindow(panel.nRows), p.minPeriods, p.kernelDdof(panel.nRows));
    } catch (e) {
      out.free();
      throw explainTrap(e);
    }
    return out;
  });
}

/**
 * Rolling N x N covariance matrices of a panel: pandas
 * `df.rolling(window, min_periods).cov(ddof=ddof)` (pairwise=True), one matrix per row.
 * Pair (i, j) uses the rows of the window where both assets are valid
 * (pairwise-complete, as pandas).
 *
 * Algorithm: every pair runs the state machine of `rollingCov` (anchored shifted sums
 * over its joint rows, O(1) per row, exact recomputation every `window` rows and
 * re-centring where the error bound fails), so entry
 * (i, j) is bit-identical to `rollingCov` of columns i and j, and the diagonal to
 * `rollingVar` of each column. The upper triangle is computed (two pairs per SIMD lane)
 * and mirrored: the matrices are exactly symmetric. NaN while a pair has fewer than
 * max(minPeriods, 1) joint rows or n <= ddof; exactly 0 when either asset is constant over
 * the pair's rows. Memory: returns a MatrixSeries of T * N * N f64 (refused, InputError,
 * at 1 GiB or more: e.g. 2520 rows allow at most 230 assets); scratch 14 N^2 f64.
 * Complexity O(T N^2).
 */
export function rollingCovMatrix(panel: SeriesInput, window: number, options?: RollingVarOptions): MatrixSeries {
  return matrixSeries('rollingCovMatrix', panel, window, options, COV_OPTIONS,
    (k, x, out, T, N, w, minp, ddof) => k.rollingCovMatrix(x, out, T, N, w, minp, ddof));
}

/**
 * Rolling N x N correlation matrices of a panel: pandas
 * `df.rolling(window, min_periods).corr()` (pairwise=True), pairwise-complete rows; the
 * same algorithm as `rollingCovMatrix`, entry (i, j) bit-identical to `rollingCorr` of
 * columns i and j: corr = dxy / sqrt(dxx dyy) clipped to [-1, 1], NaN while a pair has
 * fewer than max(minPeriods, 2) joint rows and when either asset is constant over them
 * (pandas: 0 / 0). The diagonal is 1 where the asset's variance is positive. Memory and
 * complexity as `rollingCovMatrix`.
 */
export function rollingCorrMatrix(panel: SeriesInput, window: number, options?: RollingOptions): MatrixSeries {
  return matrixSeries('rollingCorrMatrix', panel, window, options, CORR_OPTIONS,
    (k, x, out, T, N, w, minp) => k.rollingCorrMatrix(x, out, T, N, w, minp));
}
