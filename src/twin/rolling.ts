import { heapF64 } from '../engine/wasm.js';

/**
 * TypeScript twins of assembly/kernels/rolling.ts: rolling var / std of every column
 * over time-major panels in wasm memory. Same algorithm (anchored shifted sums,
 * re-anchoring and exact recomputation every `window` rows, re-centring wherever the
 * error-bound test kc (E + window SS) > D fires) and the same IEEE operations in the same
 * order as the wasm lanes, so the two backends agree bit for bit.
 */

const STD = 2;

/** kc / (7 window + 9) = 2^-22, as in the wasm. */
const BOUND_SCALE = 2.384185791015625e-7;

/**
 * Re-centres column j: K becomes the valid value of the window rows r0..r0+rows-1 nearest
 * their mean, and S, SS, E are recomputed from those rows (twin of `momentRecentre`).
 */
function recentre(
  h: Float64Array, xi: number, N: number, j: number, r0: number, rows: number, last: number,
  K: Float64Array, S: Float64Array, SS: Float64Array, E: Float64Array,
): void {
  let sum = 0.0;
  let cnt = 0.0;
  for (let r = r0; r < r0 + rows; r++) {
    const cur = h[xi + r * N + j];
    if (cur === cur) {
      sum = sum + (cur - last);
      cnt = cnt + 1.0;
    }
  }
  const mean = last + sum / cnt;
  let k = last;
  let dist = Math.abs(last - mean);
  for (let r = r0; r < r0 + rows; r++) {
    const cur = h[xi + r * N + j];
    const d = Math.abs(cur - mean);
    if (d < dist) {
      dist = d;
      k = cur;
    }
  }
  let s = 0.0;
  let ss = 0.0;
  let e = 0.0;
  for (let r = r0; r < r0 + rows; r++) {
    const cur = h[xi + r * N + j];
    const v = cur === cur ? cur - k : 0.0;
    s = s + v;
    ss = ss + v * v;
    e = e + ss;
  }
  K[j] = k;
  S[j] = s;
  SS[j] = ss;
  E[j] = e;
}

function moments(x: number, out: number, T: number, N: number, window: number, minPeriods: number, ddof: number, stat: number): void {
  const h = heapF64();
  const xi = x >>> 3;
  const oi = out >>> 3;
  const minp = Math.max(minPeriods, 1);
  const fw = window;
  const kc = BOUND_SCALE * (7.0 * fw + 9.0);
  const K = new Float64Array(N);
  const S = new Float64Array(N);
  const SS = new Float64Array(N);
  const E = new Float64Array(N);
  const cnt = new Float64Array(N);
  const run = new Float64Array(N);
  const prev = new Float64Array(N).fill(NaN);
  for (let t = 0; t < T; t++) {
    const row = xi + t * N;
    const oldRow = xi + (t - window) * N;
    const hasOld = t >= window;
    const outRow = oi + t * N;
    const r0 = hasOld ? t + 1 - window : 0;
    for (let j = 0; j < N; j++) {
      const cur = h[row + j];
      const old = hasOld ? h[oldRow + j] : NaN;
      let k = K[j];
      let s = S[j];
      let ss = SS[j];
      let e = E[j];
      let n = cnt[j];
      let r = run[j];
      let p = prev[j];
      const valid = cur === cur;
      const validOld = old === old;
      const vOld = validOld ? old - k : 0.0;
      const nRem = n - (validOld ? 1.0 : 0.0);
      const empty = nRem === 0.0;
      if (empty && cur - cur === 0.0) k = cur;
      const v = valid ? cur - k : 0.0;
      s = (empty ? 0.0 : s - vOld) + v;
      ss = (empty ? 0.0 : ss - vOld * vOld) + v * v;
      e = (empty ? 0.0 : e) + ss;
      n = nRem + (valid ? 1.0 : 0.0);
      if (valid) {
        r = cur === p ? r + 1.0 : 1.0;
        p = cur;
      }
      K[j] = k;
      S[j] = s;
      SS[j] = ss;
      E[j] = e;
      cnt[j] = n;
      run[j] = r;
      prev[j] = p;
      let D = n * ss - s * s;
      if (kc * (e + fw * ss) > D && n >= minp && n > ddof && !(r >= n)) {
        recentre(h, xi, N, j, r0, t + 1 - r0, p, K, S, SS, E);
        s = S[j];
        ss = SS[j];
        D = n * ss - s * s;
      }
      let q = D / (n * (n - ddof));
      q = q < 0.0 ? 0.0 : q;
      if (r >= n) q = 0.0;
      h[outRow + j] = n >= minp && n > ddof ? (stat === STD ? Math.sqrt(q) : q) : NaN;
    }
    if ((t + 1) % window === 0 && t + 1 < T) {
      // Re-anchor at the latest valid value (kept when not finite) and recompute.
      for (let j = 0; j < N; j++) {
        let k = K[j];
        const last = prev[j];
        if (last - last === 0.0) k = last;
        let s = 0.0;
        let ss = 0.0;
        let e = 0.0;
        for (let r = t + 1 - window; r <= t; r++) {
          const cur = h[xi + r * N + j];
          const v = cur === cur ? cur - k : 0.0;
          s = s + v;
          ss = ss + v * v;
          e = e + ss;
        }
        K[j] = k;
        S[j] = s;
        SS[j] = ss;
        E[j] = e;
      }
    }
  }
}

/** Twin of `rollingVar`: pandas `rolling(window, min_periods).var(ddof)`. */
export function rollingVar(x: number, out: number, T: number, N: number, window: number, minPeriods: number, ddof: number): void {
  moments(x, out, T, N, window, minPeriods, ddof, 1);
}

/** Twin of `rollingStd`: pandas `rolling(window, min_periods).std(ddof)`. */
export function rollingStd(x: number, out: number, T: number, N: number, window: number, minPeriods: number, ddof: number): void {
  moments(x, out, T, N, window, minPeriods, ddof, STD);
}
