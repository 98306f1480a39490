/**
 * The grid runner: `grid()` checks its options (checks.ts), prepares the points and the
 * result store, runs the tasks (run.ts) until done or interrupted (interrupt.ts), and
 * assembles the result (assemble.ts). Its types are in types.ts.
 */
import { totalmem } from 'node:os';
import { InputError } from '../errors.js';
import { initNode } from '../engine/node.js';
import { BACKTEST_DEFAULTS } from '../backtest/options.js';
import { asPanel, checkIncreasingDates, checkPrices, resolvePeriodsPerYear, type PanelInput } from '../inputs/index.js';
import { BUILTIN_STRATEGIES } from '../strategies/registry.js';
import { checkNumber, checkOptions } from '../validate.js';
import { assemble } from './assemble.js';
import { checkColumns, checkGridOptions, checkReturnsBytes, checkVolTriggers, GRID_OPTIONS } from './checks.js';
import { expandGrid } from './expand.js';
import type { ResultStore } from './executor.js';
import { listenForInterrupt } from './interrupt.js';
import { planFor } from './plans/index.js';
import { PointModel } from './points.js';
import { ProgressBar } from './progress.js';
import { GRID_METRICS, METRIC_DIRECTION, N_METRICS } from './reduce.js';
import { GridResultWriter } from './resultWriter.js';
import { arenaBytesFor, runInProcess, runOnQueue, runOnWorkers, type RunInput, type RunOutcome } from './run.js';
import { parseGridSpec, type GridSpec, type ParsedGridSpec } from './spec.js';
import { finishedPoints } from './table.js';
import { buildTasks, estimateGridMs, planTasks, queueTaskPoints } from './tasks.js';
import { TopK } from './topK.js';
import type { GridOptions, GridResult } from './types.js';
import { checkWalkForward, type WalkForwardOptions, type WalkForwardResult } from './walkForward.js';

export type { GridOptions, GridResult, GridPointResult, TopPoint, GridStats } from './types.js';

/**
 * Runs a parameter grid: every point of `spec` (see `parseGridSpec`; the cartesian
 * product of the values, or a seeded sample) is a strategy + backtest + metrics run on
 * `data` (prices: a Panel or an Arrow Table with a date column), exactly as
 * `backtest(prices, volTarget?(strategy(prices, params)), settings)` followed by
 * `metrics(returns, { periodsPerYear, turnover })` would compute it, but with the
 * kernels shared across points (lookback returns and ranks once per lookback for every
 * topN and schedule; see src/grid/executor.ts), one simulation in preallocated memory per
 * point, and the metrics reduced in fixed memory.
 *
 * Execution: `workers` worker_threads (default: sized to the work, at most the machine's cores), each with its own
 * instance of build/threads.wasm over ONE shared memory into which the main thread copies
 * the price panel once; `workers: 0` runs on the calling thread with the normal engine.
 * Both give the same numbers.
 *
 * Result (`GridResult`): an Arrow Table with one row per point (parameter columns,
 * GRID_METRICS columns, `ruined`, `error`), the best point and the top K by `metric` with
 * their returns and equity curves (ruined points, whose equity reached 0, after every
 * solvent one unless `ruinedLast: false`), the deflated Sharpe ratio of the best point over all
 * points as trials, the CSCV probability of backtest overfitting (`cscv`), the
 * walk-forward selection (`walkForward`), and counters of the work done.
 *
 * Faults: a point that throws is retried once, then reported in the `error` column
 * (others are unaffected); a worker that exits or crashes is replaced and its unfinished
 * points rerun (see src/grid/pool.ts for when they are reported failed instead); finished
 * results are always kept, and written when `outDir` is given; the promise rejects only
 * when the workers fail before any point finished. SIGINT (or `signal`) stops
 * dispatching and resolves with `partial: true` (files are written with what finished).
 * Errors before any work (InputError): spec errors (see `parseGridSpec`), a grid above
 * `limit` without `force`, unknown options, bad prices, a returns matrix too large for
 * cscv / walk-forward.
 * Complexity: O(points x T x N) simulation plus the shared kernels per group.
 */
export async function grid(spec: GridSpec | ParsedGridSpec | string | readonly string[], data: PanelInput, options: GridOptions = {}): Promise<GridResult> {
  const fn = 'grid';
  const t0 = performance.now();
  checkOptions(fn, options, GRID_OPTIONS);
  const parsed = parseGridSpec(spec, { strategy: options.strategy });
  const expanded = expandGrid(parsed, { limit: options.limit, force: options.force });
  const { metric, ruinedLast, topK, workers, backend, cscv, queue, includeWarmup } = checkGridOptions(fn, options);
  if (!BUILTIN_STRATEGIES.includes(parsed.strategy) && (workers > 0 || queue !== null)) {
    throw new InputError(`${fn}: strategy '${parsed.strategy}' is registered in this thread only (registerStrategy); run its grid with workers: 0`);
  }
  initNode();
  const P = asPanel(fn, 'data', data);
  try {
    const prices = P.panel;
    checkPrices(fn, prices);
    checkIncreasingDates(fn, 'prices', prices.dates());
    checkColumns(parsed, prices);
    checkVolTriggers(parsed, prices);
    const T = prices.nRows;
    const ppy = resolvePeriodsPerYear(fn, options.periodsPerYear, prices.index ? prices.dates() : null, BACKTEST_DEFAULTS.periodsPerYearWithoutDates);
    const wf = options.walkForward === undefined ? null : checkWalkForward(fn, options.walkForward, T);
    if (wf?.metric === undefined && wf !== null && metric === 'turnover') throw new InputError(`${fn}: walk-forward cannot select by turnover; give walkForward.metric`);
    const count = expanded.count;
    const keepReturns = cscv !== null || wf !== null;
    if (keepReturns) checkReturnsBytes(fn, count, T, cscv, totalmem());
    const plan = planFor(parsed.strategy);
    const model = new PointModel(expanded, plan);
    // Without `workers`, a local run starts as many as its estimated work justifies.
    const planned = queue !== null
      ? { workers: 0, tasks: buildTasks(model, count, queueTaskPoints(count), false) }
      : planTasks(model, count, workers, options.workers === undefined ? estimateGridMs(count, T, prices.nCols) : Infinity);
    const tasks = planned.tasks;
    const shared = workers > 0 && queue === null;
    const buf = (bytes: number): ArrayBufferLike => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
    const store: ResultStore = {
      metrics: new Float64Array(buf(Math.max(8, count * N_METRICS * 8))).fill(NaN),
      count,
      status: new Int32Array(buf(Math.max(4, count * 4))),
      returns: keepReturns ? new Float64Array(buf(Math.max(8, count * T * 8))).fill(NaN) : null,
      ruinedRow: new Int32Array(buf(Math.max(4, count * 4))).fill(-1),
    };
    const errors = new Map<number, string>();
    const metricIndex = GRID_METRICS.indexOf(metric);
    const direction = METRIC_DIRECTION[metric];
    const top = new TopK<Float64Array>(Math.max(1, topK), direction, ruinedLast);
    // Result files are written while the points finish (see resultWriter.ts).
    const writer = options.outDir !== undefined ? new GridResultWriter(options.outDir, expanded, store, errors) : null;
    const bar = new ProgressBar(count, options.progress ?? Boolean(process.stderr.isTTY));
    const onProgress = options.onProgress;
    const run: RunInput = {
      prices, spec: parsed, model, plan, tasks, store, ppy, ppyOption: options.periodsPerYear, backend, includeWarmup,
      metricIndex, direction, topK: Math.max(1, topK), ruinedLast, fault: options.__faultInjection ?? null,
      onTop: (point, value, returns, ruined) => top.offer(point, value, () => returns, ruined),
      onError: (point, message) => void errors.set(point, message),
      progress: (n) => {
        bar.update(n);
        onProgress?.(n, count);
        writer?.advance();
      },
    };
    const interrupt = listenForInterrupt(options.signal, options.handleSigint);
    const arenaBytes = shared ? arenaBytesFor(model, expanded, prices) : 0;
    const tRun = performance.now();
    let r: RunOutcome;
    try {
      if (queue !== null) r = await runOnQueue(run, queue, interrupt.signal);
      else if (!shared) r = await runInProcess(run, interrupt.signal);
      else r = await runOnWorkers(run, planned.workers, arenaBytes, interrupt.signal);
    } catch (e) {
      await writer?.abandon();
      throw e;
    } finally {
      interrupt.dispose();
    }
    const runMs = performance.now() - tRun;
    const { partial, stats, startupMs, computeMs } = r;
    const rows = finishedPoints(store.status);
    bar.done(rows.length, partial ? '(interrupted)' : '');
    const result = assemble({
      expanded, prices, ppy, metric, ruinedLast, topK, store, errors, rows, top, partial, cscv, wf, T,
      stats: {
        workers: queue === null ? planned.workers : workers, workersStarted: r.workersStarted, elapsedMs: 0, runMs, startupMs, computeMs, backtestsPerSecond: computeMs > 0 ? (rows.length * 1000) / computeMs : 0,
        tasks: tasks.length, prepares: stats.prepares, weights: stats.weights, vols: stats.vols, simulations: stats.simulations,
        arenaPeakBytes: r.arenaPeak, arenaBytes,
      },
    });
    result.stats.elapsedMs = performance.now() - t0;
    if (writer) result.files = await writer.finish(result, { heatmap: options.heatmap });
    return result;
  } finally {
    if (P.owned) P.panel.free();
  }
}

/**
 * Walk-forward optimisation over a grid: runs `grid(spec, data, { ...options,
 * walkForward: { train, test, metric } })` and returns its walk-forward result: per
 * window (train [s, s + train), test the next `test` bars, rolled by `test`) the point
 * with the best training `metric` and its parameters, and the stitched out-of-sample
 * returns of the chosen points with their metrics. See src/grid/walkForward.ts.
 */
export async function walkForward(
  spec: GridSpec | ParsedGridSpec | string | readonly string[], data: PanelInput,
  options: GridOptions & WalkForwardOptions,
): Promise<WalkForwardResult> {
  const { train, test, metric, ...rest } = options ?? ({} as GridOptions & WalkForwardOptions);
  const r = await grid(spec, data, { ...rest, metric, walkForward: { train, test, ...(metric ? { metric } : {}) } });
  if (!r.walkForward) throw new InputError('walkForward: the run was interrupted before any result');
  return r.walkForward;
}
