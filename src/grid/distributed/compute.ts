/**
 * Runs the points of distributed-grid jobs in one engine (a thread of `xmom worker`):
 * the same `Executor` as a local run, over this engine's own copy of the price panel.
 * Keeps the panel of the last runs by hash and one executor per run, so consecutive jobs
 * of a run share the cached volatilities and the executor's top-K filter.
 */
import { Panel } from '../../panel.js';
import { NO_ARENA } from '../../engine/index.js';
import { Executor, STATUS, type FaultInjection } from '../executor.js';
import { expandGrid } from '../expand.js';
import { planFor } from '../plans/index.js';
import { PointModel } from '../points.js';
import { GRID_METRICS, N_METRICS } from '../reduce.js';
import { decodePanel, type JobResult, type RunSettings } from './protocol.js';

/** Runs and panels kept per engine (older ones are released). */
const KEEP = 2;

interface Run {
  id: string;
  hash: string;
  executor: Executor;
  metrics: Float64Array;
  status: Int32Array;
  ruinedRow: Int32Array;
  count: number;
  errors: [number, string][];
  top: JobResult['top'];
}

export interface ComputeJob {
  runId: string;
  panelHash: string;
  /** The panel's stored bytes when this engine has not seen the hash yet. */
  panelBytes: Uint8Array | null;
  settings: RunSettings & { fault: FaultInjection | null };
  points: Int32Array;
}

export class JobComputer {
  readonly #panels = new Map<string, Panel>();
  readonly #runs: Run[] = [];

  hasPanel(hash: string): boolean {
    return this.#panels.has(hash);
  }

  run(job: ComputeJob): JobResult {
    const prices = this.#panel(job.panelHash, job.panelBytes);
    const run = this.#run(job, prices);
    run.errors = [];
    run.top = [];
    const { points } = job;
    const stats = run.executor.runTask(points, new Uint8Array(points.length));
    const n = points.length;
    const metrics = new Float64Array(N_METRICS * n);
    const status = new Int32Array(n);
    const ruinedRow = new Int32Array(n);
    for (let j = 0; j < n; j++) {
      const p = points[j];
      for (let k = 0; k < GRID_METRICS.length; k++) metrics[k * n + j] = run.metrics[k * run.count + p];
      status[j] = run.status[p] === STATUS.ok ? STATUS.ok : STATUS.failed;
      ruinedRow[j] = run.ruinedRow[p];
    }
    return { points: points.slice(), metrics, status, ruinedRow, errors: run.errors, top: run.top, stats, cancelled: false };
  }

  #panel(hash: string, bytes: Uint8Array | null): Panel {
    let p = this.#panels.get(hash);
    if (p === undefined) {
      if (bytes === null) throw new Error(`distributed grid: panel ${hash} was not sent to this thread`);
      p = decodePanel(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      this.#panels.set(hash, p);
      // Release the oldest panel that no kept run uses.
      for (const [h, panel] of this.#panels) {
        if (this.#panels.size <= KEEP) break;
        if (h === hash || this.#runs.some((r) => r.hash === h)) continue;
        panel.free();
        this.#panels.delete(h);
      }
    }
    return p;
  }

  #run(job: ComputeJob, prices: Panel): Run {
    const found = this.#runs.find((r) => r.id === job.runId);
    if (found) return found;
    const s = job.settings;
    const grid = expandGrid(s.spec, { force: true });
    const plan = planFor(s.spec.strategy);
    const count = grid.count;
    const metrics = new Float64Array(Math.max(1, N_METRICS * count)).fill(NaN);
    const status = new Int32Array(Math.max(1, count));
    const ruinedRow = new Int32Array(Math.max(1, count)).fill(-1);
    const run = { id: job.runId, hash: job.panelHash, metrics, status, ruinedRow, count, errors: [], top: [] } as unknown as Run;
    run.executor = new Executor({
      prices, model: new PointModel(grid, plan), plan, backend: s.backend, ppy: s.ppy, ppyOption: s.ppyOption, includeWarmup: s.includeWarmup, arena: NO_ARENA,
      store: { metrics, count, status, ruinedRow, returns: null }, metricIndex: s.metricIndex, direction: s.direction, topK: s.topK,
      ruinedLast: s.ruinedLast,
      onTop: (point, value, returns, ruined) => run.top.push({ point, value, returns, ruined }),
      onError: (point, message) => run.errors.push([point, message]),
      fault: s.fault, inWorker: false,
    });
    this.#runs.push(run);
    if (this.#runs.length > KEEP) this.#runs.shift()!.executor.dispose();
    return run;
  }
}
