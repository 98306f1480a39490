/**
 * The worker pool of a grid: one worker_thread per slot, each with its own wasm instance
 * over the ONE shared memory that holds the price panel (src/grid/shared.ts), tasks
 * dispatched to idle workers, results written by the workers into shared buffers.
 *
 * Faults: a worker that exits or dies of an uncaught error is replaced; the points of its
 * task that had not finished are queued again, and the one it was running counts an
 * attempt (a point that brings down two workers is reported failed with the exit code).
 * A worker that exits with no point of its task running (before the first point, or
 * between two) charges the task: when that happens twice in a row with no point of the
 * task finishing in between, the task's unfinished points are reported failed. If the
 * pool has to give up (a worker fails to start twice, a safety bound on exits is
 * passed), the finished points keep their results and the others are reported failed
 * with the reason (nothing finished: the promise rejects). An abort (SIGINT in `grid`, or
 * the caller's AbortSignal) stops dispatching, terminates the workers and resolves with
 * `partial: true`; finished points keep their results.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { STATUS, type TaskStats } from './executor.js';
import type { WorkerInit, WorkerMessage } from './protocol.js';
import type { GridTask } from './tasks.js';

export interface PoolCallbacks {
  onError(point: number, message: string): void;
  onTop(point: number, value: number, returns: Float64Array, ruined: boolean): void;
  onProgress(done: number): void;
}

export interface PoolResult {
  partial: boolean;
  stats: TaskStats;
  /** Workers started, including replacements. */
  workersStarted: number;
  /** Largest arena use of any worker (bytes). */
  arenaPeak: number;
  /** From the start to every initial worker ready, and from then to the last result (ms). */
  startupMs: number;
  computeMs: number;
}

/**
 * V8 heap limits of a grid worker: a 2 MB young generation instead of the default 16-32 MB
 * semi-spaces. A worker's JavaScript allocates little (its panels live in wasm memory), so
 * the smaller nursery costs nothing measurable and keeps each extra worker's resident
 * memory down (bench/gridScaling.ts measures it).
 */
export const WORKER_LIMITS = Object.freeze({ maxYoungGenerationSizeMb: 2 });

interface Slot {
  index: number;
  worker: Worker | null;
  ready: boolean;
  task: GridTask | null;
  lastError: string;
  startFailures: number;
}

/**
 * How to start the worker thread whose module is `name` (e.g. './worker') beside the
 * module at `base` (its import.meta.url): from the TypeScript sources (tsx, vitest)
 * through tsx's ESM loader; from compiled JavaScript (an esbuild bundle or tsc output),
 * the sibling file with the caller's extension.
 */
export function threadEntry(base: string, name: string): { code: string | URL; eval: boolean } {
  if (base.endsWith('.ts')) {
    let api: string;
    try {
      api = pathToFileURL(createRequire(base).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
    } catch {
      throw new Error('grid: running workers from the TypeScript sources needs tsx (a dev dependency); pass workers: 0 or run the compiled build');
    }
    const entry = new URL(`${name}.ts`, base).href;
    return { code: `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`, eval: true };
  }
  const ext = base.slice(base.lastIndexOf('.'));
  return { code: new URL(`${name}${ext}`, base), eval: false };
}

const addStats = (a: TaskStats, b: TaskStats): void => {
  a.points += b.points;
  a.prepares += b.prepares;
  a.weights += b.weights;
  a.vols += b.vols;
  a.simulations += b.simulations;
};

/**
 * Runs `tasks` on workers built from `inits` (one per slot); resolves when every point is
 * done or failed, or when `signal` aborts (partial).
 */
export function runPool(
  tasks: GridTask[], inits: WorkerInit[], status: Int32Array, cb: PoolCallbacks, signal: AbortSignal | null,
): Promise<PoolResult> {
  const entry = threadEntry(import.meta.url, './worker');
  const queue = [...tasks];
  const stats: TaskStats = { points: 0, prepares: 0, weights: 0, vols: 0, simulations: 0 };
  const slots: Slot[] = inits.map((_, index) => ({ index, worker: null, ready: false, task: null, lastError: '', startFailures: 0 }));
  let done = 0;
  let started = 0;
  let arenaPeak = 0;
  let finished = false;
  let crashes = 0;
  const t0 = performance.now();
  let readyAt = 0;
  // Every crash charges a point's attempt (at most 2 per point), finishes a point (at most
  // one per point) or stalls a task (at most 2 in a row per task): a safety bound only.
  const points = tasks.reduce((n, t) => n + t.points.length, 0);
  const maxCrashes = 3 * points + 2 * tasks.length + 2 * inits.length + 4;

  const isFinished = (st: number): boolean => st === STATUS.ok || st === STATUS.failed;

  return new Promise<PoolResult>((resolve, reject) => {
    /**
     * Ends the run once every worker is terminated (so no status changes after): points
     * left 'running' did not finish; with `failRest`, every unfinished point is reported
     * failed with that reason.
     */
    const finish = (partial: boolean, error?: Error, failRest?: string): void => {
      if (finished) return;
      finished = true;
      const end = performance.now();
      signal?.removeEventListener('abort', onAbort);
      const all = slots.map((s) => s.worker?.terminate());
      for (const s of slots) s.worker = null;
      void Promise.allSettled(all).then(() => {
        for (let i = 0; i < status.length; i++) {
          const st = Atomics.load(status, i);
          if (st === STATUS.running) Atomics.store(status, i, STATUS.pending);
          if (failRest !== undefined && !isFinished(st)) {
            cb.onError(i, `not run: ${failRest}`);
            Atomics.store(status, i, STATUS.failed);
          }
        }
        if (error) reject(error);
        else resolve({ partial, stats, workersStarted: started, arenaPeak, startupMs: (readyAt || end) - t0, computeMs: readyAt ? end - readyAt : 0 });
      });
    };

    /**
     * The pool cannot go on: keep what finished (the rest is reported failed with `why`),
     * or reject when nothing finished.
     */
    const giveUp = (why: string): void => {
      let any = false;
      for (let i = 0; i < status.length && !any; i++) any = isFinished(Atomics.load(status, i));
      if (any) finish(false, undefined, why);
      else finish(false, new Error(`grid: ${why}`));
    };
    const onAbort = (): void => finish(true);

    const dispatch = (): void => {
      if (finished) return;
      // Start when every initial worker is up, so the compute phase is timed alone.
      if (readyAt === 0) {
        if (!slots.every((x) => x.ready)) return;
        readyAt = performance.now();
      }
      for (const s of slots) {
        if (s.worker && s.ready && s.task === null && queue.length > 0) {
          const task = queue.shift()!;
          s.task = task;
          s.worker.postMessage({ type: 'task', id: task.id, points: task.points, attempts: task.attempts });
        }
      }
      if (queue.length === 0 && slots.every((s) => s.task === null)) finish(false);
    };

    const crashed = (s: Slot, code: number): void => {
      const task = s.task;
      const wasReady = s.ready;
      s.task = null;
      s.ready = false;
      s.worker = null;
      if (finished) return;
      crashes++;
      const why = s.lastError ? `: ${s.lastError}` : '';
      s.lastError = '';
      if (!wasReady) s.startFailures++;
      if (s.startFailures >= 2 || crashes > maxCrashes) {
        giveUp(`workers keep failing (${crashes} exits, last code ${code})${why}`);
        return;
      }
      if (task) requeue(task, code, why);
      spawn(s);
      dispatch();
    };

    /**
     * Queues the unfinished points of a crashed worker's task again. The point it was
     * running gets an attempt (failed after two); with no point running, the exit charges
     * the task instead (`stalls`), and the second such exit in a row with no point of
     * the task finished in between fails the task's remaining points.
     */
    const requeue = (task: GridTask, code: number, why: string): void => {
      let running = false;
      let progress = false;
      for (const p of task.points) {
        const st = Atomics.load(status, p);
        if (st === STATUS.running) running = true;
        else if (isFinished(st)) progress = true;
      }
      const stalls = running || progress ? 0 : (task.stalls ?? 0) + 1;
      const keep: number[] = [];
      const attempts: number[] = [];
      task.points.forEach((p, k) => {
        const st = Atomics.load(status, p);
        if (isFinished(st)) return;
        let a = task.attempts[k];
        if (st === STATUS.running) {
          a++;
          if (a >= 2) {
            cb.onError(p, `worker exited (code ${code}) while running this point, on both attempts${why}`);
            Atomics.store(status, p, STATUS.failed);
            return;
          }
          Atomics.store(status, p, STATUS.pending);
        } else if (stalls >= 2) {
          cb.onError(p, `worker exited (code ${code}) twice in a row while no point of this point's task was running${why}`);
          Atomics.store(status, p, STATUS.failed);
          return;
        }
        keep.push(p);
        attempts.push(a);
      });
      if (keep.length) queue.unshift({ id: task.id, points: Int32Array.from(keep), attempts: Uint8Array.from(attempts), stalls });
      recount();
    };

    // Progress after a crash: count finished statuses (O(P), rare).
    const recount = (): void => {
      let n = 0;
      for (let i = 0; i < status.length; i++) {
        const st = Atomics.load(status, i);
        if (st === STATUS.ok || st === STATUS.failed) n++;
      }
      done = n;
      cb.onProgress(done);
    };

    const spawn = (s: Slot): void => {
      if (finished) return;
      const w = new Worker(entry.code, { eval: entry.eval, workerData: inits[s.index], resourceLimits: WORKER_LIMITS });
      started++;
      s.worker = w;
      s.ready = false;
      w.on('message', (m: WorkerMessage) => {
        if (finished || s.worker !== w) return;
        switch (m.type) {
          case 'ready':
            s.ready = true;
            dispatch();
            break;
          case 'fatal':
            s.lastError = m.message;
            giveUp(`a worker failed to start: ${m.message}`);
            break;
          case 'error':
            cb.onError(m.point, m.message);
            break;
          case 'top':
            cb.onTop(m.point, m.value, m.returns, m.ruined);
            break;
          case 'done':
            s.task = null;
            addStats(stats, m.stats);
            arenaPeak = Math.max(arenaPeak, m.arenaPeak);
            done += m.stats.points;
            cb.onProgress(done);
            dispatch();
            break;
        }
      });
      w.on('error', (e) => {
        if (s.worker === w) s.lastError = e.message;
      });
      w.on('exit', (code) => {
        if (s.worker === w) crashed(s, code);
      });
    };

    if (signal?.aborted) {
      resolve({ partial: true, stats, workersStarted: 0, arenaPeak: 0, startupMs: 0, computeMs: 0 });
      return;
    }
    signal?.addEventListener('abort', onAbort);
    if (queue.length === 0) {
      resolve({ partial: false, stats, workersStarted: 0, arenaPeak: 0, startupMs: 0, computeMs: 0 });
      return;
    }
    for (const s of slots) spawn(s);
  });
}
