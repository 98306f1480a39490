// Rolling covariance / correlation of two time-major panels of the same shape, column j
// of x with column j of y: pandas `x.rolling(window, min_periods).cov(y, ddof)` /
// `.corr(y)` with pairwise=False. Each column is one pair of pairSums.ts (anchored shifted
// sums over the rows where both are valid, exact recomputation every `window` rows);
// two columns per f64x2, the odd last column in scalar code with the same operations.
// O(T N) time amortised, O(N) scratch.

import { PAIR_PLANES, pairAnchorLanes, pairAnchorScalar, pairInit, pairLanes, pairScalar } from './pairSums';
import { scratchAlloc, scratchFree } from '../scratch';

const NAN: f64 = NaN;

@inline function pairKernel(x: usize, y: usize, out: usize, T: i32, N: i32, window: i32, minPeriods: i32, ddof: i32, corr: bool): void {
  const plane = <usize>N << 3;
  // Scratch: the 12 pair planes of N f64, then a row of NaN that stands for the
  // leaving row while t < window.
  const scratch = scratchAlloc(plane * (PAIR_PLANES + 1));
  const nanRow = scratch + PAIR_PLANES * plane;
  for (let j = 0; j < N; j++) {
    pairInit(scratch + (<usize>j << 3), plane);
    store<f64>(nanRow + (<usize>j << 3), NAN);
  }
  // corr needs two points (pandas: the variances are NaN for n <= ddof = 1)
  const minp: f64 = <f64>max(minPeriods, corr ? 2 : 1);
  const fddof: f64 = <f64>ddof;
  const pairs = N >> 1;
  for (let t = 0; t < T; t++) {
    const ro = <usize>t * plane;
    const oldX = t >= window ? x + <usize>(t - window) * plane : nanRow;
    const oldY = t >= window ? y + <usize>(t - window) * plane : nanRow;
    for (let k = 0; k < pairs; k++) {
      const off = <usize>k << 4;
      const res = pairLanes(
        v128.load(x + ro + off), v128.load(y + ro + off), v128.load(oldX + off), v128.load(oldY + off),
        scratch + off, plane, corr, minp, fddof,
      );
      v128.store(out + ro + off, res);
    }
    for (let j = pairs << 1; j < N; j++) {
      const off = <usize>j << 3;
      store<f64>(out + ro + off, pairScalar(
        load<f64>(x + ro + off), load<f64>(y + ro + off), load<f64>(oldX + off), load<f64>(oldY + off),
        scratch + off, plane, corr, minp, fddof,
      ));
    }
    if ((t + 1) % window == 0 && t + 1 < T) {
      const r0 = <usize>(t + 1 - window) * plane;
      for (let k = 0; k < pairs; k++) {
        const off = <usize>k << 4;
        pairAnchorLanes(x + r0 + off, y + r0 + off, plane, window, scratch + off, plane, corr, false);
      }
      for (let j = pairs << 1; j < N; j++) {
        const off = <usize>j << 3;
        pairAnchorScalar(x + r0 + off, y + r0 + off, plane, window, scratch + off, plane, corr);
      }
    }
  }
  scratchFree(scratch);
}

/**
 * pandas `x.rolling(window, min_periods).cov(y, ddof=ddof)` column by column, over rows
 * where both x and y are valid; exactly 0 when x or y is constant over those rows.
 */
export function rollingCov(x: usize, y: usize, out: usize, T: i32, N: i32, window: i32, minPeriods: i32, ddof: i32): void {
  pairKernel(x, y, out, T, N, window, minPeriods, ddof, false);
}

/**
 * pandas `x.rolling(window, min_periods).corr(y)` column by column, clipped to [-1, 1];
 * NaN when either variance over the jointly valid rows is 0 or fewer than 2 rows.
 */
export function rollingCorr(x: usize, y: usize, out: usize, T: i32, N: i32, window: i32, minPeriods: i32): void {
  pairKernel(x, y, out, T, N, window, minPeriods, 1, true);
}
