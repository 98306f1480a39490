/**
 * The shared memory of a grid's workers: one `WebAssembly.Memory({ shared: true })` for
 * build/threads.wasm, owned by an instance on the main thread whose TLSF heap reserves
 * (once, before any worker starts) the price panel, copied in once, and for each worker
 * a private panel arena and a kernel scratch region. Workers compute over this memory
 * and never call its heap (see workerEngine.ts). Callers above the engine only pass the
 * result on: every address in it is opaque to them.
 */
import { loadModule } from '../load.js';
import { instantiateModule } from '../wasm.js';
import type { PanelCells, SharedPanelBlock, SharedRegion, WorkerMemory } from './types.js';

/** Maximum pages of the threads build (asconfig.json `maximumMemory`): 2 GiB. */
const MAX_PAGES = 32768;

/**
 * Kernel scratch per worker (bytes): the per-column kernels the grid's strategies run
 * take at most a few planes of N f64 (rolling mean 8, rolling var / std 7, rolling cov
 * 13, the simulators 6, rank 3 plus 12 KiB of radix histograms): 64 planes and 1 MiB of
 * headroom. The N x N rolling matrix kernels (12 N^2 f64), which no grid plan calls, are
 * not covered: a kernel that outgrows the region traps (`unreachable`) and its point
 * reports the error.
 */
export function scratchBytesFor(N: number): number {
  return 64 * N * 8 + (1 << 20);
}

/**
 * Sets up a shared memory for `workers` workers with an arena of `arenaBytes` each, and
 * copies `prices` in once. Node only (compiles build/threads.wasm). RangeError when the
 * whole would not fit the 2 GiB of the threads build. O(T N) for the copy.
 */
export function shareMemory(prices: PanelCells, workers: number, arenaBytes: number): WorkerMemory[] {
  const module = loadModule('threads');
  const size = prices.nRows * prices.nCols;
  const priceBytes = Math.max(16, size * 8);
  const scratchBytes = scratchBytesFor(prices.nCols);
  const need = priceBytes + workers * (arenaBytes + scratchBytes + 64) + (4 << 20);
  if (need > MAX_PAGES * 65536 * 0.95) {
    throw new RangeError(`grid: the workers' shared memory would need ${(need / 2 ** 20).toFixed(0)} MiB, above the 2 GiB of the threads build; use fewer workers or workers: 0`);
  }
  const initial = Math.min(MAX_PAGES, Math.ceil(need / 65536) + 16);
  const memory = new WebAssembly.Memory({ initial, maximum: MAX_PAGES, shared: true });
  const owner = instantiateModule(module, memory);
  const reserve = (bytes: number): SharedRegion => {
    const p = owner.alloc(bytes);
    if (p === 0 || p % 16 !== 0) throw new RangeError(`grid: could not reserve ${bytes} bytes of shared memory`);
    return { byteOffset: p, bytes };
  };
  const block = reserve(priceBytes);
  new Float64Array(memory.buffer, block.byteOffset, size).set(prices.values);
  const panel: SharedPanelBlock = { byteOffset: block.byteOffset, nRows: prices.nRows, nCols: prices.nCols };
  return Array.from({ length: workers }, () => ({ module, memory, prices: panel, arena: reserve(arenaBytes), scratch: reserve(scratchBytes) }));
}
