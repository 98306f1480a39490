import { Panel } from '../panel.js';
import type { Kernels } from '../engine/kernels.js';
import { engine } from '../engine/wasm.js';
import { allocBytes, allocF64, f64View, freePtr } from '../engine/memory.js';
import type { SimulationParams } from './simulate.js';

/**
 * The memory layer of a parameter grid's inner loop: every buffer the full simulation
 * kernel (assembly/kernels/simulate.ts, the kernel `backtest` runs) writes, allocated
 * ONCE for a price panel and reused by every simulation, so a grid point costs one kernel
 * call and no allocation ("fixed memory"). Same kernel, same inputs as `backtest` with
 * a zero cash rate and no decay: the returns and turnover are bit-identical to
 * `backtest(...).returns` / `.turnover`.
 *
 * Allocates through src/engine/memory.ts (the current allocator: a worker's arena, or the
 * engine's heap). Views returned by `returns()` / `turnover()` are valid until the next
 * allocation in non-shared memory: read them before allocating again.
 */
export class SimulationWorkspace {
  readonly T: number;
  readonly N: number;
  #series: number;
  #rates: number;
  #flags: number;
  #panels: Panel[];

  constructor(prices: Panel) {
    this.T = prices.nRows;
    this.N = prices.nCols;
    const T = this.T;
    this.#series = allocF64(6 * T);
    this.#rates = allocF64(T);
    this.#flags = allocBytes(T);
    f64View(this.#rates, T).fill(0);
    this.#panels = [prices.like(), prices.like(), prices.like()];
  }

  /** Sets the rebalance flags (one byte per decision row, 1 = traded). */
  setFlags(flags: Uint8Array): void {
    if (flags.length !== this.T) throw new RangeError(`SimulationWorkspace: ${flags.length} flags for ${this.T} rows`);
    new Uint8Array(engine().memory.buffer, this.#flags, this.T).set(flags);
  }

  /** Runs the full kernel `k` on `prices` (the workspace's shape) and `weights` with the flags set last. */
  run(k: Kernels, prices: Panel, weights: Panel, p: SimulationParams): void {
    const [held, contribution, preTrade] = this.#panels;
    k.simulate(
      prices.ptr, weights.ptr, this.#flags, this.#rates, 0,
      this.#series, held.ptr, contribution.ptr, preTrade.ptr,
      this.T, this.N, p.lag,
      p.feeRate, p.fixedFee, p.initialCapital, p.band, p.borrowRate, p.leverage, p.maxGross,
    );
  }

  /** Net return of each bar of the last run (a view). */
  returns(): Float64Array {
    return f64View(this.#series, this.T);
  }

  /** One-way turnover of each bar of the last run (a view). */
  turnover(): Float64Array {
    return f64View(this.#series + 4 * 8 * this.T, this.T);
  }

  free(): void {
    for (const p of this.#panels) p.free();
    for (const ptr of [this.#series, this.#rates, this.#flags]) freePtr(ptr);
    this.#panels = [];
    this.#series = this.#rates = this.#flags = 0;
  }
}
