// Exponentially weighted moving average over a time-major panel (T rows x N columns,
// row-major f64). Equivalent to pandas `ewm(alpha=..., adjust, ignore_na, min_periods).mean()`
// (pandas/_libs/window/aggregations.pyx `ewm`, reproduced operation by operation so
// results are bit-identical to pandas, including its `weighted != cur` guard).
//
// The columns are independent recurrences, so the inner loop runs across columns of
// one row: two columns per f64x2 lane pair. Its cost is memory operations and
// instructions, not the division (replacing the division by a multiplication saves
// ~7%): the common step keeps no running average in scratch (it reads the previous
// output row), skips the count, and rare cases leave the loop rather than widen it.
// The SIMD and scalar paths perform the same IEEE operations in the same order, so they
// agree bit for bit with each other and with the TypeScript twin.
// O(T*N) time, O(N) scratch.

import { scratchAlloc, scratchFree } from '../scratch';

const NAN: f64 = NaN;

/**
 * pandas `ewm(alpha, adjust, ignore_na, min_periods).mean()` on every column.
 * `minPeriods` is clamped to at least 1 as pandas does.
 */
export function ewmMean(
  x: usize, out: usize, T: i32, N: i32, alpha: f64, adjust: i32, ignoreNa: i32, minPeriods: i32,
): void {
  // Flags are i32 0 / 1 at the boundary (src/engine/kernels.ts: the compiler checks the
  // exports against that interface). Two instances of the row loop (the type argument
  // only selects `adjust` at compile time), so the common step carries no test of it.
  if (adjust != 0) ewmRows<u8>(x, out, T, N, alpha, ignoreNa != 0, minPeriods);
  else ewmRows<u16>(x, out, T, N, alpha, ignoreNa != 0, minPeriods);
}

/**
 * The row loop of `ewmMean`; `adjust` is `sizeof<A>() == 1`.
 *
 * A column pair takes the common step when both previous outputs are numbers (started,
 * at least minPeriods observations) and both inputs are numbers: it reads the running
 * averages back from the previous output row (still in cache) instead of a scratch
 * copy, and needs neither the observation count nor the start test. A pair whose other
 * lane has not started yet and has no input (a late listing) finishes there too: that
 * lane's old weight is NaN until its first observation, which keeps its result NaN.
 * Every other pair is listed and, after the row's common loop, takes `ewmGeneralPair`,
 * the recursion with each branch a lane mask (the columns are independent, so the order
 * does not matter). All paths perform the same IEEE operations (with adjust the new
 * weight is 1, and `1 * cur` is `cur`), so which one ran never shows in the bits.
 */
function ewmRows<A>(x: usize, out: usize, T: i32, N: i32, alpha: f64, ignoreNa: bool, minPeriods: i32): void {
  const adjust = sizeof<A>() == 1;
  const f = 1.0 - alpha;
  const nw: f64 = adjust ? 1.0 : alpha;
  const minp: f64 = <f64>max(minPeriods, 1);
  const pairs = N >> 1;
  // Scratch: running average, old weight and observation count per column, as three
  // planes of N f64 (weighted | oldWt | nobs). The scratch average is current only where
  // the previous output is NaN (the common step leaves it behind), the count only below
  // minPeriods (past it, it no longer matters), and the old weight is NaN until the
  // column's first observation (read as pandas' initial 1). After the planes, one i32 per
  // pair: the pairs of a row left to the general step. An odd last column lives in locals.
  const plane = <usize>N << 3;
  const scratch = scratchAlloc(plane * 3 + (<usize>max(pairs, 1) << 2));
  const failed = scratch + plane * 3;
  for (let j = 0; j < N; j++) {
    const p = scratch + (<usize>j << 3);
    store<f64>(p, NAN);
    store<f64>(p + plane, NAN);
    store<f64>(p + 2 * plane, 0.0);
  }
  const vf = f64x2.splat(f);
  const vnw = f64x2.splat(nw);
  const vzero = f64x2.splat(0.0);
  const vone = f64x2.splat(1.0);
  const rowBytes = <usize>N << 3;
  let tw: f64 = NAN; // the odd last column's average, old weight and count
  let tow: f64 = 1.0;
  let tn: f64 = 0.0;
  for (let t = 0; t < T; t++) {
    const row = <usize>t * rowBytes;
    const xr = x + row;
    const orow = out + row;
    if (t == 0) {
      for (let k = 0; k < pairs; k++) {
        const off = <usize>k << 4;
        ewmGeneralPair(v128.load(xr + off), orow + off, 0, scratch + off, plane, f, nw, adjust, ignoreNa, minp);
      }
    } else {
      const prev = orow - rowBytes;
      let nFail = 0;
      for (let k = 0; k < pairs; k++) {
        const off = <usize>k << 4;
        const po = scratch + plane + off;
        const cur = v128.load(xr + off);
        // Common step: weighted = (old * weighted + new * cur) / (old + new), unless
        // weighted == cur; the old weight decays by f first.
        const wp = v128.load(prev + off);
        const ow = v128.load(po);
        const ow1 = f64x2.mul(ow, vf);
        const den = f64x2.add(ow1, vnw);
        const num = adjust ? f64x2.add(f64x2.mul(ow1, wp), cur) : f64x2.add(f64x2.mul(ow1, wp), f64x2.mul(vnw, cur));
        const wn = v128.bitselect(wp, f64x2.div(num, den), f64x2.eq(wp, cur));
        const ok = f64x2.eq(wn, wn);
        if (i64x2.bitmask(ok) != 3) {
          // A lane with a NaN result is fine only if it has not started and has no input
          // (its old weight and input both NaN); anything else is the general step's,
          // after this loop (a call inside it would cost every pair register spills).
          const idle = v128.andnot(f64x2.ne(ow, ow), f64x2.eq(cur, cur));
          if (i64x2.bitmask(v128.or(ok, idle)) != 3) {
            store<i32>(failed + (<usize>nFail << 2), k);
            nFail++;
            continue;
          }
        }
        v128.store(orow + off, wn);
        // A NaN old weight stays NaN (NaN * f + new is NaN; without adjust NaN * 0 + 1).
        v128.store(po, adjust ? den : f64x2.add(f64x2.mul(den, vzero), vone));
      }
      for (let i = 0; i < nFail; i++) {
        const off = <usize>load<i32>(failed + (<usize>i << 2)) << 4;
        ewmGeneralPair(v128.load(xr + off), orow + off, prev + off, scratch + off, plane, f, nw, adjust, ignoreNa, minp);
      }
    }
    if (N & 1) {
      // Odd last column: the scalar recursion, same operations as the lanes, its state
      // in locals so that a single series runs at the latency of one step.
      const cell = row + (<usize>(N - 1) << 3);
      const cur = load<f64>(x + cell);
      const obs = cur == cur;
      if (obs) tn += 1.0;
      if (tw == tw) {
        if (obs || !ignoreNa) {
          tow = tow * f;
          if (obs) {
            if (tw != cur) tw = adjust ? (tow * tw + cur) / (tow + nw) : (tow * tw + nw * cur) / (tow + nw);
            tow = adjust ? tow + nw : 1.0;
          }
        }
      } else if (obs) {
        tw = cur;
      }
      store<f64>(out + cell, tn >= minp ? tw : NAN);
    }
  }
  scratchFree(scratch);
}

/**
 * The general step of `ewmMean` for one column pair: pandas' recursion with every branch
 * a lane mask. `o`: the output cell; `prev`: the previous output cell (0 on the first
 * row); `pw`: the scratch average, followed at `plane` and `2 * plane` by the old weight
 * (NaN until the first observation, read as 1) and the count. The running average is the
 * previous output where that is a number, else the scratch copy (written by the general
 * step that produced the NaN).
 */
@noinline function ewmGeneralPair(
  cur: v128, o: usize, prev: usize, pw: usize, plane: usize,
  f: f64, nw: f64, adjust: bool, ignoreNa: bool, minp: f64,
): void {
  const po = pw + plane;
  const pn = po + plane;
  const vf = f64x2.splat(f);
  const vnw = f64x2.splat(nw);
  const vone = f64x2.splat(1.0);
  let w = v128.load(pw);
  if (prev != 0) {
    const wp = v128.load(prev);
    w = v128.bitselect(wp, w, f64x2.eq(wp, wp));
  }
  const owIn = v128.load(po);
  const seen = f64x2.eq(owIn, owIn);
  let ow = v128.bitselect(owIn, vone, seen);
  let n = v128.load(pn);
  const obs = f64x2.eq(cur, cur);
  const wv = f64x2.eq(w, w);
  n = f64x2.add(n, v128.and(vone, obs));
  // Lanes whose weights decay: started, and observed or (ignoreNa false) missing.
  const decay = ignoreNa ? v128.and(wv, obs) : wv;
  const ow1 = v128.bitselect(f64x2.mul(ow, vf), ow, decay);
  const upd = v128.and(wv, obs);
  const den = f64x2.add(ow1, vnw);
  const num = adjust ? f64x2.add(f64x2.mul(ow1, w), cur) : f64x2.add(f64x2.mul(ow1, w), f64x2.mul(vnw, cur));
  const wNew = v128.bitselect(w, f64x2.div(num, den), f64x2.eq(w, cur));
  const owUpd = adjust ? den : vone;
  w = v128.bitselect(wNew, w, upd);
  w = v128.bitselect(cur, w, v128.andnot(obs, wv));
  ow = v128.bitselect(owUpd, ow1, upd);
  v128.store(pw, w);
  v128.store(po, v128.bitselect(ow, owIn, v128.or(seen, obs)));
  v128.store(pn, n);
  // With minPeriods <= 1 the average itself is NaN until the first observation.
  v128.store(o, minp > 1.0 ? v128.bitselect(w, f64x2.splat(NAN), f64x2.ge(n, f64x2.splat(minp))) : w);
}

/**
 * TA-Lib style EMA: the first `period` observations of a column seed the average with
 * their simple mean (output at the period-th observation); after that
 * ema = (x - ema) * alpha + ema, TA-Lib's operation order. NaN inputs are skipped: they
 * neither count towards the seed nor move the average, and the output there repeats
 * the last value (NaN until the seed is complete). O(T*N).
 */
export function ewmSmaSeed(x: usize, out: usize, T: i32, N: i32, alpha: f64, period: i32): void {
  const plane = <usize>N << 3;
  const scratch = scratchAlloc(plane * 2); // running value | observations seen
  for (let j = 0; j < N; j++) {
    store<f64>(scratch + (<usize>j << 3), 0.0);
    store<f64>(scratch + plane + (<usize>j << 3), 0.0);
  }
  const p = <f64>period;
  for (let t = 0; t < T; t++) {
    const row = <usize>t * <usize>N << 3;
    for (let j = 0; j < N; j++) {
      const pv = scratch + (<usize>j << 3);
      const pc = pv + plane;
      const cur = load<f64>(x + row + (<usize>j << 3));
      let v = load<f64>(pv);
      let c = load<f64>(pc);
      if (cur == cur) {
        c += 1.0;
        if (c < p) v += cur;
        else if (c == p) v = (v + cur) / p;
        else v = (cur - v) * alpha + v;
        store<f64>(pv, v);
        store<f64>(pc, c);
      }
      store<f64>(out + row + (<usize>j << 3), c >= p ? v : NAN);
    }
  }
  scratchFree(scratch);
}
