// Volatility targeting per asset (TypeScript twin: src/twin/volScale.ts, bit-identical).

/**
 * out[i] = w[i] * min(cap, target / (sigma[i] * annual)) over n cells; 0 where w is 0 or
 * NaN or the scale is NaN (sigma NaN in the warm-up). sigma = 0 gives target / 0 = inf,
 * clipped to the cap. `min` is wasm's f64.min (NaN if either is NaN, as Math.min). O(n).
 */
export function volScale(w: usize, sigma: usize, out: usize, n: i32, target: f64, cap: f64, annual: f64): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    const x = load<f64>(w + o);
    const scale = min(cap, target / (load<f64>(sigma + o) * annual));
    store<f64>(out + o, x == 0.0 || x != x || scale != scale ? 0.0 : x * scale);
  }
}
