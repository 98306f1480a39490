/**
 * Grouping grid points into tasks: points that share a signal key (one `prepare`) go to
 * the same task, sorted by weights key, then volatility key, then simulation key so
 * the executor's levels change as rarely as possible. A group larger than `maxPoints`
 * is cut into several tasks (each prepares again) so that every worker gets work.
 */
import type { PointModel } from './points.js';

export interface GridTask {
  id: number;
  /** Point ids in execution order. */
  points: Int32Array;
  /** Attempts already made per point (0 = first run; 1 after a crash of the worker running it). */
  attempts: Uint8Array;
  /** Worker exits in a row while no point of this task was running and none finished (2: its points fail). */
  stalls?: number;
}

/** Largest task for `count` points on `workers` workers: about 4 tasks per worker, whole groups when they fit. */
export function maxTaskPoints(count: number, workers: number): number {
  return workers <= 0 ? Number.MAX_SAFE_INTEGER : Math.max(1, Math.ceil(count / (workers * 4)));
}

/**
 * Points per job of a queue run: about 100 jobs per grid, 50 to 5,000 points each. Jobs
 * are not cut where the signal changes (a job costs a few Redis round trips, more than a
 * repeated prepare at its edges).
 */
export function queueTaskPoints(count: number): number {
  return Math.min(5000, Math.max(50, Math.ceil(count / 100)));
}

/**
 * Builds the tasks of points 0 .. count-1: points sorted by their order key (signal,
 * then weights, vol and backtest axes; see `PointModel.orderKey`), cut where a task
 * reaches `maxPoints` and, with `cutAtSignal` (default), where the signal changes.
 * Transient memory: one f64 and one i32 per point.
 * O(P log P).
 */
export function buildTasks(model: PointModel, count: number, maxPoints: number, cutAtSignal = true): GridTask[] {
  const key = new Float64Array(count);
  for (let i = 0; i < count; i++) key[i] = model.orderKey(i);
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  order.sort((a, b) => key[a] - key[b] || a - b);
  const tasks: GridTask[] = [];
  for (let from = 0; from < count; ) {
    const signal = model.signalOfOrderKey(key[order[from]]);
    let to = from + 1;
    while (to < count && to - from < maxPoints && (!cutAtSignal || model.signalOfOrderKey(key[order[to]]) === signal)) to++;
    const points = order.slice(from, to);
    tasks.push({ id: tasks.length, points, attempts: new Uint8Array(points.length) });
    from = to;
  }
  return tasks;
}
