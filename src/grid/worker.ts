/**
 * Entry of a grid worker thread (started by src/grid/pool.ts). Builds its engine over
 * the shared memory (`workerEngine`, src/engine/threads/), views the price panel the
 * main thread copied in once (`Panel.fromShared`, never copied per task), and runs the tasks it is sent,
 * writing metrics and statuses straight into shared buffers. Messages to the main
 * thread: ready, error (per failed point), top (a point's returns entering its top K),
 * done (per task, with counts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { workerEngine } from '../engine/index.js';
import { Panel } from '../panel.js';
import { expandGrid } from './expand.js';
import { Executor } from './executor.js';
import { planFor } from './plans/index.js';
import { PointModel } from './points.js';
import type { WorkerInit, WorkerMessage, ToWorker } from './protocol.js';

const d = workerData as WorkerInit;
const port = parentPort!;
const send = (m: WorkerMessage, transfer?: ArrayBuffer[]): void => port.postMessage(m, transfer);

try {
  const arena = workerEngine(d.engine);
  const prices = Panel.fromShared(d.engine.prices, { columns: d.columns, index: d.dates ? Array.from(d.dates) : null, indexName: d.indexName });
  const grid = expandGrid(d.spec, { force: true });
  const plan = planFor(d.spec.strategy);
  const executor = new Executor({
    prices,
    model: new PointModel(grid, plan),
    plan,
    backend: d.backend,
    ppy: d.ppy,
    ppyOption: d.ppyOption,
    includeWarmup: d.includeWarmup,
    arena,
    store: {
      metrics: new Float64Array(d.metricsBuf),
      count: grid.count,
      status: new Int32Array(d.statusBuf),
      returns: d.returnsBuf ? new Float64Array(d.returnsBuf) : null,
      ruinedRow: new Int32Array(d.ruinedBuf),
    },
    metricIndex: d.metricIndex,
    direction: d.direction,
    topK: d.topK,
    ruinedLast: d.ruinedLast,
    onTop: (point, value, returns, ruined) => send({ type: 'top', point, value, returns, ruined }, [returns.buffer as ArrayBuffer]),
    onError: (point, message) => send({ type: 'error', point, message }),
    fault: d.fault,
    inWorker: true,
  });
  port.on('message', (m: ToWorker) => {
    if (m.type !== 'task') return;
    const stats = executor.runTask(m.points, m.attempts);
    send({ type: 'done', id: m.id, stats, arenaPeak: arena.peakBytes });
  });
  send({ type: 'ready' });
} catch (e) {
  send({ type: 'fatal', message: e instanceof Error ? e.message : String(e) });
}
