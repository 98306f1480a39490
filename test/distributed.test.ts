/**
 * Grids across machines: a real redis-server (Debian's, installed by .ci/run) started on
 * 127.0.0.1 on a free port, real `xmom worker` processes, the coordinator through
 * `grid(spec, prices, { queue })`. Results are compared with the local run of the same
 * grid (`workers: 0`), row for row and bit for bit.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tableFromIPC, type Table } from 'apache-arrow';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grid, InputError, Panel, startGridWorker } from '../src/index.js';
import { encode, QUEUE_NAME, xmomVersion, type JobData } from '../src/grid/distributed/protocol.js';

const table = tableFromIPC(readFileSync(new URL('../fixtures/crypto12.arrow', import.meta.url)));
const SPEC = 'strategy=dualMomentum lookback=20:260:20 topN=1..5 rebalance=weekly,monthly';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** An `xmom worker` process; its stderr lines are collected. */
interface WorkerProcess {
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
}

function startWorker(url: string, args: string[] = []): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./distributedWorker.ts', import.meta.url).pathname, '--queue', url, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let buf = '';
  child.stderr!.on('data', (d: Buffer) => {
    buf += d.toString();
    const parts = buf.split('\n');
    buf = parts.pop()!;
    lines.push(...parts);
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, lines, exited };
}

async function stopWorker(w: WorkerProcess): Promise<void> {
  if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGTERM');
  await w.exited;
}

const jobsDone = (w: WorkerProcess): number => w.lines.filter((l) => /^job .*: \d+ points$/.test(l)).length;

/** Every column of `a` equals the same column of `b`, cell by cell (NaN = NaN). */
function expectSameTable(a: Table, b: Table): void {
  expect(a.numRows).toBe(b.numRows);
  expect(a.schema.fields.map((f) => f.name)).toEqual(b.schema.fields.map((f) => f.name));
  for (const f of a.schema.fields) {
    const x = a.getChild(f.name)!.toArray() as ArrayLike<unknown>;
    const y = b.getChild(f.name)!.toArray() as ArrayLike<unknown>;
    for (let i = 0; i < a.numRows; i++) {
      if (!Object.is(x[i], y[i])) expect.fail(`column ${f.name}, row ${i}: ${String(x[i])} vs ${String(y[i])}`);
    }
  }
}

let redis: ChildProcess;
let port = 0;
const url = (db: number): string => `redis://127.0.0.1:${port}/${db}`;
let prices: Panel;
let local: Awaited<ReturnType<typeof grid>>;

beforeAll(async () => {
  const which = spawnSync('redis-server', ['--version']);
  if (which.error) throw new Error('redis-server is not installed: .ci/run installs it (apt-get install redis-server)');
  port = await freePort();
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => {});
  await waitFor(async () => {
    try {
      await probe.connect();
      return (await probe.ping()) === 'PONG';
    } catch {
      probe.disconnect();
      return false;
    }
  }, 10_000, 'redis-server to answer');
  probe.disconnect();
  prices = Panel.fromArrow(table);
  local = await grid(SPEC, prices, { workers: 0 });
}, 30_000);

afterAll(() => {
  prices?.free();
  redis?.kill('SIGTERM');
});

describe('grid(spec, prices, { queue }) on xmom worker processes', () => {
  it('a grid run through two xmom worker processes equals the local run row for row; one killed by its PID mid-grid loses no point and counts none twice', async () => {
    const a = startWorker(url(0), ['--threads', '1', '--lock-ms', '1000']);
    const b = startWorker(url(0), ['--threads', '1', '--lock-ms', '1000']);
    try {
      await waitFor(() => [a, b].every((w) => w.lines.some((l) => l.startsWith('xmom worker '))), 60_000, 'both workers to connect');
      let killedAt = -1;
      const run = grid(SPEC, prices, {
        queue: url(0),
        __faultInjection: { delayMs: 15 },
        onProgress: (done) => {
          // Kill worker a in the middle of its second job (10 points x 15 ms each).
          if (killedAt < 0 && jobsDone(a) >= 1) {
            killedAt = done;
            a.child.kill('SIGKILL');
          }
        },
      });
      const r = await run;
      expect(killedAt).toBeGreaterThan(0);
      expect(killedAt).toBeLessThan(130);
      expect(await a.exited).toBe(null); // killed by a signal, not exited
      expect(r.partial).toBe(false);
      expect(r.completed).toBe(130);
      expect(r.failed).toBe(0);
      expectSameTable(r.table, local.table);
      // Counted once: the simulations the coordinator accepted are exactly the points.
      const points = r.table.getChild('point')!.toArray() as Int32Array;
      expect(new Set(points).size).toBe(130);
      expect(r.best?.point).toBe(local.best?.point);
      expect(r.top.map((t) => t.point)).toEqual(local.top.map((t) => t.point));
      expect(Array.from(r.top[0].returns)).toEqual(Array.from(local.top[0].returns));
      // Both processes computed: a before it was killed, b the rest and a's lost job.
      expect(jobsDone(a)).toBeGreaterThan(0);
      expect(jobsDone(b)).toBeGreaterThan(0);
    } finally {
      await Promise.all([a, b].map(stopWorker));
    }
  }, 120_000);

  it('Ctrl-C (abort) on a queue run returns the finished points as partial and leaves no job of the run waiting', async () => {
    const w = await startGridWorker({ queue: url(3), threads: 1 });
    let closed = false;
    try {
      const ctl = new AbortController();
      const r = await grid(SPEC, prices, {
        queue: url(3), signal: ctl.signal, __faultInjection: { delayMs: 5 },
        onProgress: (done) => {
          if (done >= 20) ctl.abort();
        },
      });
      expect(r.partial).toBe(true);
      expect(r.completed).toBeGreaterThanOrEqual(20);
      expect(r.completed).toBeLessThan(130);
      // The finished points are the local run's values.
      const pts = r.table.getChild('point')!.toArray() as Int32Array;
      const sharpe = r.table.getChild('sharpe')!.toArray() as Float64Array;
      const localSharpe = local.table.getChild('sharpe')!.toArray() as Float64Array;
      pts.forEach((p, i) => expect(Object.is(sharpe[i], localSharpe[p])).toBe(true));
      // The job running when the run stopped may still finish; nothing else of the run is left to run.
      await w.close();
      closed = true;
      const q = new Queue(QUEUE_NAME, { connection: { host: '127.0.0.1', port, db: 3 } });
      const counts = await q.getJobCounts('waiting', 'delayed', 'active', 'failed');
      await q.close();
      expect(counts).toMatchObject({ waiting: 0, delayed: 0, active: 0, failed: 0 });
    } finally {
      if (!closed) await w.close();
    }
  }, 60_000);
});

describe('distributed grid errors', () => {
  it('an unreachable Redis URL fails within 5 s, naming the URL', async () => {
    const closed = await freePort();
    const t0 = Date.now();
    const e = await grid(SPEC, prices, { queue: `redis://127.0.0.1:${closed}/0` }).catch((x: Error) => x);
    expect(Date.now() - t0).toBeLessThan(5500);
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).message).toContain(`redis://127.0.0.1:${closed}/0`);
    expect((e as Error).message).toMatch(/cannot reach Redis/);
  });

  it('a queue that is not a redis:// URL, or a queue run with cscv, is refused before any work', async () => {
    await expect(grid(SPEC, prices, { queue: 'http://127.0.0.1:6379' })).rejects.toThrow(InputError);
    await expect(grid(SPEC, prices, { queue: 'http://127.0.0.1:6379' })).rejects.toThrow(/must start with redis:\/\//);
    await expect(grid(SPEC, prices, { queue: url(0), cscv: true })).rejects.toThrow(/cscv and walkForward/);
  });

  it('a worker of another xmom version refuses the job and the grid fails naming both versions', async () => {
    const w = await startGridWorker({ queue: url(1), threads: 1, __version: '0.0.1-other' });
    try {
      const e = await grid(SPEC, prices, { queue: url(1) }).catch((x: Error) => x);
      expect(e).toBeInstanceOf(Error);
      expect((e as Error).message).toContain('0.0.1-other');
      expect((e as Error).message).toContain(`xmom ${xmomVersion()} coordinator`);
    } finally {
      await w.close();
    }
  }, 30_000);

  it('a job whose panel hash is missing from Redis is refused with the hash named, and not retried', async () => {
    const w = await startGridWorker({ queue: url(2), threads: 1 });
    const connection = { host: '127.0.0.1', port, db: 2 };
    const q = new Queue(QUEUE_NAME, { connection });
    const ev = new QueueEvents(QUEUE_NAME, { connection });
    try {
      await ev.waitUntilReady();
      const hash = 'f'.repeat(64);
      const data: JobData = { runId: 'test-run', version: xmomVersion(), panelHash: hash, settings: encode({}), points: [0] };
      const failed = new Promise<{ jobId: string; failedReason: string }>((r) => ev.on('failed', r));
      await q.add('points', data, { jobId: 'missing-panel', attempts: 3 });
      const f = await failed;
      expect(f.jobId).toBe('missing-panel');
      expect(f.failedReason).toContain(`the price panel ${hash} is missing from Redis`);
      const job = await q.getJob('missing-panel');
      expect(job?.attemptsMade).toBe(1);
    } finally {
      await ev.close();
      await q.close();
      await w.close();
    }
  }, 30_000);
});
