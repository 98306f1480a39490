// Top-N selection of a strategy's weights over a time-major panel (T rows x N assets):
// dual momentum's absolute filter (`dualMomentumFilter`) and the equal-weight top-N
// book of dual momentum and multi-horizon momentum (`topNWeights`).
//
// The strategies used to rank every row (`rankRows`, descending, method 'first') and
// keep the ranks <= topN. Only the SET of the topN best matters (each gets 1 / topN), so
// `topNWeights` selects it directly with a bounded heap: per row O(N log topN) instead
// of a full rank, and no rank panel. "Best" is the rank's order: larger value first,
// among equal values (-0 == +0) the leftmost column, so the set is exactly
// { j : rank_first_desc(x)[t, j] <= topN } (TypeScript twin: src/twin/topN.ts).

import { scratchAlloc, scratchFree } from '../scratch';

const NAN: f64 = NaN;

/**
 * Dual momentum's absolute filter: out[t, j] = r[t, j] where j != def and
 * r[t, j] - rf[t] > 0, else NaN; valid[t] = the number of columns j != def with a
 * non-NaN r (as f64). `rf`: T f64 (the risk-free rate over the lookback), or 0 for a zero
 * rate. `def` < 0: no defensive column. Two columns per f64x2 (the same comparison
 * r - rf > 0 in each lane as the scalar tail). O(T N), no scratch.
 */
export function dualMomentumFilter(ret: usize, rf: usize, out: usize, valid: usize, T: i32, N: i32, def: i32): void {
  const pairs = N >> 1;
  const tail = pairs << 1;
  const vnan = f64x2.splat(NAN);
  const vzero = f64x2.splat(0.0);
  for (let t = 0; t < T; t++) {
    const rft = rf != 0 ? load<f64>(rf + (<usize>t << 3)) : 0.0;
    const vrf = f64x2.splat(rft);
    const row = <usize>t * <usize>N << 3;
    const rRow = ret + row;
    const oRow = out + row;
    // Two columns per f64x2: pass = r - rf > 0; the lanes of r == r counted as -1 each.
    let vcount = i64x2.splat(0);
    for (let k = 0; k < pairs; k++) {
      const o = <usize>k << 4;
      const r = v128.load(rRow + o);
      v128.store(oRow + o, v128.bitselect(r, vnan, f64x2.gt(f64x2.sub(r, vrf), vzero)));
      vcount = i64x2.add(vcount, f64x2.eq(r, r));
    }
    let count = -<i32>(i64x2.extract_lane(vcount, 0) + i64x2.extract_lane(vcount, 1));
    for (let j = tail; j < N; j++) {
      const o = <usize>j << 3;
      const r = load<f64>(rRow + o);
      if (r == r) count++;
      store<f64>(oRow + o, r - rft > 0.0 ? r : NAN);
    }
    if (def >= 0) {
      // The defensive column is never a candidate.
      const o = <usize>def << 3;
      if (load<f64>(rRow + o) == load<f64>(rRow + o)) count--;
      store<f64>(oRow + o, NAN);
    }
    store<f64>(valid + (<usize>t << 3), <f64>count);
  }
}

/** Heap entry a is worse than entry b: smaller value, or equal value and a column further right. */
@inline function worse(av: f64, ac: i32, bv: f64, bc: i32): bool {
  return av < bv || (av == bv && ac > bc);
}

/**
 * Equal-weight top-N book: on each row, the topN best non-NaN x (larger first, ties to
 * the leftmost column) get 1 / topN, every other cell 0; held = min(topN, valid values).
 * With a defensive column (def >= 0): when held < topN, some candidate is valid that
 * row (valid[t] > 0) and the defensive asset's price there is not NaN, it gets
 * (topN - held) / topN. `valid` / `prices` are only read when def >= 0.
 * A min-heap of the topN best so far (worst at the root): a value enters when the heap
 * is not full or it beats the root. O(T N log topN), scratch 12 topN bytes.
 */
export function topNWeights(x: usize, valid: usize, prices: usize, out: usize, T: i32, N: i32, topN: i32, def: i32): void {
  if (topN <= 0) {
    memory.fill(out, 0, <usize>T * <usize>N << 3);
    return;
  }
  const K = <usize>topN;
  const scratch = scratchAlloc(K * 12);
  const hv = scratch; // heap values, K f64
  const hc = scratch + (K << 3); // heap columns, K i32
  const share = 1.0 / <f64>topN;
  for (let t = 0; t < T; t++) {
    const row = <usize>t * <usize>N << 3;
    const xRow = x + row;
    const oRow = out + row;
    let size = 0;
    for (let j = 0; j < N; j++) {
      const v = load<f64>(xRow + (<usize>j << 3));
      store<f64>(oRow + (<usize>j << 3), 0.0);
      if (v != v) continue;
      let i: i32;
      if (size < topN) {
        // Sift up from the new leaf.
        i = size++;
        while (i > 0) {
          const parent = (i - 1) >> 1;
          const pv = load<f64>(hv + (<usize>parent << 3));
          const pc = load<i32>(hc + (<usize>parent << 2));
          if (!worse(v, j, pv, pc)) break;
          store<f64>(hv + (<usize>i << 3), pv);
          store<i32>(hc + (<usize>i << 2), pc);
          i = parent;
        }
      } else {
        // Full: v enters only if it beats the root (a tie loses: j is right of every entry).
        if (!(v > load<f64>(hv))) continue;
        i = 0;
        while (true) {
          const l = 2 * i + 1;
          if (l >= size) break;
          let c = l;
          let cv = load<f64>(hv + (<usize>l << 3));
          let cc = load<i32>(hc + (<usize>l << 2));
          const r = l + 1;
          if (r < size) {
            const rv = load<f64>(hv + (<usize>r << 3));
            const rc = load<i32>(hc + (<usize>r << 2));
            if (worse(rv, rc, cv, cc)) {
              c = r;
              cv = rv;
              cc = rc;
            }
          }
          if (!worse(cv, cc, v, j)) break;
          store<f64>(hv + (<usize>i << 3), cv);
          store<i32>(hc + (<usize>i << 2), cc);
          i = c;
        }
      }
      store<f64>(hv + (<usize>i << 3), v);
      store<i32>(hc + (<usize>i << 2), j);
    }
    for (let k = 0; k < size; k++) store<f64>(oRow + (<usize>load<i32>(hc + (<usize>k << 2)) << 3), share);
    if (def >= 0 && size < topN && load<f64>(valid + (<usize>t << 3)) > 0.0) {
      const pd = load<f64>(prices + row + (<usize>def << 3));
      if (pd == pd) store<f64>(oRow + (<usize>def << 3), <f64>(topN - size) / <f64>topN);
    }
  }
  scratchFree(scratch);
}

/**
 * The `depth` best non-NaN x of each row, in order (larger first, ties to the leftmost
 * column, as a descending 'first' rank): order[t * depth + k] = the column of rank k + 1,
 * as f64, -1 where the row has fewer than k + 1 valid values. Grids compute it once per
 * signal and derive the book of every topN <= depth from it (`topNFromOrder`).
 * Insertion into a sorted buffer: O(T (N + m depth)) for m insertions per row
 * (m ~ depth (1 + ln(N / depth)) on shuffled data, N in the worst case); scratch 8 depth bytes.
 */
export function topNOrder(x: usize, order: usize, T: i32, N: i32, depth: i32): void {
  if (depth <= 0) return;
  const D = <usize>depth;
  const bv = scratchAlloc(D << 3); // the values of the buffer
  for (let t = 0; t < T; t++) {
    const xRow = x + (<usize>t * <usize>N << 3);
    const oRow = order + (<usize>t * D << 3);
    let size = 0;
    for (let j = 0; j < N; j++) {
      const v = load<f64>(xRow + (<usize>j << 3));
      if (v != v) continue;
      let i: i32;
      if (size < depth) i = size++;
      else if (v > load<f64>(bv + ((D - 1) << 3))) i = depth - 1;
      else continue;
      // Shift the strictly smaller values down; an equal value (further left) stays ahead.
      while (i > 0) {
        const pv = load<f64>(bv + (<usize>(i - 1) << 3));
        if (!(pv < v)) break;
        store<f64>(bv + (<usize>i << 3), pv);
        store<f64>(oRow + (<usize>i << 3), load<f64>(oRow + (<usize>(i - 1) << 3)));
        i--;
      }
      store<f64>(bv + (<usize>i << 3), v);
      store<f64>(oRow + (<usize>i << 3), <f64>j);
    }
    for (let k = size; k < depth; k++) store<f64>(oRow + (<usize>k << 3), -1.0);
  }
  scratchFree(bv);
}

/**
 * The equal-weight top-N book of `topNWeights` from the rows of `topNOrder` (topN <=
 * depth): 1 / topN on the first topN columns of each row's order, 0 elsewhere, and the
 * same defensive rule. Bit-identical to `topNWeights` on the x the order came from.
 * O(T N) (zeroing) + O(T topN), no scratch.
 */
export function topNFromOrder(order: usize, valid: usize, prices: usize, out: usize, T: i32, N: i32, depth: i32, topN: i32, def: i32): void {
  memory.fill(out, 0, <usize>T * <usize>N << 3); // bulk memory: the one pass over out
  if (topN <= 0) return;
  const share = 1.0 / <f64>topN;
  for (let t = 0; t < T; t++) {
    const row = <usize>t * <usize>N << 3;
    const oRow = order + (<usize>t * <usize>depth << 3);
    let held = 0;
    for (; held < topN; held++) {
      const c = load<f64>(oRow + (<usize>held << 3));
      if (c < 0.0) break;
      store<f64>(out + row + (<usize><i32>c << 3), share);
    }
    if (def >= 0 && held < topN && load<f64>(valid + (<usize>t << 3)) > 0.0) {
      const pd = load<f64>(prices + row + (<usize>def << 3));
      if (pd == pd) store<f64>(out + row + (<usize>def << 3), <f64>(topN - held) / <f64>topN);
    }
  }
}
