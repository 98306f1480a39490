import { heapF64 } from '../engine/wasm.js';

/**
 * TypeScript twin of assembly/kernels/ewm.ts `ewmMean`: pandas
 * `ewm(alpha, adjust, ignore_na, min_periods).mean()` over a time-major panel in wasm
 * memory, the same IEEE operations in the same order (bit-identical to the wasm).
 */
export function ewmMean(
  x: number, out: number, T: number, N: number, alpha: number, adjust: number, ignoreNa: number, minPeriods: number,
): void {
  const h = heapF64();
  const xi = x >>> 3;
  const oi = out >>> 3;
  const f = 1.0 - alpha;
  const nw = adjust ? 1.0 : alpha;
  const minp = Math.max(minPeriods, 1);
  const weighted = new Float64Array(N).fill(NaN);
  const oldWt = new Float64Array(N).fill(1.0);
  const nobs = new Float64Array(N);
  for (let t = 0; t < T; t++) {
    const row = t * N;
    for (let j = 0; j < N; j++) {
      const cur = h[xi + row + j];
      let w = weighted[j];
      let ow = oldWt[j];
      const obs = cur === cur;
      if (obs) nobs[j] += 1.0;
      if (w === w) {
        if (obs || !ignoreNa) {
          ow = ow * f;
          if (obs) {
            if (w !== cur) w = (ow * w + nw * cur) / (ow + nw);
            ow = adjust ? ow + nw : 1.0;
          }
        }
      } else if (obs) {
        w = cur;
      }
      weighted[j] = w;
      oldWt[j] = ow;
      h[oi + row + j] = nobs[j] >= minp ? w : NaN;
    }
  }
}

/** Twin of `ewmSmaSeed`: TA-Lib seeding (SMA of the first `period` observations). */
export function ewmSmaSeed(x: number, out: number, T: number, N: number, alpha: number, period: number): void {
  const h = heapF64();
  const xi = x >>> 3;
  const oi = out >>> 3;
  const value = new Float64Array(N);
  const count = new Float64Array(N);
  for (let t = 0; t < T; t++) {
    const row = t * N;
    for (let j = 0; j < N; j++) {
      const cur = h[xi + row + j];
      let v = value[j];
      let c = count[j];
      if (cur === cur) {
        c += 1.0;
        if (c < period) v += cur;
        else if (c === period) v = (v + cur) / period;
        else v = (cur - v) * alpha + v;
        value[j] = v;
        count[j] = c;
      }
      h[oi + row + j] = c >= period ? v : NaN;
    }
  }
}
