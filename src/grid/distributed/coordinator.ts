/**
 * The coordinator of a distributed grid (`grid(spec, prices, { queue })`): stores the
 * price panel in Redis once (by content hash), puts one BullMQ job per task on the queue,
 * and collects the jobs' results into the same result store as a local run, so the
 * grid's table, top K and statistics are assembled exactly as they are locally.
 *
 * Each point is taken from the first result that carries it; a job that runs twice (a
 * worker that died after finishing part of it, or whose lock expired) cannot count a point
 * twice. Results arrive through QueueEvents; a poll of the unfinished jobs every
 * `POLL_MS` catches any event missed across a reconnection. A job refused by a worker
 * (another xmom version, a missing panel) rejects the run with the worker's message; a job
 * that fails on every attempt marks its unfinished points failed, with the reason, as a
 * local run does for a point. Abort (Ctrl-C): the run is marked cancelled in Redis,
 * its waiting jobs are removed, and the finished points are returned (`partial`).
 */
import { randomUUID } from 'node:crypto';
import { Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { STATUS, type ResultStore, type TaskStats } from '../executor.js';
import { GRID_METRICS } from '../reduce.js';
import type { GridTask } from '../tasks.js';
import type { Panel } from '../../panel.js';
import {
  cancelKey, decode, encode, encodePanel, KEY_TTL_S, panelKey, QUEUE_NAME, REFUSED, xmomVersion,
  type JobData, type JobResult, type RunSettings,
} from './protocol.js';
import { connectRedis } from './redis.js';
import type { FaultInjection } from '../executor.js';

/** Fallback poll of unfinished jobs (ms). */
const POLL_MS = 2000;

export interface QueueRunInput {
  url: string;
  prices: Panel;
  settings: RunSettings & { fault: FaultInjection | null };
  tasks: GridTask[];
  store: ResultStore;
  onError(point: number, message: string): void;
  onTop(point: number, value: number, returns: Float64Array, ruined: boolean): void;
  onProgress(done: number): void;
}

export interface QueueRunResult {
  partial: boolean;
  stats: TaskStats;
  /** Upload and enqueue (ms), then from the first job queued to the last result. */
  startupMs: number;
  computeMs: number;
  jobs: number;
}

/** Runs `tasks` through the queue at `url`; see the module doc. */
export async function runQueue(input: QueueRunInput, signal: AbortSignal): Promise<QueueRunResult> {
  const t0 = performance.now();
  const { store, tasks } = input;
  const redis = await connectRedis('grid', input.url);
  const stats: TaskStats = { points: 0, prepares: 0, weights: 0, vols: 0, simulations: 0 };
  let queue: Queue | null = null;
  let events: QueueEvents | null = null;
  let eventsConnection: Redis | null = null;
  const runId = randomUUID();
  const ids = tasks.map((t) => `${runId}-${t.id}`);
  try {
    const { bytes, hash } = encodePanel(input.prices);
    await redis.set(panelKey(hash), bytes, 'EX', KEY_TTL_S);
    queue = new Queue(QUEUE_NAME, { connection: redis });
    eventsConnection = redis.duplicate();
    eventsConnection.on('error', () => {}); // reconnects by itself; a lasting failure shows as no progress
    events = new QueueEvents(QUEUE_NAME, { connection: eventsConnection });
    await events.waitUntilReady();
    const version = xmomVersion();
    const settings = encode(input.settings);
    const pending = new Map<string, GridTask>(tasks.map((t, k) => [ids[k], t]));
    let done = 0;
    let settle!: () => void;
    const outcomeCleanup = new Promise<void>((r) => (settle = r));

    const outcome = new Promise<boolean>((resolve, reject) => {
      const finishIfDone = (): void => {
        if (pending.size === 0) resolve(false);
      };
      const take = (jobId: string, value: unknown): void => {
        const task = pending.get(jobId);
        if (!task) return;
        if (typeof value !== 'string') {
          reject(new Error(`grid: job ${jobId} returned ${typeof value}, not an xmom result; is another program using the queue ${QUEUE_NAME}?`));
          return;
        }
        const r = decode<JobResult>(value);
        if (r.cancelled) return;
        pending.delete(jobId);
        const n = r.points.length;
        for (let j = 0; j < n; j++) {
          const p = r.points[j];
          const st = store.status[p];
          if (st === STATUS.ok || st === STATUS.failed) continue; // first result wins
          for (let k = 0; k < GRID_METRICS.length; k++) store.metrics[k * store.count + p] = r.metrics[k * n + j];
          store.status[p] = r.status[j];
          store.ruinedRow[p] = r.ruinedRow[j];
          done++;
        }
        for (const [p, message] of r.errors) input.onError(p, message);
        for (const t of r.top) input.onTop(t.point, t.value, t.returns, t.ruined);
        stats.points += r.stats.points;
        stats.prepares += r.stats.prepares;
        stats.weights += r.stats.weights;
        stats.vols += r.stats.vols;
        stats.simulations += r.stats.simulations;
        input.onProgress(done);
        finishIfDone();
      };
      const fail = (jobId: string, reason: string): void => {
        const task = pending.get(jobId);
        if (!task) return;
        if (reason.startsWith(REFUSED)) {
          reject(new Error(`grid: ${reason.slice(REFUSED.length)}`));
          return;
        }
        pending.delete(jobId);
        for (const p of task.points) {
          if (store.status[p] === STATUS.ok || store.status[p] === STATUS.failed) continue;
          input.onError(p, `the queue job running this point failed on every attempt: ${reason}`);
          store.status[p] = STATUS.failed;
          done++;
        }
        input.onProgress(done);
        finishIfDone();
      };
      events!.on('completed', ({ jobId, returnvalue }) => take(jobId, returnvalue));
      events!.on('failed', ({ jobId, failedReason }) => fail(jobId, failedReason));
      const poll = setInterval(() => {
        void (async () => {
          for (const id of [...pending.keys()].slice(0, 500)) {
            const job = await Job.fromId<JobData, string>(queue!, id);
            if (!job) continue;
            if (job.finishedOn && job.returnvalue !== null && job.returnvalue !== undefined) take(id, job.returnvalue);
            else if (job.failedReason && job.finishedOn) fail(id, job.failedReason);
          }
        })().catch(() => {});
      }, POLL_MS);
      const onAbort = (): void => resolve(true);
      signal.addEventListener('abort', onAbort, { once: true });
      void outcomeCleanup.then(() => {
        clearInterval(poll);
        signal.removeEventListener('abort', onAbort);
      });
      if (signal.aborted) resolve(true);
    });
    const data = (t: GridTask): JobData => ({ runId, version, panelHash: hash, settings, points: Array.from(t.points) });
    await queue.addBulk(tasks.map((t, k) => ({
      name: 'points', data: data(t),
      opts: { jobId: ids[k], attempts: 3, backoff: { type: 'fixed', delay: 200 }, removeOnComplete: false, removeOnFail: false },
    })));
    const tQueued = performance.now();
    try {
      const partial = await outcome;
      if (partial) {
        await redis.set(cancelKey(runId), '1', 'EX', KEY_TTL_S);
      }
      return { partial, stats, startupMs: tQueued - t0, computeMs: performance.now() - tQueued, jobs: tasks.length };
    } finally {
      settle();
    }
  } finally {
    // This run's jobs leave the queue (finished, waiting or failed alike); a job still
    // running on a worker is locked and stays until it ends (its result is ignored).
    if (queue) await Promise.allSettled(ids.map((id) => queue!.remove(id)));
    await events?.close().catch(() => {});
    await queue?.close().catch(() => {});
    eventsConnection?.disconnect();
    redis.disconnect();
  }
}
