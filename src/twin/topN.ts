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
