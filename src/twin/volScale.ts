import { heapF64 } from '../engine/wasm.js';

/** Twin of assembly/kernels/volScale.ts: w * min(cap, target / (sigma annual)); 0 where w is 0 / NaN or the scale NaN. */
export function volScale(w: number, sigma: number, out: number, n: number, target: number, cap: number, annual: number): void {
  const h = heapF64();
  const wi = w >>> 3;
  const si = sigma >>> 3;
  const oi = out >>> 3;
  for (let i = 0; i < n; i++) {
    const x = h[wi + i];
    const scale = Math.min(cap, target / (h[si + i] * annual));
    h[oi + i] = x === 0 || !(x === x) || !(scale === scale) ? 0 : x * scale;
  }
}
