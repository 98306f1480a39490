/**
 * Running a grid's tasks: on the calling thread (`workers: 0`), on worker threads over
 * one shared memory (src/grid/pool.ts, src/grid/worker.ts; the memory is laid out by the
 * engine, src/engine/threads/), or on `xmom worker` processes through a queue
 * (src/grid/distributed/). All three write into the same result store and report the
 * same counters.
 */
import { NO_ARENA, type Backend } from '../engine/index.js';
import { shareMemory } from '../engine/node.js';
import type { Panel } from '../panel.js';
import { GRID_DEFAULTS, type ExpandedGrid } from './expand.js';
import { Executor, type FaultInjection, type ResultStore, type TaskStats } from './executor.js';
import { planFor } from './plans/index.js';
import type { StrategyPlan } from './plans/types.js';
import type { PointModel } from './points.js';
import { runPool, type PoolResult } from './pool.js';
import type { WorkerInit } from './protocol.js';
import type { ParsedGridSpec } from './spec.js';
import type { GridTask } from './tasks.js';

/** What every runner needs: the prices, the points, where results go and the settings of a point. */
export interface RunInput {
  prices: Panel;
  spec: ParsedGridSpec;
  model: PointModel;
  plan: StrategyPlan;
  tasks: GridTask[];
  store: ResultStore;
  ppy: number;
  ppyOption: number | undefined;
  backend: Backend | undefined;
  includeWarmup: boolean;
  metricIndex: number;
  direction: 1 | -1;
  topK: number;
  ruinedLast: boolean;
  fault: FaultInjection | null;
  onTop: (point: number, value: number, returns: Float64Array, ruined: boolean) => void;
  onError: (point: number, message: string) => void;
  progress: (done: number) => void;
}

/** How a run went: interrupted or not, the work done, and its timings (the pool's own record). */
export type RunOutcome = PoolResult;

/** Arena bytes for one worker: the panels of the largest prepare, levels and simulation, with headroom. */
export function arenaBytesFor(model: PointModel, grid: ExpandedGrid, prices: Panel): number {
  const plan = planFor(grid.spec.strategy);
  // The largest prepare over the axes' values: try every value of each axis in turn on top of the defaults.
  let prep = plan.panelsNeeded(model.strategyParams(0));
  grid.spec.axes.forEach((axis) => {
    if (axis.section !== 'strategy') return;
    for (const v of axis.values) prep = Math.max(prep, plan.panelsNeeded({ ...model.strategyParams(0), [axis.name]: v }));
  });
  const panels = prep + 1 /* weights */ + 4 /* vol targeting (portfolio mode) */ + 2 * model.volWindows().length + 3 /* workspace */ + 4;
  const panelBytes = prices.size * 8 + 64;
  return Math.max(GRID_DEFAULTS.arenaMinBytes, Math.ceil((panels * panelBytes + 16 * prices.nRows * 8) * 1.5) + (1 << 20));
}

/** Runs the tasks on this thread, yielding to the event loop between tasks (so SIGINT / abort are seen). */
export async function runInProcess(r: RunInput, signal: AbortSignal): Promise<RunOutcome> {
  const t0 = performance.now();
  const executor = new Executor({
    prices: r.prices, model: r.model, plan: r.plan, backend: r.backend, ppy: r.ppy, ppyOption: r.ppyOption, includeWarmup: r.includeWarmup,
    arena: NO_ARENA, store: r.store, metricIndex: r.metricIndex, direction: r.direction, topK: r.topK, ruinedLast: r.ruinedLast,
    onTop: r.onTop, onError: r.onError, fault: r.fault, inWorker: false,
  });
  const stats: TaskStats = { points: 0, prepares: 0, weights: 0, vols: 0, simulations: 0 };
  const outcome = (partial: boolean): RunOutcome => ({ partial, stats, workersStarted: 0, arenaPeak: 0, startupMs: 0, computeMs: performance.now() - t0 });
  let done = 0;
  try {
    for (const task of r.tasks) {
      await new Promise<void>((res) => setImmediate(res));
      if (signal.aborted) return outcome(true);
      const s = executor.runTask(task.points, task.attempts);
      stats.points += s.points;
      stats.prepares += s.prepares;
      stats.weights += s.weights;
      stats.vols += s.vols;
      stats.simulations += s.simulations;
      done += s.points;
      r.progress(done);
    }
    return outcome(false);
  } finally {
    executor.dispose();
  }
}

/**
 * Runs the tasks on `workers` worker threads (no more than there are tasks), each with
 * an arena of `arenaBytes` in the shared memory into which the prices are copied once.
 */
export async function runOnWorkers(r: RunInput, workers: number, arenaBytes: number, signal: AbortSignal): Promise<RunOutcome> {
  const { prices, store } = r;
  const memories = shareMemory(prices, Math.min(workers, r.tasks.length), arenaBytes);
  const inits: WorkerInit[] = memories.map((engine) => ({
    engine,
    columns: [...prices.columns],
    dates: prices.index ? prices.dates() : null,
    indexName: prices.indexName,
    spec: r.spec,
    metricsBuf: store.metrics.buffer as SharedArrayBuffer,
    statusBuf: store.status.buffer as SharedArrayBuffer,
    returnsBuf: store.returns ? (store.returns.buffer as SharedArrayBuffer) : null,
    ruinedBuf: store.ruinedRow.buffer as SharedArrayBuffer,
    ruinedLast: r.ruinedLast,
    ppy: r.ppy,
    ppyOption: r.ppyOption,
    includeWarmup: r.includeWarmup,
    backend: r.backend,
    metricIndex: r.metricIndex,
    direction: r.direction,
    topK: r.topK,
    fault: r.fault,
  }));
  const p = await runPool(r.tasks, inits, store.status, { onError: r.onError, onTop: r.onTop, onProgress: r.progress }, signal);
  return { partial: p.partial, stats: p.stats, workersStarted: p.workersStarted, arenaPeak: p.arenaPeak, startupMs: p.startupMs, computeMs: p.computeMs };
}

/** Runs the tasks on `xmom worker` processes through the BullMQ queue at `url`. */
export async function runOnQueue(r: RunInput, url: string, signal: AbortSignal): Promise<RunOutcome> {
  const { runQueue } = await import('./distributed/coordinator.js');
  const q = await runQueue({
    url, prices: r.prices, tasks: r.tasks, store: r.store, onError: r.onError, onTop: r.onTop, onProgress: r.progress,
    settings: {
      spec: r.spec, ppy: r.ppy, ppyOption: r.ppyOption, backend: r.backend, metricIndex: r.metricIndex, direction: r.direction,
      topK: r.topK, ruinedLast: r.ruinedLast, includeWarmup: r.includeWarmup, fault: r.fault,
    },
  }, signal);
  return { partial: q.partial, stats: q.stats, workersStarted: 0, arenaPeak: 0, startupMs: q.startupMs, computeMs: q.computeMs };
}
