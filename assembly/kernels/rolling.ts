// Rolling variance / standard deviation over a time-major panel (T rows x N columns,
// row-major f64): pandas `rolling(window, min_periods).var(ddof) / .std(ddof)` per column.
// The rolling mean (pandas' own algorithm) is in rollingMean.ts; covariance and
// correlation, which use the same algorithm per pair of columns, in pairSums.ts,
// rollingCov.ts and rollingMatrix.ts.
//
// Algorithm: shifted sums, re-anchored every `window` rows and whenever their rounding
// error could exceed 2^-31 of the result. Per column we keep an anchor K and, over the
// window's valid values, n, S = sum(x - K), SS = sum((x - K)^2). A row removes the value
// leaving the window and adds the new one: O(1) per cell. Then
//   var = D / (n (n - ddof)),  D = n SS - S S = n sum (x - mean)^2   (one division),
// exact algebra for any K, accurate while K is near the data and the sums have not
// carried values much larger than the window's spread. So
//   - when a window empties, its sums become exactly 0 and the next finite value is K;
//   - every `window` rows (t + 1 = k * window) every column is re-anchored at its latest
//     valid value and S, SS are recomputed exactly from the window's rows. A data value as
//     anchor keeps x - K exact for nearby values (prices, small integers), so
//     hand-checkable inputs give exact results;
//   - a column whose error bound (below) fails is re-centred at once: K becomes the
//     window's valid value nearest its mean (two passes: the mean, then the value) and
//     S, SS are recomputed from the window's rows (a third pass); O(window) per event.
//
// Error bound (Higham, Accuracy and Stability of Numerical Algorithms, ch. 4: a sum's
// rounding error is at most u = 2^-53 times the sum of the |partial sums|). S and SS are
// running sums of the same rounded terms a = fl(x - K), b = fl(a a): a value leaves with
// exactly the terms it entered with, since K only changes at a recomputation. Let E be
// the sum of the partial sums of SS at the last recomputation plus every SS after an
// update since then (tracked per column: one addition per cell), m <= window the number of
// updates since then, and n <= window. Then |error of SS| <= 2 u E; summing |S| <=
// sqrt(n SS) over the <= 3 window partial results gives |error of S| <= u window
// sqrt(6 E); the terms' own rounding and the final n SS - S S add <= 8 u n SS. With
// 2 sqrt(n SS E) <= sqrt(n / window) (window SS + E):
//   |D - n sum (x - mean)^2| <= u (7 window + 9) G,   G = E + window SS
// (the constant is the one of the (x, y) pairs in pairSums.ts, which use the same test,
// so a variance is bit-identical to the diagonal of the covariance matrix). Every reported,
// non-constant cell checks  kc G > D  with kc = 2^-22 (7 window + 9) = u (7 window + 9) /
// 2^-31, and if it holds the column is re-centred before its value is taken: the
// variance's relative error stays below 2^-31 (4.7e-10; the std's below half that) plus a
// few u from the division. Right after a re-centring |mean - K| <= the population std (some
// value lies within it), so n SS <= 2 D and G <= 2.5 window SS: the test only fires again
// after a shift of the data against K of many stds (past a level shift, an outlier, a
// long drift), e.g. at window 63 it needs n SS / D > 3800, at window 4000 > 60, so on
// ordinary data re-centring is rare and the cost stays O(T N). On data whose squares
// underflow or overflow (|x| > 1e150 or spreads < 1e-150) the bound is not reliable.
//
// pandas' special cases are kept: the run of consecutive equal valid values is tracked
// (pandas GH#42064); when it covers the whole window the variance is exactly 0. A
// negative variance from rounding is clipped to 0. NaN while fewer than max(minPeriods, 1)
// values are valid or n <= ddof. The operations are those of pairSums.ts with y = x, so
// rollingVar(x) is bit-identical to the diagonal of rollingCovMatrix and, up to that
// clipping, to rollingCov(x, x).
//
// The inner loop runs across the columns of one row, two columns per f64x2 lane pair,
// every branch turned into a lane mask (with a steady-state branch, both lanes valid in
// and out, where the masks are all ones and skipped); the odd last column runs the same
// operations in scalar code, and src/twin/rolling.ts repeats them in the same order:
// bit-identical. Scratch: 8 planes of N f64. O(T N) time plus O(window) per re-centring.

import { scratchAlloc, scratchFree } from '../scratch';

const NAN: f64 = NaN;

/** Statistic selectors (compile-time constants after inlining). */
const VAR: i32 = 1;
const STD: i32 = 2;

/** kc / (7 window + 9): u / 2^-31, the error-bound test's scale (see the header). */
export const BOUND_SCALE: f64 = 2.384185791015625e-7; // 2^-22

// ---------------------------------------------------------------------------------------
// One input: var, std. Scratch = 8 planes of N f64:
//   K | S | SS | n | run | prev | E | a row of NaN (the "leaving" row while t < window)

/** The statistic from D = n SS - S S; NaN unless reported, 0 on a constant window. */
@inline function momentOut(D: f64, n: f64, run: f64, stat: i32, minp: f64, ddof: f64): f64 {
  let v = D / (n * (n - ddof));
  v = v < 0.0 ? 0.0 : v;
  if (run >= n) v = 0.0;
  if (!(n >= minp && n > ddof)) return NAN;
  return stat == STD ? Math.sqrt(v) : v;
}

/**
 * Re-centres one column: K becomes the valid value of rows r0..t nearest their mean, and
 * S, SS, E are recomputed from those rows (x points at the column's row r0; rows apart by
 * `stride` bytes). `last` is the column's latest valid value (in the window).
 */
function momentRecentre(x: usize, stride: usize, rows: i32, s: usize, plane: usize, last: f64): void {
  let sum = 0.0;
  let cnt = 0.0;
  for (let r = 0; r < rows; r++) {
    const cur = load<f64>(x + <usize>r * stride);
    if (cur == cur) {
      sum = sum + (cur - last);
      cnt = cnt + 1.0;
    }
  }
  const mean = last + sum / cnt;
  let K = last;
  let dist = Math.abs(last - mean);
  for (let r = 0; r < rows; r++) {
    const cur = load<f64>(x + <usize>r * stride);
    const d = Math.abs(cur - mean);
    if (d < dist) {
      dist = d;
      K = cur;
    }
  }
  let S = 0.0;
  let SS = 0.0;
  let E = 0.0;
  for (let r = 0; r < rows; r++) {
    const cur = load<f64>(x + <usize>r * stride);
    const v = cur == cur ? cur - K : 0.0;
    S = S + v;
    SS = SS + v * v;
    E = E + SS;
  }
  store<f64>(s, K);
  store<f64>(s + plane, S);
  store<f64>(s + 2 * plane, SS);
  store<f64>(s + 6 * plane, E);
}

/** One row of one column; returns whether the column needs re-centring (`momentFix`). */
@inline function momentScalar(cur: f64, old: f64, out: usize, s: usize, plane: usize, stat: i32, minp: f64, ddof: f64, fw: f64, kc: f64): bool {
  let K = load<f64>(s);
  let S = load<f64>(s + plane);
  let SS = load<f64>(s + 2 * plane);
  let n = load<f64>(s + 3 * plane);
  let run = load<f64>(s + 4 * plane);
  let prev = load<f64>(s + 5 * plane);
  let E = load<f64>(s + 6 * plane);
  const valid = cur == cur;
  const validOld = old == old;
  const vOld = validOld ? old - K : 0.0;
  const nRem = n - (validOld ? 1.0 : 0.0);
  const empty = nRem == 0.0;
  if (empty && cur - cur == 0.0) K = cur; // fresh anchor: a finite value entering an empty window
  const v = valid ? cur - K : 0.0;
  S = (empty ? 0.0 : S - vOld) + v;
  SS = (empty ? 0.0 : SS - vOld * vOld) + v * v;
  E = (empty ? 0.0 : E) + SS;
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
  store<f64>(s + 6 * plane, E);
  const D = n * SS - S * S;
  store<f64>(out, momentOut(D, n, run, stat, minp, ddof));
  return momentTrips(D, SS, E, n, run, minp, ddof, fw, kc);
}

/** The error-bound test of the header: kc (E + window SS) > D on a reported, non-constant window. */
@inline function momentTrips(D: f64, SS: f64, E: f64, n: f64, run: f64, minp: f64, ddof: f64, fw: f64, kc: f64): bool {
  return kc * (E + fw * SS) > D && n >= minp && n > ddof && !(run >= n);
}

/**
 * After a row in which some column tripped the error-bound test: re-centres each such
 * column (on the window rows from `win`) and rewrites its output. Columns are independent,
 * so this gives what re-centring inside the row loop would (and what the twin does).
 */
function momentFix(win: usize, rows: i32, outRow: usize, N: i32, scratch: usize, plane: usize, stat: i32, minp: f64, ddof: f64, fw: f64, kc: f64): void {
  for (let j = 0; j < N; j++) {
    const off = <usize>j << 3;
    const s = scratch + off;
    const n = load<f64>(s + 3 * plane);
    const run = load<f64>(s + 4 * plane);
    let S = load<f64>(s + plane);
    let SS = load<f64>(s + 2 * plane);
    if (!momentTrips(n * SS - S * S, SS, load<f64>(s + 6 * plane), n, run, minp, ddof, fw, kc)) continue;
    momentRecentre(win + off, plane, rows, s, plane, load<f64>(s + 5 * plane));
    S = load<f64>(s + plane);
    SS = load<f64>(s + 2 * plane);
    store<f64>(outRow + off, momentOut(n * SS - S * S, n, run, stat, minp, ddof));
  }
}

/**
 * Re-anchors every column at its latest valid value (kept when not finite, or NaN: no value
 * yet) and recomputes S, SS, E exactly from rows r0..t.
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
    let E = vzero;
    for (let r = r0; r <= t; r++) {
      const cur = v128.load(x + <usize>r * plane + off);
      const v = v128.and(f64x2.sub(cur, K), f64x2.eq(cur, cur));
      S = f64x2.add(S, v);
      SS = f64x2.add(SS, f64x2.mul(v, v));
      E = f64x2.add(E, SS);
    }
    v128.store(scratch + off, K);
    v128.store(scratch + plane + off, S);
    v128.store(scratch + 2 * plane + off, SS);
    v128.store(scratch + 6 * plane + off, E);
  }
  for (let j = pairs << 1; j < N; j++) {
    const s = scratch + (<usize>j << 3);
    let K = load<f64>(s);
    const last = load<f64>(s + 5 * plane);
    if (last - last == 0.0) K = last;
    let S = 0.0;
    let SS = 0.0;
    let E = 0.0;
    for (let r = r0; r <= t; r++) {
      const cur = load<f64>(x + <usize>r * plane + (<usize>j << 3));
      const v = cur == cur ? cur - K : 0.0;
      S = S + v;
      SS = SS + v * v;
      E = E + SS;
    }
    store<f64>(s, K);
    store<f64>(s + plane, S);
    store<f64>(s + 2 * plane, SS);
    store<f64>(s + 6 * plane, E);
  }
}

@inline function momentKernel(x: usize, out: usize, T: i32, N: i32, window: i32, minPeriods: i32, ddof: i32, stat: i32): void {
  const plane = <usize>N << 3;
  const scratch = scratchAlloc(plane * 8);
  const nanRow = scratch + 7 * plane;
  for (let j = 0; j < N; j++) {
    const s = scratch + (<usize>j << 3);
    store<f64>(s, 0.0);
    store<f64>(s + plane, 0.0);
    store<f64>(s + 2 * plane, 0.0);
    store<f64>(s + 3 * plane, 0.0);
    store<f64>(s + 4 * plane, 0.0);
    store<f64>(s + 5 * plane, NAN);
    store<f64>(s + 6 * plane, 0.0);
    store<f64>(nanRow + (<usize>j << 3), NAN);
  }
  const minp: f64 = <f64>max(minPeriods, 1);
  const fddof: f64 = <f64>ddof;
  const fw: f64 = <f64>window;
  const kc: f64 = BOUND_SCALE * (7.0 * fw + 9.0);
  const pairs = N >> 1;
  const vzero = f64x2.splat(0.0);
  const vone = f64x2.splat(1.0);
  const vnan = f64x2.splat(NAN);
  const vminp = f64x2.splat(minp);
  const vddof = f64x2.splat(fddof);
  const vfw = f64x2.splat(fw);
  const vkc = f64x2.splat(kc);
  for (let t = 0; t < T; t++) {
    const row = x + <usize>t * plane;
    const oldRow = t >= window ? x + <usize>(t - window) * plane : nanRow;
    const outRow = out + <usize>t * plane;
    const r0 = t >= window ? t + 1 - window : 0; // first row of the window
    const rows = t + 1 - r0;
    let flag = vzero;
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
      let E = v128.load(s + 6 * plane);
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
        E = f64x2.add(E, SS);
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
        E = f64x2.add(v128.andnot(E, empty), SS);
        n = f64x2.add(nRem, v128.and(valid, vone));
        run = v128.bitselect(v128.bitselect(f64x2.add(run, vone), vone, f64x2.eq(cur, prev)), run, valid);
        prev = v128.bitselect(cur, prev, valid);
        v128.store(s, K);
        v128.store(s + 3 * plane, n);
      }
      v128.store(s + plane, S);
      v128.store(s + 2 * plane, SS);
      v128.store(s + 4 * plane, run);
      v128.store(s + 5 * plane, prev);
      v128.store(s + 6 * plane, E);
      // The error-bound test (header): a reported, non-constant column whose bound
      // kc (E + window SS) exceeds D is re-centred after this row's loop (`momentFix`).
      const D = f64x2.sub(f64x2.mul(n, SS), f64x2.mul(S, S));
      const reported = v128.and(f64x2.ge(n, vminp), f64x2.gt(n, vddof));
      const constant = f64x2.ge(run, n);
      const trip = f64x2.gt(f64x2.mul(vkc, f64x2.add(E, f64x2.mul(vfw, SS))), D);
      flag = v128.or(flag, v128.andnot(v128.and(trip, reported), constant));
      let q = f64x2.div(D, f64x2.mul(n, f64x2.sub(n, vddof)));
      q = f64x2.pmax(q, vzero);
      q = v128.andnot(q, constant);
      let res = v128.bitselect(q, vnan, reported);
      if (stat == STD) res = f64x2.sqrt(res);
      v128.store(outRow + off, res);
    }
    for (let j = pairs << 1; j < N; j++) {
      const off = <usize>j << 3;
      if (momentScalar(load<f64>(row + off), load<f64>(oldRow + off), outRow + off, scratch + off, plane, stat, minp, fddof, fw, kc)) {
        flag = vone;
      }
    }
    if (v128.any_true(flag)) momentFix(x + <usize>r0 * plane, rows, outRow, N, scratch, plane, stat, minp, fddof, fw, kc);
    if ((t + 1) % window == 0 && t + 1 < T) momentReanchor(x, t + 1 - window, t, N, scratch, plane);
  }
  scratchFree(scratch);
}

/**
 * pandas `rolling(window, min_periods).var(ddof)`; NaN while fewer than max(minPeriods, 1)
 * values are valid or n <= ddof. O(T N) plus O(window) per re-centring (header).
 */
export function rollingVar(x: usize, out: usize, T: i32, N: i32, window: i32, minPeriods: i32, ddof: i32): void {
  momentKernel(x, out, T, N, window, minPeriods, ddof, VAR);
}

/** pandas `rolling(window, min_periods).std(ddof)`: the square root of `rollingVar`. */
export function rollingStd(x: usize, out: usize, T: i32, N: i32, window: i32, minPeriods: i32, ddof: i32): void {
  momentKernel(x, out, T, N, window, minPeriods, ddof, STD);
}
