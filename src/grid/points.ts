/**
 * What one grid point means: its strategy options (the spec's values over the
 * strategy's defaults), its backtest settings, and the keys that say which points share
 * work (same signal key: one `prepare`; same weights key: one weights panel; same
 * volatility key: one vol-targeted panel).
 */
import { BACKTEST_DEFAULTS, BACKTEST_OPTIONS, type BacktestOptions } from '../backtest/options.js';
import { resolveSettings } from '../backtest/settings.js';
import { VOL_TARGET_DEFAULTS } from '../weighting/volTarget.js';
import type { ExpandedGrid } from './expand.js';
import { scheduleKey, strategyParamDefaults, type GridParams } from './params.js';

/** Axes that make up a point's schedule (its workspace flags). */
const SCHEDULE_AXES = ['rebalance', 'volTrigger', 'volTriggerWindow'];
import type { StrategyPlan } from './plans/index.js';

export interface VolTargetSettings {
  target: number;
  window: number;
  cap: number;
  mode: 'asset' | 'portfolio';
}

/** Backtest settings of a point (grid defaults = BACKTEST_DEFAULTS). */
/**
 * The backtest settings of a point: the backtester's own `resolveSettings` of its options
 * (feeRate, minTrade, lag, leverage, band), plus the schedule key and vol targeting.
 */
export interface PointBacktest {
  /** Smallest trade, from `resolveSettings`. */
  minTrade: number;
  /** bps: a number, or a per-asset map as the grid's text `A=5;B=8;default=10` (src/backtest/costs.ts). */
  feesBps: number | string;
  slippageBps: number | string;
  /** Multiplier of feesBps (default 1). */
  feesScale: number;
  /** The drawdown stop (stop.drawdown and stop.cooloff axes), or null. */
  stop: { drawdown: number; cooloff: number | string } | null;
  /** A key of GRID_REBALANCE, or with a volTrigger its `parseSchedule` spelling (`scheduleKey`). */
  rebalance: string;
  /** Absolute band; Infinity when only `bandRel` is given. */
  band: number;
  /** Relative band (backtest's `band: { rel }`); Infinity = none. */
  bandRel: number;
  leverage: number;
  lag: number;
  volTarget: VolTargetSettings | null;
}

/** Group keys of a point: mixed-radix numbers over the value positions of the relevant axes. */
export interface PointKeys {
  signal: number;
  weights: number;
  vol: number;
  sim: number;
}

export class PointModel {
  readonly grid: ExpandedGrid;
  readonly #signalAxes: number[];
  readonly #strategyAxes: number[];
  readonly #volAxes: number[];
  readonly #simAxes: number[];
  readonly #hasVol: boolean;
  readonly #backtests = new Map<number, PointBacktest>();
  readonly #order: number[];
  /** The strategy's schema defaults of its gridable parameters. */
  readonly #defaults: GridParams;
  readonly #belowSignal: number;

  constructor(grid: ExpandedGrid, plan: StrategyPlan) {
    this.grid = grid;
    this.#defaults = strategyParamDefaults(grid.spec.strategy);
    const axes = grid.spec.axes;
    const idx = axes.map((_, a) => a);
    this.#strategyAxes = idx.filter((a) => axes[a].section === 'strategy');
    this.#signalAxes = this.#strategyAxes.filter((a) => plan.signalParams.includes(axes[a].name));
    this.#volAxes = idx.filter((a) => axes[a].section === 'backtest' && axes[a].name.startsWith('volTarget.'));
    const sim = idx.filter((a) => axes[a].section === 'backtest' && !axes[a].name.startsWith('volTarget.'));
    // The schedule and lag change least often within a group (the workspace's flags).
    const rank = (a: number): number => (SCHEDULE_AXES.includes(axes[a].name) ? 0 : axes[a].name === 'lag' ? 1 : 2);
    this.#simAxes = sim.sort((a, b) => rank(a) - rank(b) || a - b);
    this.#hasVol = this.#volAxes.length > 0;
    const rest = this.#strategyAxes.filter((a) => !this.#signalAxes.includes(a));
    this.#order = [...this.#signalAxes, ...rest, ...this.#volAxes, ...this.#simAxes];
    this.#belowSignal = [...rest, ...this.#volAxes, ...this.#simAxes].reduce((p, a) => p * axes[a].values.length, 1);
  }

  #key(i: number, list: readonly number[]): number {
    const axes = this.grid.spec.axes;
    let k = 0;
    for (const a of list) k = k * axes[a].values.length + this.grid.valueIndex(i, a);
    return k;
  }

  /**
   * The execution order key of point i: one mixed-radix integer over the axes ordered
   * signal axes, other strategy axes, volTarget axes, backtest axes (schedule and lag
   * first); exact (below the grid's size, <= 2^53). Sorting points by it groups them by
   * signal, then weights, then vol-targeted weights.
   */
  orderKey(i: number): number {
    return this.#key(i, this.#order);
  }

  /** The signal part of an order key (equal for points that share a `prepare`). */
  signalOfOrderKey(key: number): number {
    return Math.floor(key / this.#belowSignal);
  }

  keys(i: number, out: PointKeys = { signal: 0, weights: 0, vol: 0, sim: 0 }): PointKeys {
    out.signal = this.#key(i, this.#signalAxes);
    out.weights = this.#key(i, this.#strategyAxes);
    out.vol = this.#key(i, this.#volAxes);
    out.sim = this.#key(i, this.#simAxes);
    return out;
  }

  /** The strategy options of point i (defaults filled in). */
  strategyParams(i: number): GridParams {
    const axes = this.grid.spec.axes;
    const out: GridParams = { ...this.#defaults };
    for (const a of this.#strategyAxes) out[axes[a].name] = axes[a].values[this.grid.valueIndex(i, a)];
    return out;
  }

  /** The backtest settings of point i (BACKTEST_DEFAULTS / VOL_TARGET_DEFAULTS filled in); cached per combination. */
  backtest(i: number): PointBacktest {
    const key = this.#key(i, this.#volAxes) * 65536 * 65536 + this.#key(i, this.#simAxes);
    let bt = this.#backtests.get(key);
    if (bt === undefined) {
      bt = this.#backtestOf(i);
      this.#backtests.set(key, bt);
    }
    return bt;
  }

  #backtestOf(i: number): PointBacktest {
    const axes = this.grid.spec.axes;
    const given: Record<string, unknown> = {};
    for (const a of [...this.#simAxes, ...this.#volAxes]) given[axes[a].name] = axes[a].values[this.grid.valueIndex(i, a)];
    const num = (name: string, dflt: number): number => (given[name] === undefined ? dflt : (given[name] as number));
    // The backtester's settings of these options: `band` and `bandRel` are `band: { abs, rel }`
    // (a relative band alone has no absolute band), as `backtest` reads them.
    const band = given.bandRel === undefined ? given.band : { ...(given.band === undefined ? {} : { abs: given.band }), rel: given.bandRel };
    const s = resolveSettings('backtest', {
      // A per-asset fee map (the grid's text A=5;B=8) is resolved per column by the executor.
      feesBps: typeof given.feesBps === 'number' ? given.feesBps : undefined,
      slippageBps: typeof given.slippageBps === 'number' ? given.slippageBps : undefined,
      leverage: given.leverage, lag: given.lag, band,
    } as BacktestOptions, BACKTEST_OPTIONS);
    return {
      minTrade: s.minTrade,
      feesBps: (given.feesBps as number | string | undefined) ?? BACKTEST_DEFAULTS.feesBps,
      slippageBps: (given.slippageBps as number | string | undefined) ?? BACKTEST_DEFAULTS.slippageBps,
      feesScale: num('feesScale', 1),
      stop: given['stop.drawdown'] === undefined ? null : { drawdown: given['stop.drawdown'] as number, cooloff: given['stop.cooloff'] as number | string },
      rebalance: scheduleKey((given.rebalance as string | undefined) ?? BACKTEST_DEFAULTS.rebalance, given.volTrigger, given.volTriggerWindow as number | undefined),
      band: s.band.abs,
      bandRel: s.band.rel,
      leverage: s.leverage,
      lag: s.lag,
      volTarget: this.#hasVol
        ? {
            target: num('volTarget.target', VOL_TARGET_DEFAULTS.target),
            window: num('volTarget.window', VOL_TARGET_DEFAULTS.window),
            cap: num('volTarget.cap', VOL_TARGET_DEFAULTS.cap),
            mode: (given['volTarget.mode'] as 'asset' | 'portfolio' | undefined) ?? VOL_TARGET_DEFAULTS.mode,
          }
        : null,
    };
  }

  /**
   * The largest value strategy parameter `name` takes over the grid's points: the max of
   * its axis when it has one (numbers only; undefined when some value is not a finite
   * number), else its default (undefined when it has none or it is not a number).
   */
  largest(name: string): number | undefined {
    const axis = this.grid.spec.axes.find((a) => a.section === 'strategy' && a.name === name);
    const values = axis ? axis.values : [this.#defaults[name]];
    let max = -Infinity;
    for (const v of values) {
      if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
      if (v > max) max = v;
    }
    return values.length ? max : undefined;
  }

  /** Distinct volTarget windows used in 'asset' mode (their return volatility is computed once per worker). */
  volWindows(): number[] {
    if (!this.#hasVol) return [];
    const axes = this.grid.spec.axes;
    const wAxis = axes.find((a) => a.name === 'volTarget.window');
    const mAxis = axes.find((a) => a.name === 'volTarget.mode');
    if (mAxis && !mAxis.values.includes('asset')) return [];
    return wAxis ? [...new Set(wAxis.values as number[])] : [VOL_TARGET_DEFAULTS.window];
  }
}
