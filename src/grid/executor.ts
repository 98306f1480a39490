/**
 * Runs grid points, on the main thread (workers: 0) or inside a worker, over one price
 * panel. Work is shared through three levels that live as long as consecutive points
 * agree on them (tasks are sorted so they do):
 *   signal  (plan.prepare: lookback returns, ranks, EWMA signals) per signal key,
 *   weights (plan.weights) per strategy parameters,
 *   vol     (volatility targeting) per volTarget parameters,
 * then one simulation per point (the `simulateStats` kernel: `backtest`'s returns and
 * turnover, bit for bit) in a preallocated `SimulationWorkspace` and the metrics
 * reduced in fixed wasm memory (the `gridMetrics` kernel, `MetricsWorkspace`) straight
 * into the result store. The return volatility
 * of each volTarget window is computed once per executor. In a worker, every panel comes
 * from the worker's arena and each level is an arena mark, released when the level
 * changes; on the main thread panels are freed one by one.
 *
 * Faults: an exception in a point releases every level and retries the point once from
 * scratch; a second failure records the error message for that point (and the next
 * point starts afresh). No point's failure touches another's result.
 */
import type { ArenaLike, Backend, Kernels } from '../engine/index.js';
import type { Panel } from '../panel.js';
import { kernelsFor } from '../kernels/dispatch.js';
import { SimulationWorkspace } from '../kernels/simulateWorkspace.js';
import { parseSchedule, scheduleRows } from '../backtest/schedule.js';
import { checkPrices, checkTargets } from '../backtest/inputs.js';
import { priceGaps } from '../kernels/simulate.js';
import { costRates, parseCostMap, scaleCostBps, type CostRates } from '../backtest/costs.js';
import { parseCooloff, stopEnds } from '../backtest/stop.js';
import { evaluationStart } from '../backtest/evaluation.js';
import { checkLag } from '../backtest/settings.js';
import { checkLookback, resolvePeriodsPerYear } from '../inputs/index.js';
import { returnVolatility } from '../weighting/inverseVol.js';
import { volTarget } from '../weighting/volTarget.js';
import { GRID_REBALANCE } from './params.js';
import type { PlanContext, Prepared, StrategyPlan } from './plans/index.js';
import type { PointBacktest, PointKeys, PointModel } from './points.js';
import { MetricsWorkspace } from '../kernels/metricsWorkspace.js';
import { volScaleWeights } from '../kernels/weights.js';
import { badReturnError } from './reduce.js';
import { TopK } from './topK.js';

/** Point status in the result store. */
export const STATUS = Object.freeze({ pending: 0, ok: 1, failed: 2, running: 3 });

/** Where results go: shared memory in worker mode, plain arrays in process. */
export interface ResultStore {
  /** N_METRICS x count, metric-major: metric k of point i at k * count + i (each metric a contiguous column). */
  metrics: Float64Array;
  count: number;
  status: Int32Array;
  /** count x T point-major returns, when CSCV or walk-forward asked for them. */
  returns: Float64Array | null;
  /** Per point: the row of its ruin bar (equity reached 0), -1 when solvent or not run. */
  ruinedRow: Int32Array;
}

/**
 * Injected faults, for tests only (internal, not a public option): point ids that throw
 * on every attempt, throw on the first attempt only, end the worker (process.exit) or
 * crash it with an uncaught error on their first attempt, end the worker whenever it is
 * given a task holding the point, before any point runs (`exitBeforeTask`: no point is
 * marked running; workers only), and a sleep per point.
 * In-process (workers: 0) an injected exit or crash is thrown like an error.
 */
export interface FaultInjection {
  throwAlways?: readonly number[];
  throwOnce?: readonly number[];
  exitWorker?: readonly number[];
  crashWorker?: readonly number[];
  exitBeforeTask?: readonly number[];
  delayMs?: number;
}

/** An injected crash that must escape the executor (the worker dies with an uncaught error). */
export class InjectedCrash extends Error {}

export interface TaskStats {
  points: number;
  prepares: number;
  weights: number;
  vols: number;
  simulations: number;
}

export interface ExecutorInit {
  prices: Panel;
  model: PointModel;
  plan: StrategyPlan;
  backend: Backend | undefined;
  /** Annualisation of the metrics. */
  ppy: number;
  /** periodsPerYear given to the grid, passed to strategies and volTarget (undefined: they infer it). */
  ppyOption: number | undefined;
  arena: ArenaLike;
  store: ResultStore;
  /** Measure from row 0 instead of the end of the warm-up (src/backtest/evaluation.ts). */
  includeWarmup: boolean;
  /** Position of the selection metric in GRID_METRICS, its direction and the K kept. */
  metricIndex: number;
  direction: 1 | -1;
  topK: number;
  /** Rank ruined points after every solvent one (see `TopK`). */
  ruinedLast: boolean;
  /** A point entered this executor's top K: its returns (a copy) and whether it was ruined. */
  onTop(point: number, value: number, returns: Float64Array, ruined: boolean): void;
  onError(point: number, message: string): void;
  fault: FaultInjection | null;
  inWorker: boolean;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** The error `run` throws, or null. */
function caught(run: () => void): Error | null {
  try {
    run();
    return null;
  } catch (e) {
    return e as Error;
  }
}

export class Executor {
  readonly #o: ExecutorInit;
  readonly #k: Kernels;
  readonly #ctx: PlanContext;
  readonly #ws: SimulationWorkspace;
  readonly #metrics: MetricsWorkspace;
  readonly #local: TopK<null>;
  readonly #flags = new Map<string, Uint8Array>();
  readonly #sigma = new Map<number, Panel | Error>();
  readonly #T: number;
  #wsFlags = '';
  // Levels, each with the arena mark taken before it was computed.
  #taskMark = 0;
  #prepared: Prepared | null = null;
  #signalKey = -1;
  #weights: Panel | null = null;
  #weightsKey = -1;
  #weightsMark = 0;
  #vol: Panel | null = null;
  #volKey = -1;
  #volMark = 0;
  #checked = new Map<string, Error | null>();
  /** The prices' check (`checkPrices`): undefined until run, then its error or null. */
  #pricesBad: Error | null | undefined = undefined;
  /** Rows of the prices with a missing price (`priceGaps`), computed on the first check. */
  #gaps: Uint8Array | null = null;
  readonly #costs = new Map<string, CostRates>();
  readonly #stopEnds = new Map<string, Float64Array>();
  #stats: TaskStats = { points: 0, prepares: 0, weights: 0, vols: 0, simulations: 0 };
  readonly #keys: PointKeys = { signal: 0, weights: 0, vol: 0, sim: 0 };

  constructor(o: ExecutorInit) {
    this.#o = o;
    this.#k = kernelsFor('grid', o.backend);
    this.#ctx = { backend: o.backend, periodsPerYear: o.ppyOption, largest: (name) => o.model.largest(name) };
    this.#T = o.prices.nRows;
    this.#ws = new SimulationWorkspace(o.prices);
    this.#metrics = new MetricsWorkspace(this.#T);
    this.#local = new TopK<null>(o.topK, o.direction, o.ruinedLast);
    for (const w of o.model.volWindows()) {
      try {
        checkLookback('volTarget', 'window', w, this.#T);
        this.#sigma.set(w, returnVolatility(o.prices, w, o.backend));
      } catch (e) {
        this.#sigma.set(w, e as Error);
      }
    }
  }

  /** Runs `points` (sorted by the task builder) with their attempt counts (0 = first). */
  runTask(points: Int32Array, attempts: Uint8Array): TaskStats {
    this.#stats = { points: 0, prepares: 0, weights: 0, vols: 0, simulations: 0 };
    const exitOn = this.#o.fault?.exitBeforeTask;
    if (exitOn && this.#o.inWorker && points.some((p) => exitOn.includes(p))) process.exit(71);
    this.#taskMark = this.#o.arena.mark();
    const { status } = this.#o.store;
    try {
      for (let n = 0; n < points.length; n++) {
        const i = points[n];
        for (let attempt = attempts[n]; ; attempt++) {
          Atomics.store(status, i, STATUS.running);
          try {
            this.#runPoint(i, attempt);
            Atomics.store(status, i, STATUS.ok);
            break;
          } catch (e) {
            if (e instanceof InjectedCrash) throw e;
            this.#reset(0);
            if (attempt >= 1) {
              this.#o.onError(i, e instanceof Error ? e.message : String(e));
              Atomics.store(status, i, STATUS.failed);
              break;
            }
          }
        }
        this.#stats.points++;
      }
    } finally {
      this.#reset(0);
    }
    return this.#stats;
  }

  /** Frees the workspace and the cached volatilities (main thread); a worker just ends. */
  dispose(): void {
    this.#reset(0);
    for (const s of this.#sigma.values()) if (!(s instanceof Error)) s.free();
    this.#ws.free();
    this.#metrics.free();
  }

  /** Frees the levels above `level` (0: all, 1: keep the signal, 2: keep the weights). */
  #reset(level: 0 | 1 | 2): void {
    const arena = this.#o.arena;
    if (this.#vol !== null && this.#vol !== this.#weights) this.#vol.free();
    this.#vol = null;
    this.#volKey = -1;
    this.#checked.clear();
    if (level === 2) {
      arena.release(this.#volMark);
      return;
    }
    this.#weights?.free();
    this.#weights = null;
    this.#weightsKey = -1;
    if (level === 1) {
      arena.release(this.#weightsMark);
      return;
    }
    this.#prepared?.free();
    this.#prepared = null;
    this.#signalKey = -1;
    arena.release(this.#taskMark);
  }

  #fault(i: number, attempt: number): void {
    const f = this.#o.fault;
    if (!f) return;
    if (f.delayMs) Atomics.wait(sleeper, 0, 0, f.delayMs);
    if (f.throwAlways?.includes(i)) throw new Error(`injected fault at point ${i} (every attempt)`);
    if (attempt > 0) return;
    if (f.throwOnce?.includes(i)) throw new Error(`injected fault at point ${i} (first attempt)`);
    if (f.exitWorker?.includes(i)) {
      if (this.#o.inWorker) process.exit(70);
      throw new Error(`injected worker exit at point ${i} (in-process run: thrown instead)`);
    }
    if (f.crashWorker?.includes(i)) {
      if (this.#o.inWorker) throw new InjectedCrash(`injected worker crash at point ${i}`);
      throw new Error(`injected worker crash at point ${i} (in-process run: thrown instead)`);
    }
  }

  #runPoint(i: number, attempt: number): void {
    this.#fault(i, attempt);
    const o = this.#o;
    const { prices, model, plan, arena } = o;
    const keys = model.keys(i, this.#keys);
    if (this.#prepared === null || keys.signal !== this.#signalKey) {
      this.#reset(0);
      this.#prepared = plan.prepare(this.#ctx, prices, model.strategyParams(i));
      this.#signalKey = keys.signal;
      this.#stats.prepares++;
      this.#weightsMark = arena.mark();
    }
    if (this.#weights === null || keys.weights !== this.#weightsKey) {
      this.#reset(1);
      this.#weights = plan.weights(this.#ctx, this.#prepared, prices, model.strategyParams(i));
      this.#weightsKey = keys.weights;
      this.#stats.weights++;
      this.#volMark = arena.mark();
    }
    const bt = model.backtest(i);
    if (this.#vol === null || keys.vol !== this.#volKey) {
      this.#reset(2);
      this.#vol = bt.volTarget ? this.#volTargeted(this.#weights, bt.volTarget) : this.#weights;
      this.#volKey = keys.vol;
      if (bt.volTarget) this.#stats.vols++;
    }
    this.#simulate(i, bt, this.#vol);
  }

  /** `volTarget(weights, prices, vt)`: asset mode from the cached volatility, portfolio mode through the public function. */
  #volTargeted(w: Panel, vt: NonNullable<PointBacktest['volTarget']>): Panel {
    const { prices, backend, ppyOption } = this.#o;
    if (vt.mode === 'portfolio') return volTarget(w, prices, { ...vt, periodsPerYear: ppyOption, backend });
    const sigma = this.#sigma.get(vt.window);
    if (sigma === undefined) throw new Error(`grid: no volatility prepared for window ${vt.window}`);
    if (sigma instanceof Error) throw sigma;
    const annual = Math.sqrt(resolvePeriodsPerYear('volTarget', ppyOption, prices.dates(), 'error'));
    const { target, cap } = vt;
    return volScaleWeights(this.#k, w, sigma, target, cap, annual);
  }

  #flagsOf(name: string): Uint8Array {
    let f = this.#flags.get(name);
    if (f === undefined) {
      f = scheduleRows('backtest', this.#o.prices, Object.hasOwn(GRID_REBALANCE, name) ? GRID_REBALANCE[name] : parseSchedule('backtest', name));
      this.#flags.set(name, f);
    }
    return f;
  }

  /**
   * Runs (or recalls) `backtest`'s input check of `w` under a schedule and lag: the error it
   * raises, or null. The prices are checked once per executor (`checkPrices`, whose error
   * comes first, as in `backtest`), the targets once per weights panel, schedule and lag.
   */
  #check(w: Panel, schedule: string, lag: number): Error | null {
    if (this.#pricesBad === undefined) this.#pricesBad = caught(() => checkPrices('backtest', this.#k, this.#o.prices));
    if (this.#pricesBad !== null) return this.#pricesBad;
    const key = `${schedule}|${lag}`;
    let bad = this.#checked.get(key);
    if (bad === undefined) {
      const flags = this.#flagsOf(schedule);
      this.#gaps ??= priceGaps(this.#o.prices);
      const gaps = this.#gaps;
      bad = caught(() => checkTargets('backtest', this.#k, this.#o.prices, w, { nanWeights: 'error', allowShort: true, lag, flags, gaps }));
      this.#checked.set(key, bad);
    }
    return bad;
  }

  /** The cost rates of a point (`backtest`'s `costRates` of its feesBps x feesScale and slippageBps), once per combination. */
  #costOf(bt: PointBacktest): CostRates {
    const key = `${bt.feesBps}|${bt.slippageBps}|${bt.feesScale}`;
    let c = this.#costs.get(key);
    if (c === undefined) {
      const cols = this.#o.prices.columns;
      const bps = (v: number | string, name: string): number | Record<string, number> => (typeof v === 'number' ? v : parseCostMap('backtest', name, v));
      c = costRates('backtest', scaleCostBps(bps(bt.feesBps, 'feesBps'), bt.feesScale, cols), bps(bt.slippageBps, 'slippageBps'), cols);
      this.#costs.set(key, c);
    }
    return c;
  }

  /** `stopEnds` of a cool-off on the prices' dates, once per cool-off. */
  #stopEndOf(cooloff: number | string): Float64Array {
    const key = String(cooloff);
    let e = this.#stopEnds.get(key);
    if (e === undefined) {
      e = stopEnds('backtest', parseCooloff('backtest', cooloff), this.#o.prices.dates(), this.#T);
      this.#stopEnds.set(key, e);
    }
    return e;
  }

  #simulate(i: number, bt: PointBacktest, w: Panel): void {
    const o = this.#o;
    const T = this.#T;
    checkLag('backtest', bt.lag, T);
    const flags = this.#flagsOf(bt.rebalance);
    // `backtest`'s input check, once per weights panel and lag with every row traded (a
    // superset of any schedule's rows: passing it clears every schedule), and per
    // schedule only when it fails, for the same error as `backtest` would raise.
    const anyBad = this.#check(w, 'daily', bt.lag);
    if (anyBad) {
      const bad = bt.rebalance === 'daily' ? anyBad : this.#check(w, bt.rebalance, bt.lag);
      if (bad) throw bad;
    }
    if (this.#wsFlags !== bt.rebalance) {
      this.#ws.setFlags(flags);
      this.#wsFlags = bt.rebalance;
    }
    const cost = this.#costOf(bt);
    const ruin = this.#ws.run(this.#k, o.prices, w, {
      lag: bt.lag,
      feeRate: cost.feeRates ? 0 : cost.feeRate,
      feeRates: cost.feeRates,
      stop: bt.stop ? { drawdown: bt.stop.drawdown, end: this.#stopEndOf(bt.stop.cooloff) } : null,
      band: bt.band,
      bandRel: bt.bandRel,
      minTrade: bt.minTrade,
      leverage: bt.leverage,
    });
    this.#stats.simulations++;
    const r = this.#ws.returns();
    const { metrics, returns } = o.store;
    const { count } = o.store;
    // The evaluation sample `backtest` reports: from the end of the warm-up.
    const start = o.includeWarmup ? 0 : evaluationStart(w, bt.lag);
    const bad = this.#metrics.reduceRun(this.#k, this.#ws, o.ppy, metrics, i, count, start);
    if (bad >= 0) throw badReturnError(start + bad, r[start + bad]);
    o.store.ruinedRow[i] = ruin;
    if (returns) returns.set(r, i * T);
    const value = metrics[o.metricIndex * count + i];
    const ruined = ruin >= 0;
    // Top-K series cover the evaluation sample, which always runs to the last row.
    if (this.#local.offer(i, value, () => null, ruined)) o.onTop(i, value, r.slice(start), ruined);
  }
}
