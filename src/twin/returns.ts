import { heapF64 } from '../engine/wasm.js';

/**
 * TypeScript twins of assembly/kernels/returns.ts: plain loops over a time-major panel
 * in wasm memory, where the value k rows earlier is k*N cells earlier. Same IEEE
 * operations in the same order as the wasm, so the results are bit-identical (logReturns:
 * within 1 ulp, V8's Math.log1p / Math.log and the wasm's log differ in the last bit).
 */

/** Twin of `pctChange`: out_t = x_t / x_{t-k} - 1, NaN for the first k rows. */
export function pctChange(x: number, out: number, T: number, N: number, periods: number): void {
  const h = heapF64();
  const xi = x >>> 3;
  const oi = out >>> 3;
  const n = T * N;
  const lag = Math.min(periods * N, n);
  for (let i = 0; i < lag; i++) h[oi + i] = NaN;
  for (let i = lag; i < n; i++) h[oi + i] = h[xi + i] / h[xi + i - lag] - 1;
}

/** Twin of `shift`: out_t = x_{t-k}; positive k lags, negative k leads; NaN fill. */
export function shift(x: number, out: number, T: number, N: number, periods: number): void {
  const h = heapF64();
  const xi = x >>> 3;
  const oi = out >>> 3;
  const n = T * N;
  const lag = periods * N;
  for (let i = 0; i < n; i++) {
    const src = i - lag;
    h[oi + i] = src >= 0 && src < n ? h[xi + src] : NaN;
  }
}

/** The return range where log1p of the return is used (no rounding of the ratio); the wasm's constants. */
const LOG1P_LO = -0.2928932188134524; // 1/sqrt(2) - 1
const LOG1P_HI = 0.41421356237309503; // sqrt(2) - 1

/**
 * Twin of `logReturns`: log1p of the return (x_t - x_{t-k}) / x_{t-k} when it lies in
 * (1/sqrt(2) - 1, sqrt(2) - 1), else ln of the ratio. Returns the flat index of the
 * first price <= 0 (row-major order) without writing `out`, else -1.
 */
export function logReturns(x: number, out: number, T: number, N: number, periods: number): number {
  const h = heapF64();
  const xi = x >>> 3;
  const oi = out >>> 3;
  const n = T * N;
  for (let i = 0; i < n; i++) if (h[xi + i] <= 0) return i;
  const lag = Math.min(periods * N, n);
  for (let i = 0; i < lag; i++) h[oi + i] = NaN;
  for (let i = lag; i < n; i++) {
    const p = h[xi + i];
    const prev = h[xi + i - lag];
    const r = (p - prev) / prev;
    h[oi + i] = r > LOG1P_LO && r < LOG1P_HI ? Math.log1p(r) : Math.log(p / prev);
  }
  return -1;
}

/** Twin of `cumReturns`: running product of (1 + r) down each column, NaN rows skipped. */
export function cumReturns(x: number, out: number, T: number, N: number): void {
  const h = heapF64();
  const xi = x >>> 3;
  const oi = out >>> 3;
  const acc = new Float64Array(N).fill(1.0);
  for (let t = 0; t < T; t++) {
    const row = t * N;
    for (let j = 0; j < N; j++) {
      const r = h[xi + row + j];
      const next = acc[j] * (1.0 + r);
      if (r === r) acc[j] = next;
      h[oi + row + j] = next;
    }
  }
}
