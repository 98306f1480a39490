import type { Kernels } from '../engine/kernels.js';
import { allocF64, freePtr, heapF64 } from '../engine/memory.js';
import { badReturnError } from './reduce.js';
import { N_METRICS } from './reduce.js';

/**
 * Fixed wasm memory for the `gridMetrics` kernel (assembly/kernels/gridMetrics.ts, twin
 * src/twin/gridMetrics.ts): 3 T f64 of scratch and the 8 results, allocated once per
 * executor through the current allocator (a worker's arena, or the engine's heap), so a
 * grid point's metrics cost one kernel call and no allocation. The values are
 * bit-identical to `reduceMetrics` (src/grid/reduce.ts) and to `metrics()`.
 */
export class MetricsWorkspace {
  readonly T: number;
  #scratch: number;
  #out: number;

  constructor(T: number) {
    this.T = T;
    this.#scratch = allocF64(3 * Math.max(T, 1));
    this.#out = allocF64(N_METRICS);
  }

  /**
   * The GRID_METRICS of the `len` returns at byte address `returns` (turnover at
   * `turnover`, 0 for none) into `dest[o + k * stride]`, k = 0 .. 7. Throws `metrics()`'s
   * error for an infinite return or one below -1.
   */
  reduce(k: Kernels, returns: number, turnover: number, len: number, ppy: number, dest: Float64Array, o: number, stride = 1): void {
    if (len > this.T) throw new RangeError(`MetricsWorkspace: ${len} returns for a workspace of ${this.T}`);
    const bad = k.gridMetrics(returns, turnover, len, ppy, this.#scratch, this.#out);
    const h = heapF64();
    if (bad >= 0) throw badReturnError(bad, h[(returns >>> 3) + bad]);
    const b = this.#out >>> 3;
    for (let m = 0; m < N_METRICS; m++) dest[o + m * stride] = h[b + m];
  }

  free(): void {
    freePtr(this.#scratch);
    freePtr(this.#out);
    this.#scratch = this.#out = 0;
  }
}
