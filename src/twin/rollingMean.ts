import { heapF64 } from '../engine/wasm.js';

/** IEEE sign bit, as C's signbit (true for -0). */
const signbit = (v: number): boolean => v < 0 || (v === 0 && 1 / v < 0);

/**
 * Twin of assembly/kernels/rollingMean.ts: pandas `rolling(window, min_periods).mean()`
 * reproduced from pandas' roll_mean (Kahan sums with separate add / remove
 * compensations, the run-of-equal-values and sign rules), the same operations in the
 * same order as the wasm lanes: bit-identical.
 */
export function rollingMean(x: number, out: number, T: number, N: number, window: number, minPeriods: number): void {
  const h = heapF64();
  const xi = x >>> 3;
  const oi = out >>> 3;
  const minp = Math.max(minPeriods, 1);
  const SUM = new Float64Array(N);
  const CADD = new Float64Array(N);
  const CREM = new Float64Array(N);
  const CNT = new Float64Array(N);
  const NEG = new Float64Array(N);
  const RUN = new Float64Array(N);
  const PREV = new Float64Array(N).fill(NaN);
  for (let t = 0; t < T; t++) {
    const row = xi + t * N;
    const oldRow = xi + (t - window) * N;
    const hasOld = t >= window;
    const outRow = oi + t * N;
    for (let j = 0; j < N; j++) {
      const cur = h[row + j];
      const old = hasOld ? h[oldRow + j] : NaN;
      let sum = SUM[j];
      let n = CNT[j];
      let neg = NEG[j];
      if (old === old) {
        const y = -old - CREM[j];
        const u = sum + y;
        CREM[j] = u - sum - y;
        sum = u;
        n = n - 1.0;
        if (signbit(old)) neg = neg - 1.0;
      }
      if (cur === cur) {
        const y = cur - CADD[j];
        const u = sum + y;
        CADD[j] = u - sum - y;
        sum = u;
        n = n + 1.0;
        if (signbit(cur)) neg = neg + 1.0;
        RUN[j] = cur === PREV[j] ? RUN[j] + 1.0 : 1.0;
        PREV[j] = cur;
      }
      SUM[j] = sum;
      CNT[j] = n;
      NEG[j] = neg;
      let m = sum / n;
      if (RUN[j] >= n) m = PREV[j];
      else if ((neg === 0.0 && m < 0.0) || (neg === n && m > 0.0)) m = 0.0;
      h[outRow + j] = n >= minp ? m : NaN;
    }
  }
}
