/**
 * A distributed-grid worker (`xmom worker --queue redis://...`, or `startGridWorker`):
 * takes jobs from the BullMQ queue and runs each on one of its own compute threads
 * (worker_threads, each with its own wasm engine and a copy of the price panel, fetched
 * from Redis once per panel hash and cached).
 *
 * Reliability is the queue's: a job's lock is renewed while it runs (the computing happens
 * on the threads, so this thread stays free to renew); a worker that dies stops renewing,
 * and after `lockMs` another worker's stalled-job check puts the job back in the queue,
 * where it runs again from scratch (its points are recomputed, never merged twice: the
 * coordinator takes the first result of each point). A job of another xmom version, or
 * whose panel is missing from Redis, is refused (failed without retry, with a message
 * naming both versions or the hash), which ends the coordinator's run with that message.
 */
import { availableParallelism, hostname } from 'node:os';
import { Worker as Thread } from 'node:worker_threads';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { InputError } from '../../errors.js';
import { checkInt, checkOptions } from '../../validate.js';
import { threadEntry } from '../pool.js';
import type { ComputeJob } from './compute.js';
import { cancelKey, decode, encode, panelKey, QUEUE_NAME, REFUSED, xmomVersion, type JobData, type JobResult, type RunSettings } from './protocol.js';
import { connectRedis } from './redis.js';
import { shownUrl } from './url.js';
import type { FromThread, ToThread } from './thread.js';

export interface GridWorkerOptions {
  /** redis://host:port/db of the coordinator's queue. */
  queue: string;
  /** Compute threads (default: the machine's cores), each running one job at a time; the worker holds up to two jobs per thread. */
  threads?: number;
  /**
   * How long a job stays claimed without its lock being renewed before the queue hands
   * it to another worker (ms, default 30,000): the delay before a dead worker's jobs rerun.
   */
  lockMs?: number;
  /** Called with one line per event (connected, job done, refused, closed). */
  log?: (line: string) => void;
  /** @internal The version this worker claims, for tests of the version check only. */
  __version?: string;
}

export interface GridWorker {
  readonly url: string;
  readonly threads: number;
  readonly version: string;
  /** Jobs finished (including refused and failed ones). */
  readonly jobs: number;
  /** Stops taking jobs, waits for the running ones, closes the threads and the connection. */
  close(): Promise<void>;
}

interface ThreadSlot {
  thread: Thread;
  ready: Promise<void>;
  busy: boolean;
  panels: Set<string>;
  pending: Map<number, { resolve: (r: JobResult) => void; reject: (e: Error) => void }>;
}

/** Starts a worker; resolves once it is connected and listening for jobs. */
export async function startGridWorker(options: GridWorkerOptions): Promise<GridWorker> {
  const fn = 'xmom worker';
  checkOptions(fn, options, ['queue', 'threads', 'lockMs', 'log', '__version']);
  const threads = checkInt(fn, 'threads', options.threads ?? availableParallelism(), 1);
  const lockMs = checkInt(fn, 'lockMs', options.lockMs ?? 30_000, 500);
  const log = options.log ?? (() => {});
  const version = options.__version ?? xmomVersion();
  if (typeof version !== 'string') throw new InputError(`${fn}: __version must be a string`);
  const url = options.queue;
  const redis = await connectRedis(fn, url);
  const panels = new Map<string, Buffer>();
  const slots: ThreadSlot[] = [];
  let nextId = 0;
  let jobs = 0;
  const entry = threadEntry(import.meta.url, './thread');

  const spawn = (): ThreadSlot => {
    const thread = new Thread(entry.code, { eval: entry.eval });
    const slot: ThreadSlot = { thread, ready: Promise.resolve(), busy: false, panels: new Set(), pending: new Map() };
    slot.ready = new Promise<void>((resolve, reject) => {
      thread.once('error', reject);
      thread.on('message', (m: FromThread) => {
        if (m.type === 'ready') return resolve();
        const p = slot.pending.get(m.id);
        if (!p) return;
        slot.pending.delete(m.id);
        if (m.type === 'result') p.resolve(m.result);
        else p.reject(new Error(m.message));
      });
    });
    thread.on('exit', (code) => {
      // A thread that dies fails its job (the queue retries it) and is replaced.
      for (const p of slot.pending.values()) p.reject(new Error(`${fn}: a compute thread exited with code ${code}`));
      slot.pending.clear();
      const i = slots.indexOf(slot);
      if (i >= 0 && !closing) slots[i] = spawn();
    });
    return slot;
  };
  let closing = false;
  for (let i = 0; i < threads; i++) slots.push(spawn());
  await Promise.all(slots.map((s) => s.ready));

  const panelBytes = async (hash: string, runUrl: string): Promise<Buffer> => {
    let b = panels.get(hash);
    if (b === undefined) {
      const got = await redis.getBuffer(panelKey(hash));
      if (got === null) throw new UnrecoverableError(`${REFUSED}the price panel ${hash} is missing from Redis at ${runUrl} (expired or deleted); start the grid again`);
      b = got;
      panels.set(hash, b);
      if (panels.size > 4) panels.delete(panels.keys().next().value as string);
    }
    return b;
  };

  // Jobs wait here for a free thread: the queue hands this worker up to two jobs per
  // thread, so the next job is already local when a thread finishes (no idle round trip).
  const waiting: (() => void)[] = [];
  const acquire = async (): Promise<ThreadSlot> => {
    for (;;) {
      const slot = slots.find((s) => !s.busy);
      if (slot) {
        slot.busy = true;
        return slot;
      }
      await new Promise<void>((r) => waiting.push(r));
    }
  };
  const release = (slot: ThreadSlot): void => {
    slot.busy = false;
    waiting.shift()?.();
  };

  const compute = async (job: ComputeJob): Promise<JobResult> => {
    const slot = await acquire();
    try {
      await slot.ready;
      const id = nextId++;
      const first = !slot.panels.has(job.panelHash);
      const msg: ToThread = { type: 'job', id, job: first ? job : { ...job, panelBytes: null } };
      const result = new Promise<JobResult>((resolve, reject) => slot.pending.set(id, { resolve, reject }));
      slot.thread.postMessage(msg);
      const r = await result;
      slot.panels.add(job.panelHash);
      return r;
    } finally {
      release(slot);
    }
  };

  const processJob = async (job: Job<JobData>): Promise<string> => {
    const d = job.data;
    if (d.version !== version) {
      log(`refused job ${job.id}: it comes from xmom ${d.version}, this worker is xmom ${version}`);
      throw new UnrecoverableError(`${REFUSED}xmom worker ${version} on ${hostname()} cannot run a job of the xmom ${d.version} coordinator; start workers of version ${d.version}`);
    }
    if ((await redis.exists(cancelKey(d.runId))) === 1) {
      const none: JobResult = { points: new Int32Array(0), metrics: new Float64Array(0), status: new Int32Array(0), ruinedRow: new Int32Array(0), errors: [], top: [], stats: { points: 0, prepares: 0, weights: 0, vols: 0, simulations: 0 }, cancelled: true };
      return encode(none);
    }
    const bytes = await panelBytes(d.panelHash, shownUrl(url));
    const settings = decode<RunSettings & { fault: ComputeJob['settings']['fault'] }>(d.settings);
    const r = await compute({ runId: d.runId, panelHash: d.panelHash, panelBytes: new Uint8Array(bytes), settings, points: Int32Array.from(d.points) });
    jobs++;
    log(`job ${job.id}: ${r.points.length} points`);
    return encode(r);
  };

  const worker = new Worker<JobData, string>(QUEUE_NAME, processJob, {
    connection: redis, concurrency: 2 * threads, lockDuration: lockMs, stalledInterval: Math.max(250, Math.floor(lockMs / 2)), maxStalledCount: 10,
    // Wake from an idle wait at least every second, so close() returns promptly.
    drainDelay: 1, autorun: true,
  });
  worker.on('error', (e) => log(`queue error: ${e.message}`));
  worker.on('failed', (job, e) => {
    jobs++;
    log(`job ${job?.id ?? '?'} failed: ${e.message}`);
  });
  await worker.waitUntilReady();
  log(`xmom worker ${version}: ${threads} thread${threads === 1 ? '' : 's'}, queue ${QUEUE_NAME} at ${shownUrl(url)}`);

  return {
    url,
    threads,
    version,
    get jobs() {
      return jobs;
    },
    async close() {
      closing = true;
      await worker.close();
      await Promise.all(slots.map((s) => s.thread.terminate()));
      redis.disconnect();
      log('xmom worker: closed');
    },
  };
}
