// Rolling mean over a time-major panel (T rows x N columns, row-major f64): pandas
// `rolling(window, min_periods).mean()`, reproducing pandas/_libs/window/aggregations.pyx
// `roll_mean` operation by operation, so values are bit-identical to pandas:
//   - a running sum of the window's valid values with Kahan compensation, one
//     compensation term for additions and another for removals; each row first removes
//     the value leaving the window, then adds the new one;
//   - mean = sum / nobs, except: exactly the last value when the run of consecutive equal
//     valid values covers the window (GH#42064), and 0 when the sign of the mean
//     contradicts the signs of every value (neg_ct);
//   - NaN while nobs < max(min_periods, 1).
// For window 1 pandas restarts the sums every row; here they keep running, but the run
// rule then returns the value itself, so the output is the same.
//
// Columns are independent: two per f64x2 lane pair, branches as lane masks (skipped in
// the steady state, both lanes valid in and out); the odd last column runs the same
// operations in scalar code, as does src/twin/rollingMean.ts.
// O(T N) time, O(N) scratch.

import { scratchAlloc, scratchFree } from '../scratch';

const NAN: f64 = NaN;

@inline function meanScalar(cur: f64, old: f64, out: usize, s: usize, plane: usize, minp: f64): void {
  let sum = load<f64>(s);
  let cAdd = load<f64>(s + plane);
  let cRem = load<f64>(s + 2 * plane);
  let n = load<f64>(s + 3 * plane);
  let neg = load<f64>(s + 4 * plane);
  let run = load<f64>(s + 5 * plane);
  let prev = load<f64>(s + 6 * plane);
  if (old == old) {
    const y = -old - cRem;
    const t = sum + y;
    cRem = t - sum - y;
    sum = t;
    n = n - 1.0;
    if (reinterpret<i64>(old) < 0) neg = neg - 1.0;
  }
  if (cur == cur) {
    const y = cur - cAdd;
    const t = sum + y;
    cAdd = t - sum - y;
    sum = t;
    n = n + 1.0;
    if (reinterpret<i64>(cur) < 0) neg = neg + 1.0;
    run = cur == prev ? run + 1.0 : 1.0;
    prev = cur;
  }
  store<f64>(s, sum);
  store<f64>(s + plane, cAdd);
  store<f64>(s + 2 * plane, cRem);
  store<f64>(s + 3 * plane, n);
  store<f64>(s + 4 * plane, neg);
  store<f64>(s + 5 * plane, run);
  store<f64>(s + 6 * plane, prev);
  let m = sum / n;
  if (run >= n) m = prev;
  else if ((neg == 0.0 && m < 0.0) || (neg == n && m > 0.0)) m = 0.0;
  store<f64>(out, n >= minp ? m : NAN);
}

/**
 * pandas `rolling(window, min_periods).mean()` on every column (bit-identical to
 * pandas' roll_mean). NaNs are skipped and not counted; NaN while fewer than
 * max(minPeriods, 1) values of the window are valid. O(T N).
 */
export function rollingMean(x: usize, out: usize, T: i32, N: i32, window: i32, minPeriods: i32): void {
  const plane = <usize>N << 3;
  // Scratch, 8 planes of N f64: sum | compensation (add) | compensation (remove) |
  // nobs | negative count | run of equal values | previous valid value | a NaN row
  // standing for the leaving value while t < window.
  const scratch = scratchAlloc(plane * 8);
  memory.fill(scratch, 0, plane * 6);
  const nanRow = scratch + 7 * plane;
  for (let j = 0; j < N; j++) {
    store<f64>(scratch + 6 * plane + (<usize>j << 3), NAN);
    store<f64>(nanRow + (<usize>j << 3), NAN);
  }
  const minp: f64 = <f64>max(minPeriods, 1);
  const pairs = N >> 1;
  const vzero = f64x2.splat(0.0);
  const vone = f64x2.splat(1.0);
  const vnan = f64x2.splat(NAN);
  const vminp = f64x2.splat(minp);
  for (let t = 0; t < T; t++) {
    const row = x + <usize>t * plane;
    const oldRow = t >= window ? x + <usize>(t - window) * plane : nanRow;
    const outRow = out + <usize>t * plane;
    for (let k = 0; k < pairs; k++) {
      const off = <usize>k << 4;
      const s = scratch + off;
      const cur = v128.load(row + off);
      const old = v128.load(oldRow + off);
      let sum = v128.load(s);
      let cAdd = v128.load(s + plane);
      let cRem = v128.load(s + 2 * plane);
      let n = v128.load(s + 3 * plane);
      let neg = v128.load(s + 4 * plane);
      let run = v128.load(s + 5 * plane);
      let prev = v128.load(s + 6 * plane);
      const validOld = f64x2.eq(old, old);
      const valid = f64x2.eq(cur, cur);
      if (i64x2.all_true(v128.and(valid, validOld))) {
        // Steady state (both lanes: a value leaves, one enters): the general update
        // below with every mask all ones; nobs is unchanged.
        let y = f64x2.sub(f64x2.neg(old), cRem);
        let u = f64x2.add(sum, y);
        cRem = f64x2.sub(f64x2.sub(u, sum), y);
        sum = u;
        neg = f64x2.sub(neg, v128.and(i64x2.shr_s(old, 63), vone));
        y = f64x2.sub(cur, cAdd);
        u = f64x2.add(sum, y);
        cAdd = f64x2.sub(f64x2.sub(u, sum), y);
        sum = u;
        neg = f64x2.add(neg, v128.and(i64x2.shr_s(cur, 63), vone));
        run = v128.bitselect(f64x2.add(run, vone), vone, f64x2.eq(cur, prev));
        prev = cur;
      } else {
        // remove the leaving value
        let y = f64x2.sub(f64x2.neg(old), cRem);
        let u = f64x2.add(sum, y);
        cRem = v128.bitselect(f64x2.sub(f64x2.sub(u, sum), y), cRem, validOld);
        sum = v128.bitselect(u, sum, validOld);
        n = f64x2.sub(n, v128.and(validOld, vone));
        neg = f64x2.sub(neg, v128.and(v128.and(validOld, i64x2.shr_s(old, 63)), vone));
        // add the new value
        y = f64x2.sub(cur, cAdd);
        u = f64x2.add(sum, y);
        cAdd = v128.bitselect(f64x2.sub(f64x2.sub(u, sum), y), cAdd, valid);
        sum = v128.bitselect(u, sum, valid);
        n = f64x2.add(n, v128.and(valid, vone));
        neg = f64x2.add(neg, v128.and(v128.and(valid, i64x2.shr_s(cur, 63)), vone));
        run = v128.bitselect(v128.bitselect(f64x2.add(run, vone), vone, f64x2.eq(cur, prev)), run, valid);
        prev = v128.bitselect(cur, prev, valid);
      }
      v128.store(s, sum);
      v128.store(s + plane, cAdd);
      v128.store(s + 2 * plane, cRem);
      v128.store(s + 3 * plane, n);
      v128.store(s + 4 * plane, neg);
      v128.store(s + 5 * plane, run);
      v128.store(s + 6 * plane, prev);
      let m = f64x2.div(sum, n);
      const constant = f64x2.ge(run, n);
      const wrongSign = v128.or(
        v128.and(f64x2.eq(neg, vzero), f64x2.lt(m, vzero)),
        v128.and(f64x2.eq(neg, n), f64x2.gt(m, vzero)),
      );
      m = v128.andnot(m, v128.andnot(wrongSign, constant));
      m = v128.bitselect(prev, m, constant);
      v128.store(outRow + off, v128.bitselect(m, vnan, f64x2.ge(n, vminp)));
    }
    for (let j = pairs << 1; j < N; j++) {
      const off = <usize>j << 3;
      meanScalar(load<f64>(row + off), load<f64>(oldRow + off), outRow + off, scratch + off, plane, minp);
    }
  }
  scratchFree(scratch);
}
