// Rolling N x N covariance / correlation matrices of a time-major panel (T x N f64):
// pandas `df.rolling(window, min_periods).cov(ddof=ddof)` / `.corr()` (pairwise=True),
// pairwise-complete: pair (i, j) uses the rows of the window where both i and j are valid.
// Output: T consecutive row-major N x N matrices (row t at element offset t*N*N). O(T N^2).
//
// Every pair (i, j), i <= j, is one pair of pairSums.ts with x = column i, y = column j:
// the very operations of rollingCov.ts, so entry (i, j) is bit-identical to
// rollingCov / rollingCorr of the two columns, and the covariance diagonal (clipped at 0,
// as a variance) to rollingVar. The upper triangle of row i runs two pairs (i, j),
// (i, j+1) per f64x2 from the even j <= i (for odd i the first lane computes the unused
// pair (i, i-1)); the odd last pair in scalar code; then the lower triangle is mirrored,
// so the matrices are exactly symmetric. A pair that trips the error-bound test of
// pairSums.ts is re-centred after the row's loop, before the mirroring. O(T N^2) plus
// O(window) per re-centring.

import { BOUND_SCALE, PAIR_PLANES, pairAnchorLanes, pairAnchorScalar, pairFix, pairInit, pairLanes, pairScalar } from './pairSums';
import { scratchAlloc, scratchFree } from '../scratch';

const NAN: f64 = NaN;

@inline function matrixKernel(x: usize, out: usize, T: i32, N: i32, window: i32, minPeriods: i32, ddof: i32, corr: bool): void {
  const cplane = <usize>N << 3; // one panel row
  const nn = <usize>N * <usize>N;
  const pplane = nn << 3; // one N x N plane of pair state, pair (i, j) at (i N + j) * 8
  const state = scratchAlloc(pplane * PAIR_PLANES);
  for (let q: usize = 0; q < nn; q++) pairInit(state + (q << 3), pplane);
  const nanRow = scratchAlloc(cplane); // the leaving row while t < window
  for (let j = 0; j < N; j++) store<f64>(nanRow + (<usize>j << 3), NAN);
  const minp: f64 = <f64>max(minPeriods, corr ? 2 : 1);
  const fddof: f64 = <f64>ddof;
  const fw: f64 = <f64>window;
  const kc: f64 = BOUND_SCALE * (7.0 * fw + 9.0);
  for (let t = 0; t < T; t++) {
    const cur = x + <usize>t * cplane;
    const old = t >= window ? x + <usize>(t - window) * cplane : nanRow;
    const outRow = out + <usize>t * pplane;
    let flag = f64x2.splat(0.0);
    for (let i = 0; i < N; i++) {
      const oi = <usize>i << 3;
      const xi = load<f64>(cur + oi);
      const xo = load<f64>(old + oi);
      const cx = f64x2.splat(xi);
      const ox = f64x2.splat(xo);
      const rowOff = (<usize>i * <usize>N) << 3;
      let j = i & ~1;
      for (; j + 1 < N; j += 2) {
        const oj = <usize>j << 3;
        flag = v128.or(flag, pairLanes(cx, v128.load(cur + oj), ox, v128.load(old + oj), state + rowOff + oj, pplane, outRow + rowOff + oj, corr, minp, fddof, fw, kc));
      }
      if (j < N) {
        const oj = <usize>j << 3;
        if (pairScalar(xi, load<f64>(cur + oj), xo, load<f64>(old + oj), state + rowOff + oj, pplane, outRow + rowOff + oj, corr, minp, fddof, fw, kc)) {
          flag = f64x2.splat(1.0);
        }
      }
    }
    if (v128.any_true(flag)) {
      // some pair tripped the error-bound test: re-centre it on the window's rows (the
      // unused pair (i, i - 1) of an odd i too, so that it stops tripping)
      const r0 = t >= window ? t + 1 - window : 0;
      const win = x + <usize>r0 * cplane;
      for (let i = 0; i < N; i++) {
        const rowOff = (<usize>i * <usize>N) << 3;
        for (let j = i & ~1; j < N; j++) {
          const oj = <usize>j << 3;
          pairFix(win + (<usize>i << 3), win + oj, cplane, t + 1 - r0, state + rowOff + oj, pplane, outRow + rowOff + oj, corr, minp, fddof, fw, kc);
        }
      }
    }
    // Mirror the upper triangle; clip the variances on the diagonal at 0.
    for (let i = 0; i < N; i++) {
      const rowI = outRow + ((<usize>i * <usize>N) << 3);
      if (!corr) {
        const d = load<f64>(rowI + (<usize>i << 3));
        store<f64>(rowI + (<usize>i << 3), d < 0.0 ? 0.0 : d);
      }
      for (let j = i + 1; j < N; j++) {
        store<f64>(outRow + ((<usize>j * <usize>N + <usize>i) << 3), load<f64>(rowI + (<usize>j << 3)));
      }
    }
    if ((t + 1) % window == 0 && t + 1 < T) {
      const r0 = x + <usize>(t + 1 - window) * cplane;
      for (let i = 0; i < N; i++) {
        const oi = <usize>i << 3;
        const rowOff = (<usize>i * <usize>N) << 3;
        let j = i & ~1;
        for (; j + 1 < N; j += 2) {
          const oj = <usize>j << 3;
          pairAnchorLanes(r0 + oi, r0 + oj, cplane, window, state + rowOff + oj, pplane, true);
        }
        if (j < N) {
          const oj = <usize>j << 3;
          pairAnchorScalar(r0 + oi, r0 + oj, cplane, window, state + rowOff + oj, pplane);
        }
      }
    }
  }
  scratchFree(nanRow);
  scratchFree(state);
}

/**
 * pandas `df.rolling(window, min_periods).cov(ddof=ddof)`: at each row t the N x N
 * covariance matrix over pairwise-complete rows of the window, written at out + 8 t N^2.
 */
export function rollingCovMatrix(x: usize, out: usize, T: i32, N: i32, window: i32, minPeriods: i32, ddof: i32): void {
  matrixKernel(x, out, T, N, window, minPeriods, ddof, false);
}

/** pandas `df.rolling(window, min_periods).corr()`: N x N correlation matrices, as above. */
export function rollingCorrMatrix(x: usize, out: usize, T: i32, N: i32, window: i32, minPeriods: i32): void {
  matrixKernel(x, out, T, N, window, minPeriods, 1, true);
}
