import { heapF64 } from '../engine/wasm.js';

/**
 * TypeScript twins of assembly/kernels/topN.ts over the same wasm memory: the same
 * comparisons, the same bounded heap and the same arithmetic, so the results are
 * bit-identical.
 */

/** Twin of `dualMomentumFilter`: out = r where j != def and r - rf[t] > 0, else NaN; valid[t] = non-NaN r (j != def). */
export function dualMomentumFilter(ret: number, rf: number, out: number, valid: number, T: number, N: number, def: number): void {
  const h = heapF64();
  const ri = ret >>> 3;
  const oi = out >>> 3;
  for (let t = 0, row = 0; t < T; t++, row += N) {
    const rft = rf !== 0 ? h[(rf >>> 3) + t] : 0;
    let count = 0;
    for (let j = 0; j < N; j++) {
      const r = h[ri + row + j];
      const candidate = j !== def;
      if (candidate && r === r) count++;
      h[oi + row + j] = candidate && r - rft > 0 ? r : NaN;
    }
    h[(valid >>> 3) + t] = count;
  }
}

/** Entry a is worse than entry b: smaller value, or equal value and a column further right. */
const worse = (av: number, ac: number, bv: number, bc: number): boolean => av < bv || (av === bv && ac > bc);

/**
 * Twin of `topNWeights`: 1 / topN on the topN best non-NaN x per row (ties to the
 * leftmost column), 0 elsewhere; the empty slots' share to column def (def >= 0) when
 * valid[t] > 0 and its price is present. A min-heap of the best topN, worst at the root.
 */
export function topNWeights(x: number, valid: number, prices: number, out: number, T: number, N: number, topN: number, def: number): void {
  const h = heapF64();
  const xi = x >>> 3;
  const oi = out >>> 3;
  if (topN <= 0) {
    h.fill(0, oi, oi + T * N);
    return;
  }
  const hv = new Float64Array(topN);
  const hc = new Int32Array(topN);
  const share = 1 / topN;
  for (let t = 0, row = 0; t < T; t++, row += N) {
    h.fill(0, oi + row, oi + row + N);
    let size = 0;
    for (let j = 0; j < N; j++) {
      const v = h[xi + row + j];
      if (v !== v) continue;
      let i: number;
      if (size < topN) {
        i = size++;
        while (i > 0) {
          const parent = (i - 1) >> 1;
          if (!worse(v, j, hv[parent], hc[parent])) break;
          hv[i] = hv[parent];
          hc[i] = hc[parent];
          i = parent;
        }
      } else {
        if (!(v > hv[0])) continue;
        i = 0;
        for (;;) {
          const l = 2 * i + 1;
          if (l >= size) break;
          const c = l + 1 < size && worse(hv[l + 1], hc[l + 1], hv[l], hc[l]) ? l + 1 : l;
          if (!worse(hv[c], hc[c], v, j)) break;
          hv[i] = hv[c];
          hc[i] = hc[c];
          i = c;
        }
      }
      hv[i] = v;
      hc[i] = j;
    }
    for (let k = 0; k < size; k++) h[oi + row + hc[k]] = share;
    if (def >= 0 && size < topN && h[(valid >>> 3) + t] > 0) {
      const pd = h[(prices >>> 3) + row + def];
      if (pd === pd) h[oi + row + def] = (topN - size) / topN;
    }
  }
}

/** Twin of `topNOrder`: the `depth` best non-NaN x per row, in order, by insertion into a sorted buffer; -1 past the valid ones. */
export function topNOrder(x: number, order: number, T: number, N: number, depth: number): void {
  if (depth <= 0) return;
  const h = heapF64();
  const xi = x >>> 3;
  const bv = new Float64Array(depth);
  for (let t = 0; t < T; t++) {
    const row = xi + t * N;
    const o = (order >>> 3) + t * depth;
    let size = 0;
    for (let j = 0; j < N; j++) {
      const v = h[row + j];
      if (v !== v) continue;
      let i: number;
      if (size < depth) i = size++;
      else if (v > bv[depth - 1]) i = depth - 1;
      else continue;
      while (i > 0 && bv[i - 1] < v) {
        bv[i] = bv[i - 1];
        h[o + i] = h[o + i - 1];
        i--;
      }
      bv[i] = v;
      h[o + i] = j;
    }
    for (let k = size; k < depth; k++) h[o + k] = -1;
  }
}

/** Twin of `topNFromOrder`: 1 / topN on the first topN columns of each row's order, the defensive rule of `topNWeights`. */
export function topNFromOrder(order: number, valid: number, prices: number, out: number, T: number, N: number, depth: number, topN: number, def: number): void {
  const h = heapF64();
  const oi = out >>> 3;
  h.fill(0, oi, oi + T * N);
  if (topN <= 0) return;
  const share = 1 / topN;
  for (let t = 0; t < T; t++) {
    const row = oi + t * N;
    const ord = (order >>> 3) + t * depth;
    let held = 0;
    for (; held < topN; held++) {
      const c = h[ord + held];
      if (c < 0) break;
      h[row + c] = share;
    }
    if (def >= 0 && held < topN && h[(valid >>> 3) + t] > 0) {
      const pd = h[(prices >>> 3) + t * N + def];
      if (pd === pd) h[row + def] = (topN - held) / topN;
    }
  }
}
