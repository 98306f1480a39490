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
  return cutTasks(model, count, () => maxPoints, cutAtSignal);
}

/** The points sorted by order key, cut into tasks of at most `size(remaining)` points (and at signal changes). */
function cutTasks(model: PointModel, count: number, size: (remaining: number) => number, cutAtSignal: boolean): GridTask[] {
  const key = new Float64Array(count);
  for (let i = 0; i < count; i++) key[i] = model.orderKey(i);
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  order.sort((a, b) => key[a] - key[b] || a - b);
  const tasks: GridTask[] = [];
  for (let from = 0; from < count; ) {
    const signal = model.signalOfOrderKey(key[order[from]]);
    const maxPoints = size(count - from);
    let to = from + 1;
    while (to < count && to - from < maxPoints && (!cutAtSignal || model.signalOfOrderKey(key[order[to]]) === signal)) to++;
    const points = order.slice(from, to);
    tasks.push({ id: tasks.length, points, attempts: new Uint8Array(points.length) });
    from = to;
  }
  return tasks;
}

/** Estimated single-thread cost of one grid point per price cell (ns): ~3-5 ns measured on 2557 x 12 dual momentum. */
export const NS_PER_POINT_CELL = 4;

/** Estimated work that justifies one more worker (ms): a worker's start-up (thread, wasm instance, arena) is tens of ms. */
export const MS_PER_WORKER = 200;

/** Tasks queued per worker at the start: the first task of a grid is 1 / (4 workers) of it, later ones shrink. */
export const TASKS_PER_WORKER = 4;

/** Estimated single-thread compute time (ms) of `count` points on a T x N panel: count T N NS_PER_POINT_CELL. */
export function estimateGridMs(count: number, T: number, N: number): number {
  return (count * T * N * NS_PER_POINT_CELL) / 1e6;
}

/** A grid's tasks and the workers to start for them. */
export interface TaskPlan {
  /** Workers to start (0: run on the calling thread). */
  workers: number;
  tasks: GridTask[];
}

/**
 * Sizes a local grid run to its work. `maxWorkers` is a maximum (0: the calling thread):
 * one worker per MS_PER_WORKER of `estimatedMs` (at least 1, at most `maxWorkers`, at
 * most one per point), so a small grid does not pay for threads it cannot use. Tasks are
 * guided (self-scheduling that shrinks): with R points left, the next task takes
 * ceil(R / (TASKS_PER_WORKER workers)) points, never fewer than ceil(count / (16
 * TASKS_PER_WORKER workers)), cut where the signal changes; large tasks first keep the
 * dispatch cheap, small ones last let the workers finish together. On the calling
 * thread: tasks of up to 1,000 points (the progress and Ctrl-C granularity).
 * `estimatedMs` Infinity (the caller named its workers): `maxWorkers`, at most one per task.
 * O(P log P).
 */
export function planTasks(model: PointModel, count: number, maxWorkers: number, estimatedMs: number): TaskPlan {
  if (maxWorkers <= 0) return { workers: 0, tasks: buildTasks(model, count, 1000) };
  const workers = Math.max(1, Math.min(maxWorkers, count, Math.floor(estimatedMs / MS_PER_WORKER)));
  const share = TASKS_PER_WORKER * workers;
  const floor = Math.max(1, Math.ceil(count / (16 * share)));
  const tasks = cutTasks(model, count, (remaining) => Math.max(floor, Math.ceil(remaining / share)), true);
  return { workers: Math.min(workers, tasks.length), tasks };
}
