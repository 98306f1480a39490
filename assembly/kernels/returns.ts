// Returns kernels over a time-major panel (T rows x N columns, row-major f64):
// pct_change, shift, log returns and cumulative returns.
//
// In a time-major panel the value k rows earlier sits exactly k*N cells earlier, so a
// lag is a constant offset into the same contiguous block: pctChange, logReturns and
// shift are one pass over the panel with no per-column bookkeeping. The SIMD loops move
// two cells per f64x2 (pctChange unrolls to four so the loads of both streams are in
// flight together; shift is memory.copy). The lagged row is k*N cells back, in cache.
// pctChange is bound by the divider, not by memory: with the division replaced by a
// multiplication the same loop runs as fast as a copy of the panel (1.13 vs 1.58 ms on
// 2520 x 1000 here), and pandas' x_t / x_{t-k} - 1 needs a correctly rounded quotient,
// which wasm offers only through f64x2.div (no FMA for a Newton-corrected reciprocal).
// Two quotients per instruction is what puts it ahead of numba's scalar loop. cumReturns
// is a recurrence down each column, run across the columns of a row as in ewm.ts.
//
// Every SIMD path performs the same IEEE operations as its scalar tail and as the
// TypeScript twin (src/twin/returns.ts), so the backends agree bit for bit, except
// logReturns: the lanes' log (logRatio.ts, musl's algorithm) and V8's Math.log1p /
// Math.log (fdlibm) differ in the last bit on a small fraction of inputs (<= 1 ulp).

import { logRatioLanes, logRatioScalar } from './logRatio';
import { scratchAlloc, scratchFree } from '../scratch';

const NAN: f64 = NaN;

/** Writes NaN into `n` f64 cells from `ptr` (warm-up rows of a lagged result). */
function fillNaN(ptr: usize, n: usize): void {
  const vnan = f64x2.splat(NAN);
  const end = ptr + (n << 3);
  let p = ptr;
  for (; p + 16 <= end; p += 16) v128.store(p, vnan);
  for (; p < end; p += 8) store<f64>(p, NAN);
}

/**
 * pandas `pct_change(periods, fill_method=None)` on every column:
 * out_t = x_t / x_{t-k} - 1 (pandas' operation order), NaN for t < k and wherever
 * either price is NaN. `periods` >= 1 (validated by the caller). O(T*N), no scratch.
 */
export function pctChange(x: usize, out: usize, T: i32, N: i32, periods: i32): void {
  const n = <usize>T * <usize>N;
  const lag = min(<usize>periods * <usize>N, n);
  fillNaN(out, lag);
  const back = lag << 3; // byte distance from x_t to x_{t-k}
  const vone = f64x2.splat(1.0);
  const end = x + (n << 3);
  let p = x + back;
  let o = out + back;
  for (; p + 32 <= end; p += 32, o += 32) {
    const a0 = v128.load(p);
    const a1 = v128.load(p, 16);
    const b0 = v128.load(p - back);
    const b1 = v128.load(p - back, 16);
    v128.store(o, f64x2.sub(f64x2.div(a0, b0), vone));
    v128.store(o, f64x2.sub(f64x2.div(a1, b1), vone), 16);
  }
  for (; p < end; p += 8, o += 8) store<f64>(o, load<f64>(p) / load<f64>(p - back) - 1.0);
}

/**
 * pandas `shift(periods)` on every column: out_t = x_{t-k}. Positive periods lag
 * (the first k rows become NaN); negative periods LEAD, reading k rows ahead (the last
 * |k| rows become NaN); 0 copies. A lag is one contiguous memory.copy of (T-|k|)*N cells.
 */
export function shift(x: usize, out: usize, T: i32, N: i32, periods: i32): void {
  const n = <usize>T * <usize>N;
  const k = <usize>(periods < 0 ? -periods : periods);
  const gap = min(k * <usize>N, n);
  const keep = (n - gap) << 3;
  if (periods >= 0) {
    fillNaN(out, gap);
    memory.copy(out + (gap << 3), x, keep);
  } else {
    memory.copy(out, x + (gap << 3), keep);
    fillNaN(out + keep, gap);
  }
}

/**
 * Flat index (t*N + j) of the first cell, in row-major order, holding a price that is
 * not > 0 (zero, negative, -Infinity); -1 if every non-NaN cell is positive.
 */
function firstNonPositive(x: usize, n: usize): i32 {
  const vzero = f64x2.splat(0.0);
  const end = x + (n << 3);
  let p = x;
  for (; p + 16 <= end; p += 16) {
    if (v128.any_true(f64x2.le(v128.load(p), vzero))) break;
  }
  for (; p < end; p += 8) {
    if (load<f64>(p) <= 0.0) return <i32>((p - x) >> 3);
  }
  return -1;
}

/**
 * Log returns ln(x_t / x_{t-k}) on every column: log1p((x_t - x_{t-k}) / x_{t-k}) when
 * that return is in (1/sqrt(2) - 1, sqrt(2) - 1) (the difference of two close prices is
 * exact, so small returns keep full relative precision; ln of the rounded ratio loses
 * it), else ln(x_t / x_{t-k}) of the rounded ratio. NaN for t < k and wherever either
 * price is NaN.
 * Returns -1 on success, or, without writing `out`, the flat index t*N + j of the
 * first price (row-major order) that is zero or negative. O(T*N), no scratch; the log
 * runs two cells per f64x2 (logRatio.ts: musl's log1p / log polynomial, within 1 ulp of
 * V8's Math.log1p / Math.log).
 */
export function logReturns(x: usize, out: usize, T: i32, N: i32, periods: i32): i32 {
  const n = <usize>T * <usize>N;
  const bad = firstNonPositive(x, n);
  if (bad >= 0) return bad;
  const lag = min(<usize>periods * <usize>N, n);
  fillNaN(out, lag);
  const back = lag << 3;
  const end = x + (n << 3);
  let p = x + back;
  let o = out + back;
  for (; p + 16 <= end; p += 16, o += 16) v128.store(o, logRatioLanes(v128.load(p), v128.load(p - back)));
  for (; p < end; p += 8, o += 8) store<f64>(o, logRatioScalar(load<f64>(p), load<f64>(p - back)));
  return -1;
}

/**
 * pandas `(1 + r).cumprod()` on every column (skipna): out_t = prod over observed
 * rows s <= t of (1 + r_s), evaluated left to right from 1. A NaN return gives a NaN
 * output and leaves the running product as it was, so the product continues past it.
 * O(T*N) time, O(N) scratch (the running products of the column pairs; an odd last
 * column keeps its product in a local, so a single series runs at the multiply's latency).
 */
export function cumReturns(x: usize, out: usize, T: i32, N: i32): void {
  const pairs = N >> 1;
  const scratch = scratchAlloc(<usize>max(pairs, 1) << 4);
  for (let j = 0; j < pairs << 1; j++) store<f64>(scratch + (<usize>j << 3), 1.0);
  const vone = f64x2.splat(1.0);
  const tail = <usize>(pairs << 1) << 3; // byte offset of the odd last column, if N is odd
  let tailAcc = 1.0;
  for (let t = 0; t < T; t++) {
    const row = <usize>t * <usize>N << 3;
    for (let k = 0; k < pairs; k++) {
      const off = <usize>k << 4;
      const r = v128.load(x + row + off);
      const acc = v128.load(scratch + off);
      const next = f64x2.mul(acc, f64x2.add(vone, r)); // NaN where r is NaN
      v128.store(scratch + off, v128.bitselect(next, acc, f64x2.eq(r, r)));
      v128.store(out + row + off, next);
    }
    if (N & 1) {
      const r = load<f64>(x + row + tail);
      const next = tailAcc * (1.0 + r);
      tailAcc = select<f64>(next, tailAcc, r == r);
      store<f64>(out + row + tail, next);
    }
  }
  scratchFree(scratch);
}
