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

/** Pair state of column j in the interleaved layout (plane stride 16 bytes). */
@inline function stateOf(scratch: usize, j: i32): usize {
  return scratch + (<usize>(j >> 1)) * (PAIR_PLANES << 4) + ((<usize>(j & 1)) << 3);
}

@inline function pairKernel(x: usize, y: usize, out: usize, T: i32, N: i32, window: i32, minPeriods: i32, ddof: i32, corr: bool): void {
  const plane = <usize>N << 3; // one panel row
  // Pair state: the 14 planes of pairSums.ts interleaved per two pairs (columns 2k, 2k+1),
  // a block of PAIR_PLANES v128 each, so one row streams through one array (state plane p
  // of column j at block(j) + 16 p + 8 (j & 1)); then a row of NaN that stands for the
  // leaving row while t < window.
  const blocks = <usize>(N + 1) >> 1;
  const block = PAIR_PLANES << 4;
  const scratch = scratchAlloc(blocks * block + plane);
  const nanRow = scratch + blocks * block;
  for (let j = 0; j < N; j++) {
    pairInit(stateOf(scratch, j), 16);
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
        stateOf(scratch, k << 1), 16, out + ro + off, corr, minp, fddof, fw, kc,
      ));
    }
    for (let j = pairs << 1; j < N; j++) {
      const off = <usize>j << 3;
      if (pairScalar(
        load<f64>(x + ro + off), load<f64>(y + ro + off), load<f64>(oldX + off), load<f64>(oldY + off),
        stateOf(scratch, j), 16, out + ro + off, corr, minp, fddof, fw, kc,
      )) flag = f64x2.splat(1.0);
    }
    if (v128.any_true(flag)) {
      // some pair tripped the error-bound test: re-centre it on the window's rows
      const r0 = t >= window ? t + 1 - window : 0;
      const w0 = <usize>r0 * plane;
      for (let j = 0; j < N; j++) {
        const off = <usize>j << 3;
        pairFix(x + w0 + off, y + w0 + off, plane, t + 1 - r0, stateOf(scratch, j), 16, out + ro + off, corr, minp, fddof, fw, kc);
      }
    }
    if ((t + 1) % window == 0 && t + 1 < T) {
      const r0 = <usize>(t + 1 - window) * plane;
      for (let k = 0; k < pairs; k++) {
        const off = <usize>k << 4;
        pairAnchorLanes(x + r0 + off, y + r0 + off, plane, window, stateOf(scratch, k << 1), 16, false);
      }
      for (let j = pairs << 1; j < N; j++) {
        const off = <usize>j << 3;
        pairAnchorScalar(x + r0 + off, y + r0 + off, plane, window, stateOf(scratch, j), 16);
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
