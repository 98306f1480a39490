import { heapF64 } from '../engine/wasm.js';
import { boundConstant, newPairState, pairAnchor, pairStep, type PairWindow } from './pairSums.js';

/**
 * Twin of assembly/kernels/rollingMatrix.ts: rolling N x N covariance / correlation
 * matrices over pairwise-complete rows, T consecutive row-major matrices at `out`. Pair
 * (i, j), i <= j, is one pair of pairSums with x = column i, y = column j (bit-identical
 * to the wasm, which also updates an unused pair (i, i-1) for odd i: the twin skips it).
 */
function matrix(x: number, out: number, T: number, N: number, window: number, minPeriods: number, ddof: number, corr: boolean): void {
  const h = heapF64();
  const x0 = x >>> 3;
  const o0 = out >>> 3;
  const NN = N * N;
  const minp = Math.max(minPeriods, corr ? 2 : 1);
  const kc = boundConstant(window);
  const st = newPairState(NN);
  const win: PairWindow = { h, ix: 0, iy: 0, stride: N, rows: 0 };
  for (let t = 0; t < T; t++) {
    const cur = x0 + t * N;
    const old = x0 + (t - window) * N;
    const hasOld = t >= window;
    const outRow = o0 + t * NN;
    const w0 = x0 + (hasOld ? t + 1 - window : 0) * N;
    win.rows = hasOld ? window : t + 1;
    for (let i = 0; i < N; i++) {
      const xi = h[cur + i];
      const xo = hasOld ? h[old + i] : NaN;
      win.ix = w0 + i;
      for (let j = i; j < N; j++) {
        const q = i * N + j;
        win.iy = w0 + j;
        h[outRow + q] = pairStep(st, NN, q, xi, h[cur + j], xo, hasOld ? h[old + j] : NaN, corr, minp, ddof, window, kc, win);
      }
    }
    for (let i = 0; i < N; i++) {
      if (!corr) {
        const d = h[outRow + i * N + i];
        h[outRow + i * N + i] = d < 0.0 ? 0.0 : d;
      }
      for (let j = i + 1; j < N; j++) h[outRow + j * N + i] = h[outRow + i * N + j];
    }
    if ((t + 1) % window === 0 && t + 1 < T) {
      const r0 = x0 + (t + 1 - window) * N;
      for (let i = 0; i < N; i++) {
        for (let j = i; j < N; j++) pairAnchor(st, NN, i * N + j, h, r0 + i, r0 + j, N, window);
      }
    }
  }
}

/** Twin of `rollingCovMatrix`: pandas `df.rolling(window).cov(ddof)` (pairwise). */
export function rollingCovMatrix(x: number, out: number, T: number, N: number, window: number, minPeriods: number, ddof: number): void {
  matrix(x, out, T, N, window, minPeriods, ddof, false);
}

/** Twin of `rollingCorrMatrix`: pandas `df.rolling(window).corr()` (pairwise). */
export function rollingCorrMatrix(x: number, out: number, T: number, N: number, window: number, minPeriods: number): void {
  matrix(x, out, T, N, window, minPeriods, 1, true);
}
