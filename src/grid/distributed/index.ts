/**
 * Distributed grids, loaded on first use: BullMQ and ioredis are imported only when a
 * worker starts (a queue run of `grid()` imports the coordinator the same way).
 */
import type { GridWorker, GridWorkerOptions } from './worker.js';

export type { GridWorker, GridWorkerOptions } from './worker.js';

/**
 * Starts a distributed-grid worker in this process: takes jobs of `grid(spec, prices,
 * { queue })` runs from the BullMQ queue at `options.queue` and runs them on `threads`
 * compute threads until `close()`. What `xmom worker` runs; see src/grid/distributed/worker.ts.
 */
export async function startGridWorker(options: GridWorkerOptions): Promise<GridWorker> {
  const m = await import('./worker.js');
  return m.startGridWorker(options);
}
