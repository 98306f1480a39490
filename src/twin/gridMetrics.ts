import { heapF64 } from '../engine/wasm.js';
import { reduceMetrics } from '../grid/reduce.js';

/**
 * Twin of assembly/kernels/gridMetrics.ts: `reduceMetrics` (src/grid/reduce.ts, the
 * reference arithmetic, bit-identical to `metrics()`) run on views of the same wasm
 * memory. A bad return (infinite, or below -1) is reported by its index, as the kernel
 * does, instead of thrown: the kernel finds it exactly when the first such value exists.
 */
export function gridMetrics(returns: number, turnover: number, len: number, ppy: number, scratch: number, out: number): number {
  const h = heapF64();
  const r = h.subarray(returns >>> 3, (returns >>> 3) + len);
  for (let t = 0; t < len; t++) {
    const v = r[t];
    if (v === Infinity || v === -Infinity || v < -1) return t;
  }
  const s = scratch >>> 3;
  const tv = turnover === 0 ? null : h.subarray(turnover >>> 3, (turnover >>> 3) + len);
  const x = h.subarray(s, s + len);
  const sq = h.subarray(s + len, s + 2 * len);
  const dn = h.subarray(s + 2 * len, s + 3 * len);
  reduceMetrics(r, 0, len, tv, ppy, { x, sq, dn }, h, out >>> 3);
  return -1;
}
