import { heapF64 } from '../engine/wasm.js';

// Method codes, in the order of RANK_METHODS in src/kernels/rank.ts.
const AVERAGE = 0;
const MIN = 1;
const MAX = 2;
const FIRST = 3;
const DENSE = 4;

/** First index in sorted[0, n) whose value is >= v. */
function lowerBound(sorted: Float64Array, n: number, v: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * TypeScript twin of assembly/kernels/rank.ts `rankRows`: pandas
 * `df.rank(axis=1, method, ascending, na_option='keep', pct)` of every row of a
 * time-major panel in wasm memory. Per row: the values are copied (-0 turned into +0)
 * and sorted with the native `Float64Array.prototype.sort` (NaNs sort last); one pass
 * over the sorted values records, for each position, the last position of its group of
 * equal values and the group's number; then each column finds the first position of its
 * value by binary search. Ranks use the same formulas as the wasm kernel (exact small
 * integers or halves), so the two agree bit for bit. O(T N log N); scratch allocated
 * once per call.
 */
export function rankRows(x: number, out: number, T: number, N: number, method: number, ascending: number, pct: number): void {
  const h = heapF64();
  const xi = x >>> 3;
  const oi = out >>> 3;
  const sorted = new Float64Array(N);
  const last = new Int32Array(N); // last sorted position of the group holding position i
  const group = new Int32Array(N); // 0-based number of that group (distinct values below)
  const seen = new Int32Array(N); // first: columns of the group starting at i ranked so far
  for (let t = 0; t < T; t++) {
    const row = t * N;
    let n = 0;
    for (let j = 0; j < N; j++) {
      const v = h[xi + row + j] + 0; // -0 + 0 = +0: the zeros tie
      sorted[j] = v;
      if (v === v) n++;
    }
    if (n === 0) {
      h.fill(NaN, oi + row, oi + row + N);
      continue;
    }
    sorted.sort();
    let g = 0;
    for (let i = 0; i < n; i++) {
      if (i > 0 && sorted[i] !== sorted[i - 1]) g++;
      group[i] = g;
    }
    const groups = g + 1;
    for (let i = n - 1; i >= 0; i--) last[i] = i + 1 < n && sorted[i + 1] === sorted[i] ? last[i + 1] : i;
    if (method === FIRST) seen.fill(0, 0, n);
    const denom = method === DENSE ? groups : n;
    for (let j = 0; j < N; j++) {
      const v = h[xi + row + j] + 0;
      if (v !== v) {
        h[oi + row + j] = NaN;
        continue;
      }
      const lo = lowerBound(sorted, n, v);
      const hi = last[lo];
      let r: number;
      if (method === AVERAGE) r = ascending ? (lo + hi + 2) * 0.5 : (2 * n - lo - hi) * 0.5;
      else if (method === MIN) r = ascending ? lo + 1 : n - hi;
      else if (method === MAX) r = ascending ? hi + 1 : n - lo;
      else if (method === DENSE) r = ascending ? group[lo] + 1 : groups - group[lo];
      else r = (ascending ? lo + 1 : n - hi) + seen[lo]++; // first: ties in column order, both directions
      h[oi + row + j] = pct ? r / denom : r;
    }
  }
}
