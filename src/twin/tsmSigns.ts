import { heapF64 } from '../engine/wasm.js';

/** Twin of assembly/kernels/tsmSigns.ts: w = s / n_t, s = sign(r - threshold) with `below` for the negative side. */
export function tsmSigns(ret: number, out: number, T: number, N: number, threshold: number, below: number): void {
  const h = heapF64();
  const ri = ret >>> 3;
  const oi = out >>> 3;
  for (let t = 0, row = 0; t < T; t++, row += N) {
    let n = 0;
    for (let j = 0; j < N; j++) if (h[ri + row + j] === h[ri + row + j]) n++;
    for (let j = 0; j < N; j++) {
      const x = h[ri + row + j];
      const s = x > threshold ? 1 : x < threshold ? below : 0;
      h[oi + row + j] = s === 0 ? 0 : s / n;
    }
  }
}
