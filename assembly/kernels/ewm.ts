// Exponentially weighted moving average over a time-major panel (T rows x N columns,
// row-major f64). Equivalent to pandas `ewm(alpha=..., adjust, ignore_na, min_periods).mean()`
// (pandas/_libs/window/aggregations.pyx `ewm`, reproduced operation by operation so
// results are bit-identical to pandas, including its `weighted != cur` guard).
//
// The columns are independent recurrences, so the inner loop runs across columns of
// one row: two columns per f64x2 lane pair, every branch of the scalar recursion turned
// into a lane mask. The SIMD and scalar paths perform the same IEEE operations in the
// same order, so they agree bit for bit with each other and with the TypeScript twin.
// O(T*N) time, O(N) scratch.

import { scratchAlloc, scratchFree } from '../scratch';

const NAN: f64 = NaN;

@inline function ewmScalarStep(
  x: usize, out: usize, pw: usize, po: usize, pn: usize,
  f: f64, nw: f64, adjust: bool, ignoreNa: bool, minp: f64,
): void {
  let w = load<f64>(pw);
  let ow = load<f64>(po);
  let n = load<f64>(pn);
  const cur = load<f64>(x);
  const obs = cur == cur;
  if (obs) n += 1.0;
  if (w == w) {
    if (obs || !ignoreNa) {
      ow = ow * f;
      if (obs) {
        if (w != cur) w = (ow * w + nw * cur) / (ow + nw);
        ow = adjust ? ow + nw : 1.0;
      }
    }
  } else if (obs) {
    w = cur;
  }
  store<f64>(pw, w);
  store<f64>(po, ow);
  store<f64>(pn, n);
  store<f64>(out, n >= minp ? w : NAN);
}

/**
 * pandas `ewm(alpha, adjust, ignore_na, min_periods).mean()` on every column.
 * `minPeriods` is clamped to at least 1 as pandas does.
 */
export function ewmMean(
  x: usize, out: usize, T: i32, N: i32, alpha: f64, adjust: bool, ignoreNa: bool, minPeriods: i32,
): void {
  const f = 1.0 - alpha;
  const nw: f64 = adjust ? 1.0 : alpha;
  const minp: f64 = <f64>max(minPeriods, 1);
  const pairs = N >> 1;
  // Scratch: weighted, old weight and observation count per column, laid out
  // as three planes of N f64 for the vector path (weighted | oldWt | nobs).
  const plane = <usize>N << 3;
  const scratch = scratchAlloc(plane * 3);
  for (let j = 0; j < N; j++) {
    const p = scratch + (<usize>j << 3);
    store<f64>(p, NAN);
    store<f64>(p + plane, 1.0);
    store<f64>(p + 2 * plane, 0.0);
  }
  const vf = f64x2.splat(f);
  const vnw = f64x2.splat(nw);
  const vone = f64x2.splat(1.0);
  const vzero = f64x2.splat(0.0);
  const vnan = f64x2.splat(NAN);
  const vminp = f64x2.splat(minp);
  const ignoreMask = ignoreNa ? i64x2.splat(0) : i64x2.splat(-1); // lanes decay on NaN when !ignoreNa
  const countGate = minp > 1.0;
  for (let t = 0; t < T; t++) {
    const row = <usize>t * <usize>N << 3;
    for (let k = 0; k < pairs; k++) {
      const off = <usize>k << 4;
      const pw = scratch + off;
      const po = pw + plane;
      const pn = po + plane;
      const cur = v128.load(x + row + off);
      let w = v128.load(pw);
      let ow = v128.load(po);
      let n = v128.load(pn);
      const obs = f64x2.eq(cur, cur);
      const wv = f64x2.eq(w, w);
      if (i64x2.all_true(v128.and(obs, wv))) {
        // Common case, both lanes observed and started: the general branch below with
        // its masks resolved (same operations, so the results stay bit-identical).
        const ow1 = f64x2.mul(ow, vf);
        const den = f64x2.add(ow1, vnw);
        const blend = f64x2.div(f64x2.add(f64x2.mul(ow1, w), f64x2.mul(vnw, cur)), den);
        w = v128.bitselect(w, blend, f64x2.eq(w, cur));
        ow = adjust ? den : vone;
        n = f64x2.add(n, vone);
      } else {
        n = f64x2.add(n, v128.bitselect(vone, vzero, obs));
        const decay = v128.and(wv, v128.or(obs, ignoreMask));
        const ow1 = v128.bitselect(f64x2.mul(ow, vf), ow, decay);
        const upd = v128.and(wv, obs);
        const blend = f64x2.div(
          f64x2.add(f64x2.mul(ow1, w), f64x2.mul(vnw, cur)),
          f64x2.add(ow1, vnw),
        );
        const wNew = v128.bitselect(w, blend, f64x2.eq(w, cur));
        const owUpd = adjust ? f64x2.add(ow1, vnw) : vone;
        w = v128.bitselect(wNew, w, upd);
        w = v128.bitselect(cur, w, v128.andnot(obs, wv));
        ow = v128.bitselect(owUpd, ow1, upd);
      }
      v128.store(pw, w);
      v128.store(po, ow);
      v128.store(pn, n);
      // With minPeriods <= 1 the average itself is NaN until the first observation.
      v128.store(out + row + off, countGate ? v128.bitselect(w, vnan, f64x2.ge(n, vminp)) : w);
    }
    for (let j = pairs << 1; j < N; j++) {
      // Odd last column: the scalar recursion, same operations as the lanes.
      const pj = scratch + (<usize>j << 3);
      const cell = row + (<usize>j << 3);
      ewmScalarStep(x + cell, out + cell, pj, pj + plane, pj + 2 * plane, f, nw, adjust, ignoreNa, minp);
    }
  }
  scratchFree(scratch);
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
