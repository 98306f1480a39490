import { existsSync, statSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import type { Table } from 'apache-arrow';
import { InputError } from '../errors.js';
import { BACKENDS, type Backend } from '../engine/kernels.js';
import { initNode } from '../engine/node.js';
import { Panel } from '../panel.js';
import { BACKTEST_DEFAULTS } from '../backtest/options.js';
import { asPanel, checkIncreasingDates, checkPrices, resolvePeriodsPerYear, type PanelInput } from '../inputs/index.js';
import { kurtosis, skewness, std } from '../metrics/numeric.js';
import { checkBool, checkEnum, checkInt, checkNumber, checkOptions } from '../validate.js';
import { NO_ARENA } from './arena.js';
import { deflatedSharpe, type DeflatedSharpeResult } from './deflatedSharpe.js';
import { expandGrid, GRID_DEFAULTS, type ExpandedGrid } from './expand.js';
import { Executor, STATUS, type FaultInjection, type ResultStore, type TaskStats } from './executor.js';
import { GRID_REBALANCE, type GridParams, type GridStrategy, type GridValue } from './params.js';
import { VOL_TRIGGER_DEFAULT_WINDOW } from '../backtest/schedule.js';
import { checkVolTrigger } from '../backtest/volTrigger.js';
import { pboOf, type PboResult } from './pbo.js';
import { planFor } from './plans/index.js';
import { BUILTIN_STRATEGIES } from '../strategies/registry.js';
import { PointModel } from './points.js';
import { runPool } from './pool.js';
import { ProgressBar } from './progress.js';
import type { WorkerInit } from './protocol.js';
import { checkMetric, GRID_METRICS, METRIC_DIRECTION, N_METRICS, type GridMetric } from './reduce.js';
import { sharedLayout } from './shared.js';
import { parseGridSpec, type GridSpec, type ParsedGridSpec } from './spec.js';
import { buildTable, finishedPoints } from './table.js';
import { buildTasks, maxTaskPoints, queueTaskPoints, type GridTask } from './tasks.js';
import { TopK } from './topK.js';
import { checkWalkForward, walkForwardOf, type WalkForwardOptions, type WalkForwardResult } from './walkForward.js';
import type { GridFiles } from './output.js';
import { GridResultWriter } from './resultWriter.js';
import { checkQueueUrl } from './distributed/url.js';

export interface GridOptions {
  /** Worker threads (default `os.availableParallelism()`); 0 runs on the calling thread with the normal engine. */
  workers?: number;
  /** Largest grid run without `force` (default 100,000 points). */
  limit?: number;
  force?: boolean;
  /** Metric that ranks the points (default 'sharpe'): best point, top K, deflated Sharpe, walk-forward. */
  metric?: GridMetric;
  /**
   * Rank ruined points (their book lost everything: the `ruined` column) after every
   * solvent one, whatever their metric (default true): the best point, the top K, the
   * printed table and walk-forward's choice (ruined by the end of its training window) are
   * solvent whenever one is. false ranks by the metric alone.
   */
  ruinedLast?: boolean;
  /** Points whose returns and equity curves are kept, best first by `metric` (default 10). */
  topK?: number;
  /** Progress bar with rate and ETA on stderr (default: when stderr is a TTY). */
  progress?: boolean;
  /** Called as points finish (after each task), with the points done so far and the total. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Write results.arrow / .csv / .json here while the points finish (in point order), then
   * summary.txt and heatmap.html when done (or interrupted). See src/grid/resultWriter.ts.
   */
  outDir?: string;
  /** With `outDir`: also write heatmap.html (default true; it loads vega). */
  heatmap?: boolean;
  /**
   * Probability of backtest overfitting by CSCV: keeps every point's returns (count x T
   * f64, refused above `maxBytes`, default 2 GiB, or half the machine's memory).
   * `true` = `{ S: 16 }`.
   */
  cscv?: boolean | { S?: number; maxBytes?: number };
  /** Walk-forward selection (bars); keeps every point's returns like `cscv`. */
  walkForward?: WalkForwardOptions;
  /** Annualisation (default: inferred from the dates; 252 without dates); also passed to strategies and volTarget. */
  periodsPerYear?: number;
  /** 'wasm' (default) or 'js' (the TypeScript twins). */
  backend?: Backend;
  /**
   * false (default): each point's metrics cover its evaluation sample, from the end of
   * its warm-up (the first row whose targets hold anything; src/backtest/evaluation.ts),
   * as `backtest` reports it; true: every row. Top-K returns cover the same sample
   * (`TopPoint.startRow`); the CSCV / walk-forward returns keep all T rows (row-aligned
   * with the dates; the warm-up rows are 0).
   */
  includeWarmup?: boolean;
  /** Aborts the run like SIGINT does (partial result). */
  signal?: AbortSignal;
  /** Stop on SIGINT (Ctrl-C) with a partial result (default true). */
  handleSigint?: boolean;
  /** Strategy name for token specs that do not say `strategy=`. */
  strategy?: string;
  /**
   * Run on `xmom worker` processes through a BullMQ queue on Redis (`redis://host:port/db`)
   * instead of local workers (`workers` is then ignored): the price panel is stored in
   * Redis once, by content hash; results are the same table as a local run. Not with
   * `cscv` or `walkForward`. See src/grid/distributed/ and the README's "Grids across
   * machines".
   */
  queue?: string;
  /** @internal Injected faults, for tests only: not part of the public API. */
  __faultInjection?: FaultInjection;
}

const GRID_OPTIONS = [
  'workers', 'limit', 'force', 'metric', 'ruinedLast', 'topK', 'progress', 'outDir', 'cscv', 'walkForward', 'periodsPerYear', 'backend',
  'includeWarmup', 'signal', 'handleSigint', 'strategy', 'onProgress', 'queue', 'heatmap', '__faultInjection',
] as const;

/** One point's parameters and metrics. */
export interface GridPointResult {
  point: number;
  params: GridParams;
  metrics: Record<GridMetric, number>;
  /** The point's book was ruined (equity reached 0; flat after, return -1 on that bar). */
  ruined: boolean;
}

/** A top-K point with its series. */
export interface TopPoint extends GridPointResult {
  /** Value of the ranking metric. */
  value: number;
  /** Row of the prices where the point's evaluation sample (and `returns`, `equity`) starts. */
  startRow: number;
  /** Returns over the evaluation sample: rows startRow .. T - 1 (every row with includeWarmup). */
  returns: Float64Array;
  /** Wealth from 1: cumulative product of 1 + r. */
  equity: Float64Array;
}

export interface GridStats {
  /** Workers asked for (0 = main thread); started, including replacements (at most one per task). */
  workers: number;
  workersStarted: number;
  elapsedMs: number;
  /** Finished points per second of the compute phase (`computeMs`). */
  backtestsPerSecond: number;
  /** The run: worker start-up (every worker ready), then computing; runMs is both and the overhead around them. */
  runMs: number;
  startupMs: number;
  computeMs: number;
  tasks: number;
  /** Kernel work actually done (shared across points): prepares (signals), weights panels, vol-targeted panels, simulations. */
  prepares: number;
  weights: number;
  vols: number;
  simulations: number;
  /** Largest arena use of a worker (bytes) and the arena size. */
  arenaPeakBytes: number;
  arenaBytes: number;
}

export interface GridResult {
  /** One row per finished point: point, parameters, GRID_METRICS, ruined, error. */
  table: Table;
  strategy: GridStrategy;
  spec: ParsedGridSpec;
  metric: GridMetric;
  /** Points in the grid, finished without error, failed. */
  points: number;
  completed: number;
  failed: number;
  /** Completed points whose book was ruined (the table's `ruined` column). */
  ruined: number;
  /** Whether ruined points were ranked after solvent ones (`GridOptions.ruinedLast`). */
  ruinedLast: boolean;
  /** true when interrupted (SIGINT / abort): the table holds the points that finished. */
  partial: boolean;
  best: GridPointResult | null;
  top: TopPoint[];
  /** Dates of the price rows (epoch ms; empty without dates) and the annualisation used. */
  dates: Float64Array;
  periodsPerYear: number;
  /** Deflated Sharpe ratio of the best point given all finished points as trials (null with fewer than 2). */
  deflatedSharpe: DeflatedSharpeResult | null;
  pbo: PboResult | null;
  walkForward: WalkForwardResult | null;
  stats: GridStats;
  /** Files written when `outDir` was given. */
  files: GridFiles | null;
}

/** Arena bytes for one worker: the panels of the largest prepare, levels and simulation, with headroom. */
function arenaBytesFor(model: PointModel, grid: ExpandedGrid, prices: Panel): number {
  const plan = planFor(grid.spec.strategy);
  // The largest prepare over the axes' values: try every value of each axis in turn on top of the defaults.
  let prep = plan.panelsNeeded(model.strategyParams(0));
  grid.spec.axes.forEach((axis) => {
    if (axis.section !== 'strategy') return;
    for (const v of axis.values) prep = Math.max(prep, plan.panelsNeeded({ ...model.strategyParams(0), [axis.name]: v }));
  });
  const panels = prep + 1 /* weights */ + 4 /* vol targeting (portfolio mode) */ + 2 * model.volWindows().length + 3 /* workspace */ + 4;
  const panelBytes = prices.size * 8 + 64;
  return Math.max(GRID_DEFAULTS.arenaMinBytes, Math.ceil((panels * panelBytes + 16 * prices.nRows * 8) * 1.5) + (1 << 20));
}

function checkCscv(fn: string, c: GridOptions['cscv']): { S: number; maxBytes: number } | null {
  if (c === undefined || c === false) return null;
  const o = c === true ? {} : c;
  checkOptions(`${fn} cscv`, o, ['S', 'maxBytes']);
  const S = checkInt(fn, 'cscv.S', o.S ?? GRID_DEFAULTS.cscvS, 2);
  if (S % 2 !== 0 || S > 24) throw new InputError(`${fn}: cscv.S must be an even integer in 2..24, got ${S}`);
  const maxBytes = checkNumber(fn, 'cscv.maxBytes', o.maxBytes ?? GRID_DEFAULTS.returnsMaxBytes, { lo: 0, loOpen: true });
  return { S, maxBytes };
}

/** outDir must be a folder or not exist yet: checked before any work, not after the grid. */
function checkOutDirPath(fn: string, dir: unknown): void {
  if (typeof dir !== 'string' || dir === '') throw new InputError(`${fn}: outDir must be a folder path, got ${JSON.stringify(dir)}`);
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new InputError(`${fn}: outDir ${dir} is a file, not a folder`);
}

/**
 * volTrigger / volTriggerWindow axes, before any work: every rebalance value must be a
 * weekly schedule, and every window must fit the prices (scheduleRows' own check).
 */
function checkVolTriggers(spec: ParsedGridSpec, prices: Panel): void {
  const axis = (name: string): readonly GridValue[] | undefined => spec.axes.find((a) => a.section === 'backtest' && a.name === name)?.values;
  const triggers = axis('volTrigger');
  const windows = axis('volTriggerWindow');
  if (!triggers) {
    if (windows) throw new InputError('grid: volTriggerWindow needs a volTrigger axis (e.g. volTrigger=0.8q)');
    return;
  }
  const schedules = axis('rebalance') ?? [BACKTEST_DEFAULTS.rebalance];
  for (const r of schedules) {
    const s = GRID_REBALANCE[r as string];
    if (typeof s !== 'object' || Array.isArray(s)) {
      throw new InputError(`grid: volTrigger goes on a weekly rebalance (weekly, weekly-sun .. weekly-sat); rebalance = '${String(r)}'${axis('rebalance') ? '' : ' (the default)'} is not one`);
    }
  }
  for (const w of windows ?? [VOL_TRIGGER_DEFAULT_WINDOW]) {
    checkVolTrigger('grid', prices, { window: w as number, quantile: 0.5 });
  }
}

function checkColumns(spec: ParsedGridSpec, prices: Panel): void {
  for (const axis of spec.axes) {
    if (axis.def.kind !== 'column') continue;
    for (const v of axis.values) {
      if (!prices.columns.includes(v as string)) throw new InputError(`grid: ${axis.name} = '${String(v)}' is not a column of the prices; columns are ${prices.columns.join(', ')}`);
    }
  }
}

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
 * Execution: `workers` worker_threads (default: the machine's cores), each with its own
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
  const metric = checkMetric(fn, options.metric ?? GRID_DEFAULTS.metric);
  const ruinedLast = options.ruinedLast ?? GRID_DEFAULTS.ruinedLast;
  if (typeof ruinedLast !== 'boolean') throw new InputError(`${fn}: ruinedLast must be true or false, got ${JSON.stringify(ruinedLast)}`);
  const topK = checkInt(fn, 'topK', options.topK ?? GRID_DEFAULTS.topK, 0);
  const workers = checkInt(fn, 'workers', options.workers ?? availableParallelism(), 0);
  if (!BUILTIN_STRATEGIES.includes(parsed.strategy) && (workers > 0 || options.queue !== undefined)) {
    throw new InputError(`${fn}: strategy '${parsed.strategy}' is registered in this thread only (registerStrategy); run its grid with workers: 0`);
  }
  const backend = options.backend === undefined ? undefined : checkEnum(fn, 'backend', options.backend, BACKENDS);
  const cscv = checkCscv(fn, options.cscv);
  const queue = options.queue === undefined ? null : checkQueueUrl(fn, options.queue);
  if (queue !== null && (cscv !== null || options.walkForward !== undefined)) {
    throw new InputError(`${fn}: cscv and walkForward keep every point's returns, which a queue run does not collect; run them locally (without queue)`);
  }
  const includeWarmup = checkBool(fn, 'includeWarmup', options.includeWarmup ?? BACKTEST_DEFAULTS.includeWarmup);
  if (options.outDir !== undefined) checkOutDirPath(fn, options.outDir);
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
    if (keepReturns) {
      const bytes = count * T * 8;
      const cap = Math.min(cscv?.maxBytes ?? GRID_DEFAULTS.returnsMaxBytes, totalmem() / 2);
      if (bytes > cap) {
        throw new InputError(`${fn}: ${cscv ? 'cscv' : 'walkForward'} keeps every point's returns: ${count} points x ${T} rows x 8 bytes = ${(bytes / 2 ** 20).toFixed(0)} MiB, above the limit of ${(cap / 2 ** 20).toFixed(0)} MiB; sample fewer points${cscv ? ' or raise cscv.maxBytes' : ''}`);
      }
    }
    const plan = planFor(parsed.strategy);
    const model = new PointModel(expanded, plan);
    const tasks = queue !== null
      ? buildTasks(model, count, queueTaskPoints(count), false)
      : buildTasks(model, count, workers > 0 ? maxTaskPoints(count, workers) : 1000);
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
    const onTop = (point: number, value: number, returns: Float64Array, ruined: boolean): void => {
      top.offer(point, value, () => returns, ruined);
    };
    const onError = (point: number, message: string): void => {
      errors.set(point, message);
    };
    // Result files are written while the points finish (see resultWriter.ts).
    const writer = options.outDir !== undefined ? new GridResultWriter(options.outDir, expanded, store, errors) : null;
    const bar = new ProgressBar(count, options.progress ?? Boolean(process.stderr.isTTY));
    const onProgress = options.onProgress;
    if (onProgress !== undefined && typeof onProgress !== 'function') throw new InputError(`${fn}: onProgress must be a function (done, total) => void`);
    const progress = (n: number): void => {
      bar.update(n);
      onProgress?.(n, count);
      writer?.advance();
    };
    const abort = new AbortController();
    const onSigint = (): void => abort.abort();
    const forward = (): void => abort.abort();
    options.signal?.addEventListener('abort', forward);
    if (options.signal?.aborted) abort.abort();
    if (options.handleSigint !== false) process.on('SIGINT', onSigint);
    const arenaBytes = shared ? arenaBytesFor(model, expanded, prices) : 0;
    const tRun = performance.now();
    let partial = false;
    let stats: TaskStats = { points: 0, prepares: 0, weights: 0, vols: 0, simulations: 0 };
    let workersStarted = 0;
    let arenaPeak = 0;
    let startupMs = 0;
    let computeMs = 0;
    try {
      if (queue !== null) {
        const { runQueue } = await import('./distributed/coordinator.js');
        const r = await runQueue({
          url: queue, prices, tasks, store, onError, onTop, onProgress: progress,
          settings: { spec: parsed, ppy, ppyOption: options.periodsPerYear, backend, metricIndex, direction, topK: Math.max(1, topK), ruinedLast, includeWarmup, fault: options.__faultInjection ?? null },
        }, abort.signal);
        partial = r.partial;
        stats = r.stats;
        startupMs = r.startupMs;
        computeMs = r.computeMs;
      } else if (!shared) {
        const r = await runInProcess(tasks, {
          prices, model, plan, backend, ppy, ppyOption: options.periodsPerYear, includeWarmup, arena: NO_ARENA, store, metricIndex, direction,
          topK: Math.max(1, topK), ruinedLast, onTop, onError, fault: options.__faultInjection ?? null, inWorker: false,
        }, progress, abort.signal);
        partial = r.partial;
        stats = r.stats;
        computeMs = performance.now() - tRun;
      } else {
        // No more workers than tasks.
        const layout = sharedLayout(prices, Math.min(workers, tasks.length), arenaBytes);
        const inits: WorkerInit[] = layout.slots.map((slot) => ({
          module: layout.module,
          memory: layout.memory,
          pricesPtr: layout.pricesPtr,
          T,
          N: prices.nCols,
          columns: [...prices.columns],
          dates: prices.index ? prices.dates() : null,
          indexName: prices.indexName,
          ...slot,
          spec: parsed,
          metricsBuf: store.metrics.buffer as SharedArrayBuffer,
          statusBuf: store.status.buffer as SharedArrayBuffer,
          returnsBuf: store.returns ? (store.returns.buffer as SharedArrayBuffer) : null,
          ruinedBuf: store.ruinedRow.buffer as SharedArrayBuffer,
          ruinedLast,
          ppy,
          ppyOption: options.periodsPerYear,
          includeWarmup,
          backend,
          metricIndex,
          direction,
          topK: Math.max(1, topK),
          fault: options.__faultInjection ?? null,
        }));
        const r = await runPool(tasks, inits, store.status, { onError, onTop, onProgress: progress }, abort.signal);
        partial = r.partial;
        stats = r.stats;
        workersStarted = r.workersStarted;
        arenaPeak = r.arenaPeak;
        startupMs = r.startupMs;
        computeMs = r.computeMs;
      }
    } catch (e) {
      await writer?.abandon();
      throw e;
    } finally {
      process.off('SIGINT', onSigint);
      options.signal?.removeEventListener('abort', forward);
    }
    const runMs = performance.now() - tRun;
    const rows = finishedPoints(store.status);
    bar.done(rows.length, partial ? '(interrupted)' : '');
    const result = assemble({
      expanded, prices, ppy, metric, ruinedLast, topK, store, errors, rows, top, partial, cscv, wf, T,
      stats: {
        workers, workersStarted, elapsedMs: 0, runMs, startupMs, computeMs, backtestsPerSecond: computeMs > 0 ? (rows.length * 1000) / computeMs : 0,
        tasks: tasks.length, prepares: stats.prepares, weights: stats.weights, vols: stats.vols, simulations: stats.simulations,
        arenaPeakBytes: arenaPeak, arenaBytes,
      },
    });
    result.stats.elapsedMs = performance.now() - t0;
    if (writer) result.files = await writer.finish(result, { heatmap: options.heatmap });
    return result;
  } finally {
    if (P.owned) P.panel.free();
  }
}

/** Runs the tasks on this thread, yielding to the event loop between tasks (so SIGINT / abort are seen). */
async function runInProcess(
  tasks: GridTask[], init: ConstructorParameters<typeof Executor>[0], progress: (done: number) => void, signal: AbortSignal,
): Promise<{ partial: boolean; stats: TaskStats }> {
  const executor = new Executor(init);
  const stats: TaskStats = { points: 0, prepares: 0, weights: 0, vols: 0, simulations: 0 };
  let done = 0;
  try {
    for (const task of tasks) {
      await new Promise<void>((r) => setImmediate(r));
      if (signal.aborted) return { partial: true, stats };
      const s = executor.runTask(task.points, task.attempts);
      stats.points += s.points;
      stats.prepares += s.prepares;
      stats.weights += s.weights;
      stats.vols += s.vols;
      stats.simulations += s.simulations;
      done += s.points;
      progress(done);
    }
    return { partial: false, stats };
  } finally {
    executor.dispose();
  }
}

interface AssembleInput {
  expanded: ExpandedGrid;
  prices: Panel;
  ppy: number;
  metric: GridMetric;
  ruinedLast: boolean;
  topK: number;
  store: ResultStore;
  errors: Map<number, string>;
  rows: Int32Array;
  top: TopK<Float64Array>;
  partial: boolean;
  cscv: { S: number } | null;
  wf: { train: number; test: number; metric?: GridMetric } | null;
  T: number;
  stats: GridStats;
}

function metricsOf(store: ResultStore, i: number): Record<GridMetric, number> {
  return Object.fromEntries(GRID_METRICS.map((m, k) => [m, store.metrics[k * store.count + i]])) as Record<GridMetric, number>;
}

function assemble(a: AssembleInput): GridResult {
  const { expanded, store, rows, metric, ppy, T } = a;
  const ok = rows.filter((i) => store.status[i] === STATUS.ok);
  const k = GRID_METRICS.indexOf(metric);
  const isRuined = (i: number): boolean => store.ruinedRow[i] >= 0;
  // The best point: the first of the order TopK keeps (solvent first unless ruinedLast is off).
  const order = new TopK<null>(1, METRIC_DIRECTION[metric], a.ruinedLast);
  for (const i of ok) order.offer(i, store.metrics[k * store.count + i], () => null, isRuined(i));
  const bestPoint = order.entries.length ? order.entries[0].point : -1;
  const point = (i: number): GridPointResult => ({ point: i, params: expanded.params(i), metrics: metricsOf(store, i), ruined: isRuined(i) });
  const top: TopPoint[] = a.top.entries.slice(0, a.topK).map((e) => {
    const equity = new Float64Array(e.payload.length);
    let w = 1;
    for (let t = 0; t < equity.length; t++) equity[t] = e.payload[t] === e.payload[t] ? (w *= 1 + e.payload[t]) : w;
    return { ...point(e.point), value: e.value, startRow: T - e.payload.length, returns: e.payload, equity };
  });
  // Deflated Sharpe of the best point, the finished points being the trials.
  let dsr: DeflatedSharpeResult | null = null;
  const bestReturns = a.top.entries.find((e) => e.point === bestPoint)?.payload;
  const sharpes = Float64Array.from(ok, (i) => store.metrics[i] / Math.sqrt(ppy)).filter(Number.isFinite);
  if (bestPoint >= 0 && bestReturns && sharpes.length >= 2) {
    const x = bestReturns.filter((v) => v === v);
    const sr = store.metrics[bestPoint] / Math.sqrt(ppy);
    if (Number.isFinite(sr) && x.length >= 4) {
      dsr = deflatedSharpe({ sharpe: sr, nObs: x.length, trials: sharpes.length, sharpeVariance: std(sharpes, 1) ** 2, skew: skewness(x), kurtosis: kurtosis(x) + 3 });
    }
  }
  let pboResult: PboResult | null = null;
  if (a.cscv && store.returns && ok.length >= 2) {
    const R = store.returns;
    pboResult = pboOf('grid cscv', (t, n) => R[ok[n] * T + t], T, ok.length, a.cscv.S);
  }
  let wfResult: WalkForwardResult | null = null;
  if (a.wf && store.returns) {
    const okSet = new Uint8Array(expanded.count);
    for (const i of ok) okSet[i] = 1;
    wfResult = walkForwardOf(store.returns, expanded.count, T, (i) => okSet[i] === 1, (i) => expanded.params(i),
      { train: a.wf.train, test: a.wf.test, metric: a.wf.metric ?? metric, ruinedLast: a.ruinedLast }, ppy, a.prices.dates(),
      (i) => store.ruinedRow[i]);
  }
  return {
    table: buildTable(expanded, rows, store.metrics, a.errors, store.ruinedRow),
    strategy: expanded.spec.strategy,
    spec: expanded.spec,
    metric,
    points: expanded.count,
    completed: ok.length,
    failed: rows.length - ok.length,
    ruined: ok.reduce((n, i) => n + (isRuined(i) ? 1 : 0), 0),
    ruinedLast: a.ruinedLast,
    partial: a.partial,
    best: bestPoint >= 0 ? point(bestPoint) : null,
    top,
    dates: a.prices.dates(),
    periodsPerYear: ppy,
    deflatedSharpe: dsr,
    pbo: pboResult,
    walkForward: wfResult,
    stats: a.stats,
    files: null,
  };
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
