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
  /** Per-asset cost rates (N, one per column) replacing `feeRate`, or null. */
  feeRates?: Float64Array | null;
  /** The drawdown stop (see src/backtest/stop.ts): `end[t]` the first row a stop at t may re-enter; or null. */
  stop?: { drawdown: number; end: Float64Array } | null;
}

/**
 * The memory layer of a parameter grid's inner loop: the buffers of the grid's
 * simulation kernel (`simulateStats`: the per-bar returns and turnover of the full
 * simulation `backtest` runs, bit-identical for a band, leverage and a proportional fee
 * with zero cash rate, no borrow or fixed fee, no cap or decay), allocated ONCE for a
 * price panel and reused by every simulation, so a grid point costs one kernel call and
 * no allocation ("fixed memory": 3 T + T / 8 + N f64: returns, turnover, flags, and the
 * per-asset rates and stop ends a point may pass).
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
  // Per-asset rates (N f64) and stop ends (T f64), allocated with the rest (a grid worker
  // releases its arena to marks taken after the workspace exists: a lazy allocation would
  // be reclaimed under it), copied only when the caller passes another array.
  #rates: number;
  #ends: number;
  #ratesFrom: Float64Array | null = null;
  #endsFrom: Float64Array | null = null;
  #buffer: ArrayBufferLike | null = null;
  #returns: Float64Array | null = null;
  #turnover: Float64Array | null = null;

  constructor(prices: Panel) {
    this.T = prices.nRows;
    this.N = prices.nCols;
    this.#out = allocF64(2 * this.T);
    this.#flags = allocBytes(this.T);
    this.#rates = allocF64(this.N);
    this.#ends = allocF64(this.T);
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
    const rates = p.feeRates ? this.#copy(p.feeRates, 'rates') : 0;
    const ends = p.stop ? this.#copy(p.stop.end, 'ends') : 0;
    return k.simulateStats(
      prices.ptr, weights.ptr, this.#flags, this.#out, this.T, this.N, p.lag, p.feeRate, p.band, p.leverage, p.bandRel, p.minTrade,
      rates, ends, p.stop ? p.stop.drawdown : 0,
    );
  }

  #copy(a: Float64Array, which: 'rates' | 'ends'): number {
    if (which === 'rates') {
      if (this.#ratesFrom !== a) f64View(this.#rates, this.N).set(a);
      this.#ratesFrom = a;
      return this.#rates;
    }
    if (this.#endsFrom !== a) f64View(this.#ends, this.T).set(a);
    this.#endsFrom = a;
    return this.#ends;
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
    freePtr(this.#rates);
    freePtr(this.#ends);
    this.#out = this.#flags = this.#rates = this.#ends = 0;
    this.#ratesFrom = this.#endsFrom = null;
    this.#buffer = this.#returns = this.#turnover = null;
  }
}
