import type { Panel } from '../panel.js';
import type { Kernels } from '../engine/kernels.js';
import { engine } from '../engine/wasm.js';
import { allocBytes, allocF64, f64View, freePtr } from '../engine/memory.js';

/** Settings of one grid simulation (see `simulateStats`). */
export interface StatsParams {
  lag: number;
  /** (feesBps + slippageBps) / 1e4. */
  feeRate: number;
  /** Absolute band (Infinity = none), as `backtest` passes it. */
  band: number;
  /** Relative band (fraction of |target|; Infinity = none). */
  bandRel: number;
  /** BACKTEST_DEFAULTS.minTrade. */
  minTrade: number;
  leverage: number;
}

/**
 * The memory layer of a parameter grid's inner loop: the buffers of the grid's
 * simulation kernel (`simulateStats`: the per-bar returns and turnover of the full
 * simulation `backtest` runs, bit-identical for a band, leverage and a proportional fee
 * with zero cash rate, no borrow or fixed fee, no cap or decay), allocated ONCE for a
 * price panel and reused by every simulation, so a grid point costs one kernel call and
 * no allocation ("fixed memory": 2 T + T / 8 f64).
 *
 * Allocates through src/engine/memory.ts (the current allocator: a worker's arena, or the
 * engine's heap). Views returned by `returns()` / `turnover()` stay valid until the
 * memory grows (non-shared memory): read them before allocating again.
 */
export class SimulationWorkspace {
  readonly T: number;
  readonly N: number;
  #out: number;
  #flags: number;
  #buffer: ArrayBufferLike | null = null;
  #returns: Float64Array | null = null;
  #turnover: Float64Array | null = null;

  constructor(prices: Panel) {
    this.T = prices.nRows;
    this.N = prices.nCols;
    this.#out = allocF64(2 * this.T);
    this.#flags = allocBytes(this.T);
  }

  /** Sets the rebalance flags (one byte per decision row, 1 = traded). */
  setFlags(flags: Uint8Array): void {
    if (flags.length !== this.T) throw new RangeError(`SimulationWorkspace: ${flags.length} flags for ${this.T} rows`);
    new Uint8Array(engine().memory.buffer, this.#flags, this.T).set(flags);
  }

  /**
   * Runs the kernel of `k` on `prices` (the workspace's shape) and `weights` with the flags
   * set last; returns the row of the ruin bar (equity reached 0: return -1 there, 0 after),
   * or -1 when the book stays solvent.
   */
  run(k: Kernels, prices: Panel, weights: Panel, p: StatsParams): number {
    return k.simulateStats(prices.ptr, weights.ptr, this.#flags, this.#out, this.T, this.N, p.lag, p.feeRate, p.band, p.leverage, p.bandRel, p.minTrade);
  }

  /** Byte address of the last run's returns (T f64), followed by its turnover (T f64): for kernels that read them in place. */
  get outPtr(): number {
    return this.#out;
  }

  /** Net return of each bar of the last run (a view, re-derived when the memory has grown). */
  returns(): Float64Array {
    this.#views();
    return this.#returns!;
  }

  /** One-way turnover of each bar of the last run (a view). */
  turnover(): Float64Array {
    this.#views();
    return this.#turnover!;
  }

  #views(): void {
    const buffer = engine().memory.buffer;
    if (this.#buffer === buffer) return;
    this.#buffer = buffer;
    this.#returns = f64View(this.#out, this.T);
    this.#turnover = f64View(this.#out + 8 * this.T, this.T);
  }

  free(): void {
    freePtr(this.#out);
    freePtr(this.#flags);
    this.#out = this.#flags = 0;
    this.#buffer = this.#returns = this.#turnover = null;
  }
}
