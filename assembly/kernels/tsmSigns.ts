// Time-series momentum's weights over a time-major panel of lookback returns
// (TypeScript twin: src/twin/tsmSigns.ts, the same operations, bit-identical).

/**
 * w[t, j] = s / n_t with s = +1 where r > threshold, `below` (0 long-cash, -1 long-short)
 * where r < threshold, 0 where r equals it or is NaN; n_t = the non-NaN r of row t.
 * A zero s writes +0 (never -0 or NaN). O(T N), no scratch.
 */
export function tsmSigns(ret: usize, out: usize, T: i32, N: i32, threshold: f64, below: f64): void {
  for (let t = 0; t < T; t++) {
    const row = <usize>t * <usize>N << 3;
    let n = 0;
    for (let j = 0; j < N; j++) {
      const r = load<f64>(ret + row + (<usize>j << 3));
      if (r == r) n++;
    }
    const fn = <f64>n;
    for (let j = 0; j < N; j++) {
      const r = load<f64>(ret + row + (<usize>j << 3));
      const s = r > threshold ? 1.0 : r < threshold ? below : 0.0;
      store<f64>(out + row + (<usize>j << 3), s == 0.0 ? 0.0 : s / fn);
    }
  }
}
