import { heapF64 } from '../engine/wasm.js';
import { boundConstant, newPairState, pairAnchor, pairStep, type PairWindow } from './pairSums.js';

/**
 * Twins of assembly/kernels/rollingCov.ts: pandas `x.rolling(window).cov(y, ddof)` /
 * `.corr(y)` column by column, each column one pair of pairSums (bit-identical to the
 * wasm).
 */
function pairs(x: number, y: number, out: number, T: number, N: number, window: number, minPeriods: number, ddof: number, corr: boolean): void {
  const h = heapF64();
  const xi = x >>> 3;
  const yi = y >>> 3;
  const oi = out >>> 3;
  const minp = Math.max(minPeriods, corr ? 2 : 1);
  const kc = boundConstant(window);
  const st = newPairState(N);
  const win: PairWindow = { h, ix: 0, iy: 0, stride: N, rows: 0 };
  for (let t = 0; t < T; t++) {
    const ro = t * N;
    const oo = (t - window) * N;
    const hasOld = t >= window;
    const w0 = (hasOld ? t + 1 - window : 0) * N;
    win.rows = hasOld ? window : t + 1;
    for (let j = 0; j < N; j++) {
      const ox = hasOld ? h[xi + oo + j] : NaN;
      const oy = hasOld ? h[yi + oo + j] : NaN;
      win.ix = xi + w0 + j;
      win.iy = yi + w0 + j;
      h[oi + ro + j] = pairStep(st, N, j, h[xi + ro + j], h[yi + ro + j], ox, oy, corr, minp, ddof, window, kc, win);
    }
    if ((t + 1) % window === 0 && t + 1 < T) {
      const r0 = (t + 1 - window) * N;
      for (let j = 0; j < N; j++) pairAnchor(st, N, j, h, xi + r0 + j, yi + r0 + j, N, window);
    }
  }
}

/** Twin of `rollingCov`: pandas `x.rolling(window).cov(y, ddof)`, column by column. */
export function rollingCov(x: number, y: number, out: number, T: number, N: number, window: number, minPeriods: number, ddof: number): void {
  pairs(x, y, out, T, N, window, minPeriods, ddof, false);
}

/** Twin of `rollingCorr`: pandas `x.rolling(window).corr(y)`, column by column. */
export function rollingCorr(x: number, y: number, out: number, T: number, N: number, window: number, minPeriods: number): void {
  pairs(x, y, out, T, N, window, minPeriods, 1, true);
}
