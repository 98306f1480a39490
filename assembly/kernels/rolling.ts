// Rolling variance / standard deviation over a time-major panel (T rows x N columns,
// row-major f64): pandas `rolling(window, min_periods).var(ddof) / .std(ddof)` per column.
// The rolling mean (pandas' own algorithm) is in rollingMean.ts; covariance and
// correlation, which use the same algorithm per pair of columns, in pairSums.ts,
// rollingCov.ts and rollingMatrix.ts.
//
// Algorithm: shifted sums with a periodically refreshed anchor. Per column we keep an
// anchor K and, over the window's valid values, n, S = sum(x - K), SS = sum((x - K)^2). A row
// removes the value leaving the window and adds the new one: O(1) per cell. Then
//   var = (n SS - S S) / (n (n - ddof))   (one division: the kernel is division-bound),
// which is exact algebra for any K, and accurate when K is near the data: x - K is then
// exact (Sterbenz) and the cancellation in SS - S*S/n is small. So
//   - when a window empties, its sums become exactly 0 and the next finite value is K;
//   - every `window` rows (t + 1 = k * window) every column is re-anchored at its latest
//     valid value and S, SS are recomputed exactly from the window's rows (add/remove
//     Welford on raw values, x - mean on 1e8-sized numbers, loses digits). A data value
//     as anchor keeps x - K exact for nearby values (prices, small integers), so
//     hand-checkable inputs give exact results.
// The recomputation reads each cell once more: O(1) amortised, O(T N) in total, and it
// bounds the growth of rounding error to `window` updates.
//
// pandas' special cases are kept: the run of consecutive equal valid values is tracked
// (pandas GH#42064); when it covers the whole window the variance is exactly 0. A
// negative variance from rounding is clipped to 0. The operations are those of
// pairSums.ts with y = x, so rollingVar(x) is bit-identical to the diagonal of
// rollingCovMatrix and, up to that clipping, to rollingCov(x, x).
//
// The inner loop runs across the columns of one row, two columns per f64x2 lane pair,
// every branch turned into a lane mask (with a steady-state branch, both lanes valid in
// and out, where the masks are all ones and skipped); the odd last column runs the same
// operations in scalar code, and src/twin/rolling.ts repeats them in the same order:
// bit-identical.

import { scratchAlloc, scratchFree } from '../scratch';

const NAN: f64 = NaN;

/** Statistic selectors (compile-time constants after inlining). */
const VAR: i32 = 1;
const STD: i32 = 2;

// ---------------------------------------------------------------------------------------
// One input: var, std. Scratch = 7 planes of N f64:
//   K | S | SS | n | run | prev | a row of NaN (the "leaving" row while t < window)

@inline function momentOut(S: f64, SS: f64, n: f64, run: f64, stat: i32, minp: f64, ddof: f64): f64 {
  let v = (n * SS - S * S) / (n * (n - ddof));
  v = v < 0.0 ? 0.0 : v;
  if (run >= n) v = 0.0;
  if (!(n >= minp && n > ddof)) return NAN;
  return stat == STD ? Math.sqrt(v) : v;
}

@inline function momentScalar(cur: f64, old: f64, out: usize, s: usize, plane: usize, stat: i32, minp: f64, ddof: f64): void {
  let K = load<f64>(s);
  let S = load<f64>(s + plane);
  let SS = load<f64>(s + 2 * plane);
  let n = load<f64>(s + 3 * plane);
  let run = load<f64>(s + 4 * plane);
  let prev = load<f64>(s + 5 * plane);
  const valid = cur == cur;
  const validOld = old == old;
  const vOld = validOld ? old - K : 0.0;
  const nRem = n - (validOld ? 1.0 : 0.0);
  const empty = nRem == 0.0;
  if (empty && cur - cur == 0.0) K = cur; // fresh anchor: a finite value entering an empty window
  const v = valid ? cur - K : 0.0;
  S = (empty ? 0.0 : S - vOld) + v;
  SS = (empty ? 0.0 : SS - vOld * vOld) + v * v;
  n = nRem + (valid ? 1.0 : 0.0);
  if (valid) {
    run = cur == prev ? run + 1.0 : 1.0;
    prev = cur;
  }
  store<f64>(s, K);
  store<f64>(s + plane, S);
  store<f64>(s + 2 * plane, SS);
  store<f64>(s + 3 * plane, n);
  store<f64>(s + 4 * plane, run);
  store<f64>(s + 5 * plane, prev);
  store<f64>(out, momentOut(S, SS, n, run, stat, minp, ddof));
}

/**
 * Re-anchors every column at its latest valid value (kept when not finite, or NaN: no value
 * yet) and recomputes S, SS exactly from rows r0..t.
 */
function momentReanchor(x: usize, r0: i32, t: i32, N: i32, scratch: usize, plane: usize): void {
  const pairs = N >> 1;
  const vzero = f64x2.splat(0.0);
  for (let k = 0; k < pairs; k++) {
    const off = <usize>k << 4;
    let K = v128.load(scratch + off);
    const last = v128.load(scratch + 5 * plane + off);
    K = v128.bitselect(last, K, f64x2.eq(f64x2.sub(last, last), vzero));
    let S = vzero;
    let SS = vzero;
    for (let r = r0; r <= t; r++) {
      const cur = v128.load(x + <usize>r * plane + off);
      const v = v128.and(f64x2.sub(cur, K), f64x2.eq(cur, cur));
      S = f64x2.add(S, v);
      SS = f64x2.add(SS, f64x2.mul(v, v));
    }
    v128.store(scratch + off, K);
    v128.store(scratch + plane + off, S);
    v128.store(scratch + 2 * plane + off, SS);
  }
  for (let j = pairs << 1; j < N; j++) {
    const s = scratch + (<usize>j << 3);
    let K = load<f64>(s);
    const last = load<f64>(s + 5 * plane);
    if (last - last == 0.0) K = last;
    let S = 0.0;
    let SS = 0.0;
    for (let r = r0; r <= t; r++) {
      const cur = load<f64>(x + <usize>r * plane + (<usize>j << 3));
      const v = cur == cur ? cur - K : 0.0;
      S = S + v;
      SS = SS + v * v;
    }
    store<f64>(s, K);
    store<f64>(s + plane, S);
    store<f64>(s + 2 * plane, SS);
  }
}

@inline function momentKernel(x: usize, out: usize, T: i32, N: i32, window: i32, minPeriods: i32, ddof: i32, stat: i32): void {
  const plane = <usize>N << 3;
  const scratch = scratchAlloc(plane * 7);
  const nanRow = scratch + 6 * plane;
  for (let j = 0; j < N; j++) {
    const s = scratch + (<usize>j << 3);
    store<f64>(s, 0.0);
    store<f64>(s + plane, 0.0);
    store<f64>(s + 2 * plane, 0.0);
    store<f64>(s + 3 * plane, 0.0);
    store<f64>(s + 4 * plane, 0.0);
    store<f64>(s + 5 * plane, NAN);
    store<f64>(nanRow + (<usize>j << 3), NAN);
  }
  const minp: f64 = <f64>max(minPeriods, 1);
  const fddof: f64 = <f64>ddof;
  const pairs = N >> 1;
  const vzero = f64x2.splat(0.0);
  const vone = f64x2.splat(1.0);
  const vnan = f64x2.splat(NAN);
  const vminp = f64x2.splat(minp);
  const vddof = f64x2.splat(fddof);
  for (let t = 0; t < T; t++) {
    const row = x + <usize>t * plane;
    const oldRow = t >= window ? x + <usize>(t - window) * plane : nanRow;
    const outRow = out + <usize>t * plane;
    for (let k = 0; k < pairs; k++) {
      const off = <usize>k << 4;
      const s = scratch + off;
      const cur = v128.load(row + off);
      const old = v128.load(oldRow + off);
      let K = v128.load(s);
      let S = v128.load(s + plane);
      let SS = v128.load(s + 2 * plane);
      let n = v128.load(s + 3 * plane);
      let run = v128.load(s + 4 * plane);
      let prev = v128.load(s + 5 * plane);
      const valid = f64x2.eq(cur, cur);
      const validOld = f64x2.eq(old, old);
      if (i64x2.all_true(v128.and(v128.and(valid, validOld), f64x2.gt(n, vone)))) {
        // Steady state (both lanes: a value leaves, one enters, the window stays
        // non-empty): the general update below with every mask all ones, K and n unchanged
        // (so not stored).
        const vOld = f64x2.sub(old, K);
        const v = f64x2.sub(cur, K);
        S = f64x2.add(f64x2.sub(S, vOld), v);
        SS = f64x2.add(f64x2.sub(SS, f64x2.mul(vOld, vOld)), f64x2.mul(v, v));
        run = v128.bitselect(f64x2.add(run, vone), vone, f64x2.eq(cur, prev));
        prev = cur;
      } else {
        const vOld = v128.and(f64x2.sub(old, K), validOld);
        const nRem = f64x2.sub(n, v128.and(validOld, vone));
        const empty = f64x2.eq(nRem, vzero);
        K = v128.bitselect(cur, K, v128.and(empty, f64x2.eq(f64x2.sub(cur, cur), vzero)));
        const v = v128.and(f64x2.sub(cur, K), valid);
        S = f64x2.add(v128.andnot(f64x2.sub(S, vOld), empty), v);
        SS = f64x2.add(v128.andnot(f64x2.sub(SS, f64x2.mul(vOld, vOld)), empty), f64x2.mul(v, v));
        n = f64x2.add(nRem, v128.and(valid, vone));
        run = v128.bitselect(v128.bitselect(f64x2.add(run, vone), vone, f64x2.eq(cur, prev)), run, valid);
        prev = v128.bitselect(cur, prev, valid);
        v128.store(s, K);
        v128.store(s + 3 * plane, n);
      }
      let q = f64x2.div(f64x2.sub(f64x2.mul(n, SS), f64x2.mul(S, S)), f64x2.mul(n, f64x2.sub(n, vddof)));
      q = f64x2.pmax(q, vzero);
      q = v128.andnot(q, f64x2.ge(run, n));
      let res = v128.bitselect(q, vnan, v128.and(f64x2.ge(n, vminp), f64x2.gt(n, vddof)));
      if (stat == STD) res = f64x2.sqrt(res);
      v128.store(s + plane, S);
      v128.store(s + 2 * plane, SS);
      v128.store(s + 4 * plane, run);
      v128.store(s + 5 * plane, prev);
      v128.store(outRow + off, res);
    }
    for (let j = pairs << 1; j < N; j++) {
      const off = <usize>j << 3;
      momentScalar(load<f64>(row + off), load<f64>(oldRow + off), outRow + off, scratch + off, plane, stat, minp, fddof);
    }
    if ((t + 1) % window == 0 && t + 1 < T) momentReanchor(x, t + 1 - window, t, N, scratch, plane);
  }
  scratchFree(scratch);
}

/** pandas `rolling(window, min_periods).var(ddof)`; NaN also while n <= ddof. O(T N). */
export function rollingVar(x: usize, out: usize, T: i32, N: i32, window: i32, minPeriods: i32, ddof: i32): void {
  momentKernel(x, out, T, N, window, minPeriods, ddof, VAR);
}

/** pandas `rolling(window, min_periods).std(ddof)`: the square root of `rollingVar`. */
export function rollingStd(x: usize, out: usize, T: i32, N: i32, window: i32, minPeriods: i32, ddof: i32): void {
  momentKernel(x, out, T, N, window, minPeriods, ddof, STD);
}
