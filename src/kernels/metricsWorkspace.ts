import type { Kernels } from '../engine/kernels.js';
import { allocF64, freePtr, heapF64 } from '../engine/memory.js';
import type { SimulationWorkspace } from './simulateWorkspace.js';

/** The number of metrics the `gridMetrics` kernel writes (the grid's GRID_METRICS, in that order). */
export const GRID_METRICS_OUT = 8;

/**
 * Fixed wasm memory for the `gridMetrics` kernel (assembly/kernels/gridMetrics.ts, twin
 * src/twin/gridMetrics.ts): 3 T f64 of scratch and the 8 results, allocated once per
 * grid executor through the current allocator (a worker's arena, or the engine's heap),
 * so a grid point's metrics cost one kernel call and no allocation. The values are
 * bit-identical to `reduceMetrics` (src/grid/reduce.ts) and to `metrics()`.
 */
export class MetricsWorkspace {
  readonly T: number;
  #scratch: number;
  #out: number;

  constructor(T: number) {
    this.T = T;
    this.#scratch = allocF64(3 * Math.max(T, 1));
    this.#out = allocF64(GRID_METRICS_OUT);
  }

  /**
   * The metrics of the returns and turnover of `ws`'s last run (read in place) from row
   * `start` (the evaluation sample) to the last, into `dest[o + k * stride]`, k = 0 .. 7.
   * Returns -1, or the index (counted from `start`) of the first return that is infinite
   * or below -1 (then `dest` is untouched; the caller raises the error).
   */
  reduceRun(k: Kernels, ws: SimulationWorkspace, ppy: number, dest: Float64Array, o: number, stride = 1, start = 0): number {
    const T = ws.T;
    return this.reduce(k, ws.outPtr + 8 * start, ws.outPtr + 8 * (T + start), T - start, ppy, dest, o, stride);
  }

  /** As `reduceRun`, for `len` returns at byte address `returns` (turnover at `turnover`, 0 for none). */
  reduce(k: Kernels, returns: number, turnover: number, len: number, ppy: number, dest: Float64Array, o: number, stride = 1): number {
    if (len > this.T) throw new RangeError(`MetricsWorkspace: ${len} returns for a workspace of ${this.T}`);
    const bad = k.gridMetrics(returns, turnover, len, ppy, this.#scratch, this.#out);
    if (bad >= 0) return bad;
    const h = heapF64();
    const b = this.#out >>> 3;
    for (let m = 0; m < GRID_METRICS_OUT; m++) dest[o + m * stride] = h[b + m];
    return -1;
  }

  free(): void {
    freePtr(this.#scratch);
    freePtr(this.#out);
    this.#scratch = this.#out = 0;
  }
}
