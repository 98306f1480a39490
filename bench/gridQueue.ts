// Distributed-grid overhead: `npm run bench:queue` (`-- --quick` for a 10,000-point grid).
// Starts Debian's redis-server on 127.0.0.1 on a free port and two `xmom worker` processes
// with one compute thread each, then runs the same dual-momentum grid (fixtures/crypto12,
// 100,000 points) twice in this process, alternating: locally on 2 worker threads
// (`grid(spec, prices, { workers: 2 })`) and through the queue on the two worker
// processes (`{ queue }`). Parity first (the tables must be equal), then best-of-N wall
// time of the whole `grid()` call. Target: queue / local <= 1.3.
// Prints a table and writes bench/results/grid-queue.json (or .quick.json).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { tableFromIPC } from 'apache-arrow';
import { Panel, grid } from '../src/index.js';

const quick = process.argv.includes('--quick');
const root = fileURLToPath(new URL('..', import.meta.url));
const SPEC = quick
  ? 'strategy=dualMomentum lookback=5:400:5 topN=1..5 rebalance=daily,weekly,weekly-fri,monthly-first,monthly feesBps=0,5,10,20,50'
  : 'strategy=dualMomentum lookback=1:400:1 topN=1..5 rebalance=daily,weekly,weekly-fri,monthly-first,monthly feesBps=0,2,5,10,15,20,30,40,50,100';
const REPEATS = quick ? 2 : 3;
const TARGET = 1.3;

const freePort = (): Promise<number> => new Promise((resolve) => {
  const s = createServer();
  s.listen(0, '127.0.0.1', () => {
    const { port } = s.address() as { port: number };
    s.close(() => resolve(port));
  });
});
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

if (spawnSync('redis-server', ['--version']).error) throw new Error('bench:queue needs redis-server (apt-get install redis-server)');
const port = await freePort();
const url = `redis://127.0.0.1:${port}/0`;
const children: ChildProcess[] = [spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })];
await sleep(300);
const ready: Promise<void>[] = [];
for (let i = 0; i < 2; i++) {
  const c = spawn(process.execPath, ['--import', 'tsx', `${root}test/distributedWorker.ts`, '--queue', url, '--threads', '1'], { stdio: ['ignore', 'ignore', 'pipe'] });
  ready.push(new Promise((resolve) => c.stderr!.on('data', (d: Buffer) => { if (d.toString().includes('xmom worker ')) resolve(); })));
  children.push(c);
}
try {
  await Promise.all(ready);
  const prices = Panel.fromArrow(tableFromIPC(readFileSync(`${root}fixtures/crypto12.arrow`)));
  console.log(`data: fixtures/crypto12.arrow ${prices.nRows} x ${prices.nCols}; ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  // Warm-up and parity: both ways give the same table.
  const a = await grid(SPEC, prices, { workers: 2, progress: false });
  const b = await grid(SPEC, prices, { queue: url, progress: false });
  const sa = a.table.getChild('sharpe')!.toArray() as Float64Array;
  const sb = b.table.getChild('sharpe')!.toArray() as Float64Array;
  if (sa.length !== sb.length || sa.some((v, i) => !Object.is(v, sb[i]))) throw new Error('parity: the queue run differs from the local run');
  console.log(`parity: ${a.completed} points, identical sharpe columns`);
  const local: number[] = [];
  const queued: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    let t = performance.now();
    await grid(SPEC, prices, { workers: 2, progress: false });
    local.push(performance.now() - t);
    t = performance.now();
    await grid(SPEC, prices, { queue: url, progress: false });
    queued.push(performance.now() - t);
  }
  const best = (xs: number[]): number => Math.min(...xs);
  const ratio = best(queued) / best(local);
  console.log('\n| run | points | best of %d, ms | backtests/s |', REPEATS);
  console.log('| --- | --- | --- | --- |');
  console.log(`| local, 2 worker threads | ${a.points} | ${best(local).toFixed(0)} | ${Math.round(a.points / best(local) * 1000)} |`);
  console.log(`| queue, 2 xmom worker processes x 1 thread | ${a.points} | ${best(queued).toFixed(0)} | ${Math.round(a.points / best(queued) * 1000)} |`);
  console.log(`\nqueue / local = ${ratio.toFixed(2)} (target <= ${TARGET}: ${ratio <= TARGET ? 'met' : 'MISSED'})`);
  writeFileSync(`${root}bench/results/grid-queue${quick ? '.quick' : ''}.json`, `${JSON.stringify({
    date: new Date().toISOString(), points: a.points, localMs: local, queueMs: queued, ratio, target: TARGET, load: loadavg(),
  }, null, 2)}\n`);
  prices.free();
} finally {
  for (const c of children) c.kill('SIGTERM');
}
