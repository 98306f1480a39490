// Cross-sectional rank: every row of a time-major panel (T rows x N columns, row-major
// f64) ranked across its columns. Equivalent to pandas
// `df.rank(axis=1, method, ascending, na_option='keep', pct)` (pandas/_libs/algos.pyx
// `rank_2d` + `rank_sorted_1d`): NaN stays NaN and is not counted, ranks start at 1,
// ties resolved by `method`, and `first` orders ties by column in both directions.
//
// Algorithm, per row:
// 1. Each valid value becomes an order-preserving u64 key (IEEE bits with the sign bit
//    flipped for positives, all bits flipped for negatives; -0 is first turned into +0,
//    so the two zeros tie as `==` says they do). Keys are kept per column in `keys`.
// 2. The columns are sorted by key: a stable LSD radix sort (3 passes of 8 bits) on a
//    24-bit prefix of (key - min key), packed as (prefix << s) | column in one u64 so a
//    pass moves a single word. Values whose prefixes collide form runs that are sorted
//    again on their own narrower key range (each level resolves 24 more bits, so at most
//    three levels); segments of <= 32 values use a stable insertion sort on the full key.
//    Stability keeps equal values in column order, which is what `first` needs.
// 3. One pass over the sorted columns finds the groups of equal keys and writes the rank
//    of each column from its group's bounds (formulas shared with the TypeScript twin,
//    all exact small integers or halves, so both backends agree bit for bit).
// O(T N) time in every case (at most three radix levels per value, insertion sorts only
// on segments of at most 32 values), 24 N + 3 KiB of scratch allocated once per call.

import { scratchAlloc, scratchFree } from '../scratch';

const NAN: f64 = NaN;

// Method codes, in the order of RANK_METHODS in src/kernels/rank.ts.
const AVERAGE: i32 = 0;
const MIN: i32 = 1;
const MAX: i32 = 2;
const FIRST: i32 = 3;
const DENSE: i32 = 4;

/** Segments up to this length are insertion sorted (no radix set-up cost). */
const SMALL: i32 = 32;
/** Key bits resolved per radix level: 3 passes of 8-bit digits. */
const PREFIX_BITS: i32 = 24;
const DIGITS: i32 = 3;
/** Bytes of one digit's histogram: 256 u32 counters. */
const HIST_BYTES: usize = 256 << 2;

/** Order-preserving unsigned key of a non-NaN f64 (-0 and +0 share the key of +0). */
@inline function orderKey(x: f64): u64 {
  const b = reinterpret<u64>(x + 0.0);
  return b ^ (<u64>(<i64>b >> 63) | 0x8000000000000000);
}

@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 3);
}

/** Full key of a packed (prefix << s) | column word. */
@inline function keyOf(keys: usize, e: u64, colMask: u64): u64 {
  return load<u64>(keys + (<usize>(e & colMask) << 3));
}

/** Stable insertion sort of a[lo, hi) by full key (equal keys keep their order). */
function insertionSort(a: usize, keys: usize, lo: i32, hi: i32, colMask: u64): void {
  for (let i = lo + 1; i < hi; i++) {
    const e = load<u64>(at(a, i));
    const k = keyOf(keys, e, colMask);
    let j = i - 1;
    while (j >= lo) {
      const f = load<u64>(at(a, j));
      if (keyOf(keys, f, colMask) <= k) break;
      store<u64>(at(a, j + 1), f);
      j--;
    }
    store<u64>(at(a, j + 1), e);
  }
}

/**
 * Sorts the packed words a[lo, hi) by full key, stably; `b` is scratch of the same
 * size, `counts` room for DIGITS histograms. Recurses into runs whose 24-bit prefixes
 * collide; each level narrows the key range by 2^24, so the depth is at most 3.
 */
function sortSegment(a: usize, b: usize, keys: usize, counts: usize, lo: i32, hi: i32, s: u64, colMask: u64): void {
  const n = hi - lo;
  if (n <= SMALL) {
    insertionSort(a, keys, lo, hi, colMask);
    return;
  }
  let kmin: u64 = u64.MAX_VALUE;
  let kmax: u64 = 0;
  for (let i = lo; i < hi; i++) {
    const k = keyOf(keys, load<u64>(at(a, i)), colMask);
    kmin = k < kmin ? k : kmin;
    kmax = k > kmax ? k : kmax;
  }
  if (kmin == kmax) return; // all tied: column order is already the answer
  const bits = 64 - <i32>clz<u64>(kmax - kmin);
  const shift = <u64>(bits > PREFIX_BITS ? bits - PREFIX_BITS : 0);
  memory.fill(counts, 0, HIST_BYTES * DIGITS);
  for (let i = lo; i < hi; i++) {
    const col = load<u64>(at(a, i)) & colMask;
    const p = (load<u64>(keys + (<usize>col << 3)) - kmin) >> shift;
    store<u64>(at(a, i), (p << s) | col);
    const c0 = counts + (<usize>(p & 255) << 2);
    const c1 = counts + HIST_BYTES + (<usize>((p >> 8) & 255) << 2);
    const c2 = counts + 2 * HIST_BYTES + (<usize>((p >> 16) & 255) << 2);
    store<u32>(c0, load<u32>(c0) + 1);
    store<u32>(c1, load<u32>(c1) + 1);
    store<u32>(c2, load<u32>(c2) + 1);
  }
  let src = a;
  let dst = b;
  for (let d = 0; d < DIGITS; d++) {
    const c = counts + <usize>d * HIST_BYTES;
    const sh = s + <u64>(d << 3);
    // A digit shared by every word orders nothing: skip its pass.
    if (load<u32>(c + (<usize>((load<u64>(at(src, lo)) >> sh) & 255) << 2)) == <u32>n) continue;
    let sum = <u32>lo;
    for (let v = 0; v < 256; v++) {
      const cv = c + (<usize>v << 2);
      const t = load<u32>(cv);
      store<u32>(cv, sum);
      sum += t;
    }
    for (let i = lo; i < hi; i++) {
      const e = load<u64>(at(src, i));
      const cv = c + (<usize>((e >> sh) & 255) << 2);
      const pos = load<u32>(cv);
      store<u32>(cv, pos + 1);
      store<u64>(at(dst, <i32>pos), e);
    }
    const tmp = src;
    src = dst;
    dst = tmp;
  }
  if (src != a) memory.copy(at(a, lo), at(src, lo), <usize>n << 3);
  if (shift == 0) return; // the prefix was the whole key difference: sorted
  // Runs of equal prefix may hold different keys: sort each on its own range.
  let i = lo;
  while (i < hi) {
    const p = load<u64>(at(a, i)) >> s;
    let j = i + 1;
    while (j < hi && load<u64>(at(a, j)) >> s == p) j++;
    if (j - i > 1) sortSegment(a, b, keys, counts, i, j, s, colMask);
    i = j;
  }
}

/**
 * pandas `df.rank(axis=1, method, ascending, na_option='keep', pct)` of every row.
 * `method`: 0 average, 1 min, 2 max, 3 first, 4 dense; `ascending`, `pct`: 0 / 1.
 * Ranks of a row with n valid values lie in 1..n (dense: 1..number of distinct
 * values); pct divides by n (dense: by the number of distinct values).
 */
export function rankRows(x: usize, out: usize, T: i32, N: i32, method: i32, ascendingFlag: i32, pctFlag: i32): void {
  // Flags are i32 0 / 1 at the boundary (checked against src/engine/kernels.ts).
  const ascending = ascendingFlag != 0;
  const pct = pctFlag != 0;
  // Scratch: keys per column | packed words | radix buffer (N u64 each) | histograms.
  const plane = <usize>N << 3;
  const keys = scratchAlloc(plane * 3 + HIST_BYTES * DIGITS);
  const a = keys + plane;
  const b = a + plane;
  const counts = b + plane;
  const s = <u64>(N <= 1 ? 1 : 32 - clz<i32>(N - 1)); // bits that hold a column index
  const colMask: u64 = (<u64>1 << s) - 1;
  for (let t = 0; t < T; t++) {
    const xr = x + (<usize>t * <usize>N << 3);
    const orow = out + (<usize>t * <usize>N << 3);
    let n = 0;
    for (let j = 0; j < N; j++) {
      const v = load<f64>(at(xr, j));
      if (v == v) {
        store<u64>(at(keys, j), orderKey(v));
        store<u64>(at(a, n), <u64>j);
        n++;
      } else {
        store<f64>(at(orow, j), NAN);
      }
    }
    if (n == 0) continue;
    sortSegment(a, b, keys, counts, 0, n, s, colMask);
    let groups = 0;
    if (method == DENSE) {
      groups = 1;
      for (let i = 1; i < n; i++) {
        if (keyOf(keys, load<u64>(at(a, i)), colMask) != keyOf(keys, load<u64>(at(a, i - 1)), colMask)) groups++;
      }
    }
    const fn = <f64>n;
    const denom: f64 = method == DENSE ? <f64>groups : fn;
    let g = 0;
    let i = 0;
    while (i < n) {
      const k = keyOf(keys, load<u64>(at(a, i)), colMask);
      let j = i + 1;
      while (j < n && keyOf(keys, load<u64>(at(a, j)), colMask) == k) j++;
      // Group of equal values at sorted positions [i, j - 1], in column order.
      g++;
      const lo = <f64>i;
      const hi = <f64>(j - 1);
      let r: f64;
      if (method == AVERAGE) r = ascending ? (lo + hi + 2.0) * 0.5 : (2.0 * fn - lo - hi) * 0.5;
      else if (method == MIN) r = ascending ? lo + 1.0 : fn - hi;
      else if (method == MAX) r = ascending ? hi + 1.0 : fn - lo;
      else if (method == DENSE) r = ascending ? <f64>g : <f64>(groups + 1 - g);
      else r = ascending ? lo + 1.0 : fn - hi; // FIRST: + position within the group below
      for (let e = i; e < j; e++) {
        const col = <usize>(load<u64>(at(a, e)) & colMask);
        const re = method == FIRST ? r + <f64>(e - i) : r;
        store<f64>(orow + (col << 3), pct ? re / denom : re);
      }
      i = j;
    }
  }
  scratchFree(keys);
}
