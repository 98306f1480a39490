// Rolling covariance / correlation of two time-major panels of the same shape, column j
// of x with column j of y: pandas `x.rolling(window, min_periods).cov(y, ddof)` /
// `.corr(y)` with pairwise=False. Each column is one pair of pairSums.ts (anchored shifted
// sums over the rows where both are valid, exact recomputation every `window` rows and
// re-centring where the error-bound test fires); two columns per f64x2, the odd last
// column in scalar code with the same operations. O(T N) time plus O(window) per
// re-centring, O(N) scratch.

import { BOUND_SCALE, PAIR_PLANES, pairAnchorLanes, pairAnchorScalar, pairFix, pairInit, pairLanes, pairScalar } from './pairSums';
import { scratchAlloc, scratchFree } from '../scratch';

const NAN: f64 = NaN;

@inline function pairKernel(x: usize, y: usize, out: usize, T: i32, N: i32, window: i32, minPeriods: i32, ddof: i32, corr: bool): void {
  const plane = <usize>N << 3;
  // Scratch: the 14 pair planes of N f64, then a row of NaN that stands for the
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
  const fw: f64 = <f64>window;
  const kc: f64 = BOUND_SCALE * (7.0 * fw + 9.0);
  const pairs = N >> 1;
  for (let t = 0; t < T; t++) {
    const ro = <usize>t * plane;
    const oldX = t >= window ? x + <usize>(t - window) * plane : nanRow;
    const oldY = t >= window ? y + <usize>(t - window) * plane : nanRow;
    let flag = f64x2.splat(0.0);
    for (let k = 0; k < pairs; k++) {
      const off = <usize>k << 4;
      flag = v128.or(flag, pairLanes(
        v128.load(x + ro + off), v128.load(y + ro + off), v128.load(oldX + off), v128.load(oldY + off),
        scratch + off, plane, out + ro + off, corr, minp, fddof, fw, kc,
      ));
    }
    for (let j = pairs << 1; j < N; j++) {
      const off = <usize>j << 3;
      if (pairScalar(
        load<f64>(x + ro + off), load<f64>(y + ro + off), load<f64>(oldX + off), load<f64>(oldY + off),
        scratch + off, plane, out + ro + off, corr, minp, fddof, fw, kc,
      )) flag = f64x2.splat(1.0);
    }
    if (v128.any_true(flag)) {
      // some pair tripped the error-bound test: re-centre it on the window's rows
      const r0 = t >= window ? t + 1 - window : 0;
      const w0 = <usize>r0 * plane;
      for (let j = 0; j < N; j++) {
        const off = <usize>j << 3;
        pairFix(x + w0 + off, y + w0 + off, plane, t + 1 - r0, scratch + off, plane, out + ro + off, corr, minp, fddof, fw, kc);
      }
    }
    if ((t + 1) % window == 0 && t + 1 < T) {
      const r0 = <usize>(t + 1 - window) * plane;
      for (let k = 0; k < pairs; k++) {
        const off = <usize>k << 4;
        pairAnchorLanes(x + r0 + off, y + r0 + off, plane, window, scratch + off, plane, false);
      }
      for (let j = pairs << 1; j < N; j++) {
        const off = <usize>j << 3;
        pairAnchorScalar(x + r0 + off, y + r0 + off, plane, window, scratch + off, plane);
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
