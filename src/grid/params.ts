/**
 * The parameters a grid may vary: per strategy (the options of the strategy function of
 * the same name) and for the backtester (a subset of `backtest` options, plus volatility
 * targeting through `volTarget`). One table, used by the spec parser to reject unknown
 * names (listing the valid ones) and out-of-range values before any work is done.
 */
import type { RebalanceSchedule } from '../backtest/options.js';
import { SCHEDULE_NAMES, VOL_TRIGGER_DEFAULT_WINDOW } from '../backtest/schedule.js';
import { parseVolThreshold, volThresholdText } from '../backtest/volTrigger.js';
import { CSM_DEFAULTS } from '../strategies/csm.js';
import { DUAL_MOMENTUM_DEFAULTS } from '../strategies/dualMomentum.js';
import { MULTI_HORIZON_DEFAULTS } from '../strategies/multiHorizonMomentum.js';
import { TSM_DEFAULTS } from '../strategies/tsm.js';
import { BAZ_DEFAULTS } from '../strategies/baz.js';
import { FX_TREND_DEFAULTS } from '../strategies/fxTrend.js';

export const GRID_STRATEGIES = ['dualMomentum', 'tsm', 'csm', 'multiHorizonMomentum', 'fxTrend'] as const;
export type GridStrategy = (typeof GRID_STRATEGIES)[number];

/** One grid value: a number, a name, a flag, or (for list parameters) an array. */
export type GridValue = number | string | boolean | readonly number[] | readonly (readonly number[])[];

/** The parameters of one grid point, by name (`volTarget.target` for nested ones). */
export type GridParams = Record<string, GridValue>;

export type ParamKind = 'int' | 'number' | 'enum' | 'bool' | 'intList' | 'numberList' | 'pairList' | 'column' | 'volThreshold' | 'costBps' | 'cooloff';

export interface ParamDef {
  name: string;
  kind: ParamKind;
  /** Lower / upper bounds of numbers (open when the flag is set). */
  min?: number;
  minOpen?: boolean;
  max?: number;
  /** Allowed names of an enum. */
  values?: readonly string[];
  /** One line for error messages and docs. */
  doc: string;
}

/**
 * Rebalance schedules by grid name: SCHEDULE_NAMES of src/backtest/schedule.ts, the one
 * table `backtest`, the CLI and the browser read too (`weekly` = Mondays, `weekly-sun` ..
 * `weekly-sat`, `monthly` = `monthly-last`, `monthly-first`).
 */
export const GRID_REBALANCE: Readonly<Record<string, RebalanceSchedule>> = SCHEDULE_NAMES;

const lookback: ParamDef = { name: 'lookback', kind: 'int', min: 1, doc: 'bars of the momentum return' };
const skip: ParamDef = { name: 'skip', kind: 'int', min: 0, doc: 'most recent bars left out' };

/** The strategy parameters a grid may vary, per strategy (the strategy's option names). */
export const STRATEGY_PARAMS: Readonly<Record<GridStrategy, readonly ParamDef[]>> = Object.freeze({
  dualMomentum: [
    lookback, skip,
    { name: 'topN', kind: 'int', min: 1, doc: 'assets held, 1 / topN each' },
    { name: 'riskFree', kind: 'number', min: -1, minOpen: true, doc: 'constant annual risk-free rate of the absolute filter' },
    { name: 'defensive', kind: 'column', doc: 'column that takes the weight of empty slots' },
  ],
  tsm: [
    lookback, skip,
    { name: 'threshold', kind: 'number', doc: 'return an asset must beat to be long' },
    { name: 'mode', kind: 'enum', values: ['long-cash', 'long-short'], doc: 'long/cash or long/short' },
  ],
  csm: [
    lookback, skip,
    { name: 'topN', kind: 'int', min: 0, doc: 'assets held long' },
    { name: 'bottomN', kind: 'int', min: 0, doc: 'assets held short' },
    { name: 'quantile', kind: 'number', min: 0, max: 1, doc: 'fraction held long' },
    { name: 'bottomQuantile', kind: 'number', min: 0, max: 1, doc: 'fraction held short' },
    { name: 'rankMethod', kind: 'enum', values: ['first', 'average'], doc: 'tie rule' },
  ],
  multiHorizonMomentum: [
    { name: 'horizons', kind: 'intList', min: 1, doc: 'lookbacks in bars, e.g. [7, 30, 90]' },
    { name: 'weights', kind: 'numberList', doc: 'weight of each horizon' },
    skip,
    { name: 'topN', kind: 'int', min: 1, doc: 'assets held (required: the grid needs weights, not scores)' },
    { name: 'riskFree', kind: 'number', min: -1, minOpen: true, doc: 'constant annual risk-free rate of the absolute filter, scaled to each horizon' },
    { name: 'defensive', kind: 'column', doc: 'column that takes the weight of empty slots (e.g. USDT)' },
  ],
  fxTrend: [
    { name: 'pairs', kind: 'pairList', min: 1, doc: '(short, long) EWMA lengths, e.g. [[8, 24], [16, 48], [32, 96]]' },
    { name: 'weights', kind: 'numberList', doc: 'weight of each pair' },
    { name: 'priceStdWindow', kind: 'int', min: 2, doc: 'rolling std window of the price' },
    { name: 'signalStdWindow', kind: 'int', min: 2, doc: 'rolling std window of y' },
    { name: 'adjust', kind: 'bool', doc: 'pandas ewm adjust' },
    { name: 'leverage', kind: 'number', min: 0, minOpen: true, doc: 'signal multiplier: w = leverage * signal / N (not the gross exposure)' },
  ],
});

/** Backtest parameters a grid may vary (names as `backtest` options; volTarget.* as `volTarget` options). */
export const BACKTEST_PARAMS: readonly ParamDef[] = Object.freeze([
  { name: 'feesBps', kind: 'costBps', min: 0, doc: 'commission in bps of traded value: a number, or a per-asset map (JSON { BTC: 5, default: 10 }; token BTC=5;ETH=8;default=10)' },
  { name: 'slippageBps', kind: 'costBps', min: 0, doc: 'slippage in bps of traded value: a number or a per-asset map, as feesBps' },
  { name: 'rebalance', kind: 'enum', values: Object.keys(GRID_REBALANCE), doc: 'schedule' },
  { name: 'volTrigger', kind: 'volThreshold', doc: "volatility trigger on a weekly rebalance: also trade rows whose equal-weight volatility is above 0.8q (its expanding quantile) or 0.8 (a level); see rebalance.whenVolAbove" },
  { name: 'volTriggerWindow', kind: 'int', min: 2, doc: `bars of returns in the volTrigger volatility (default ${VOL_TRIGGER_DEFAULT_WINDOW})` },
  { name: 'band', kind: 'number', min: 0, doc: 'absolute no-trade band (fraction of equity)' },
  { name: 'bandRel', kind: 'number', min: 0, doc: 'relative no-trade band (fraction of |target|; with band: either exceeded trades)' },
  { name: 'leverage', kind: 'number', min: 0, minOpen: true, doc: 'multiplier of every target' },
  { name: 'lag', kind: 'int', min: 0, doc: 'execution lag in bars (1 = no look-ahead)' },
  { name: 'volTarget.target', kind: 'number', min: 0, minOpen: true, doc: 'annualised volatility aimed at' },
  { name: 'volTarget.window', kind: 'int', min: 2, doc: 'bars of returns in the volatility' },
  { name: 'volTarget.cap', kind: 'number', min: 0, minOpen: true, doc: 'largest scale factor' },
  { name: 'volTarget.mode', kind: 'enum', values: ['asset', 'portfolio'], doc: 'scale per asset or the whole book' },
  { name: 'feesScale', kind: 'number', min: 0, doc: 'multiplier of feesBps (a number or every value of its per-asset map), default 1' },
  { name: 'stop.drawdown', kind: 'number', min: 0, minOpen: true, max: 1, doc: 'drawdown stop: sell the book when equity is this far below its peak (< 1; needs stop.cooloff)' },
  { name: 'stop.cooloff', kind: 'cooloff', doc: "drawdown stop's cool-off: bars (an integer >= 1) or a period such as 1w, 2w, 1m, 3m" },
]);

/**
 * Defaults of the strategy parameters the grid engine reads when a spec leaves them out
 * (the strategies' own *_DEFAULTS; multiHorizonMomentum's topN has none: it is required).
 */
export const STRATEGY_PARAM_DEFAULTS: Readonly<Record<GridStrategy, GridParams>> = Object.freeze({
  dualMomentum: { lookback: DUAL_MOMENTUM_DEFAULTS.lookback, skip: DUAL_MOMENTUM_DEFAULTS.skip, topN: DUAL_MOMENTUM_DEFAULTS.topN, riskFree: DUAL_MOMENTUM_DEFAULTS.riskFree },
  tsm: { lookback: TSM_DEFAULTS.lookback, skip: TSM_DEFAULTS.skip, threshold: TSM_DEFAULTS.threshold, mode: TSM_DEFAULTS.mode },
  csm: { lookback: CSM_DEFAULTS.lookback, skip: CSM_DEFAULTS.skip, rankMethod: CSM_DEFAULTS.rankMethod },
  multiHorizonMomentum: { horizons: MULTI_HORIZON_DEFAULTS.horizons, weights: MULTI_HORIZON_DEFAULTS.weights, skip: MULTI_HORIZON_DEFAULTS.skip },
  fxTrend: {
    pairs: BAZ_DEFAULTS.pairs, priceStdWindow: BAZ_DEFAULTS.priceStdWindow, signalStdWindow: BAZ_DEFAULTS.signalStdWindow,
    adjust: BAZ_DEFAULTS.adjust, leverage: FX_TREND_DEFAULTS.leverage,
  },
});

/** A short description of a parameter's allowed values, for error messages. */
export function describeParam(d: ParamDef): string {
  switch (d.kind) {
    case 'int': return `an integer >= ${d.min ?? 0}`;
    case 'number': {
      const lo = d.min === undefined ? '' : `${d.minOpen ? '>' : '>='} ${d.min}`;
      const hi = d.max === undefined ? '' : `<= ${d.max}`;
      return `a number${lo || hi ? ' ' : ''}${[lo, hi].filter(Boolean).join(' and ')}`;
    }
    case 'enum': return `one of ${(d.values ?? []).join(', ')}`;
    case 'bool': return 'true or false';
    case 'intList': return `a list of integers >= ${d.min ?? 0}, e.g. [7,30,90]`;
    case 'numberList': return 'a list of numbers, e.g. [0.3,0.4,0.3]';
    case 'pairList': return 'a list of [short, long] integer pairs, e.g. [[8,24],[16,48]]';
    case 'column': return 'a column name of the prices';
    case 'volThreshold': return 'a quantile such as 0.8q or an annualised volatility level > 0 such as 0.8';
    case 'costBps': return 'a number >= 0 (bps) or a per-asset map such as BTC=5;ETH=8;default=10 (JSON: { "BTC": 5, "default": 10 })';
    case 'cooloff': return "a number of bars (an integer >= 1) or a period <n><d|w|m|y> such as 1w, 1m, 3m";
  }
}

/** A volTrigger value (`'0.8q'`, `'0.8'` or the number 0.8) in canonical text, or null when it is not one. */
export function volTriggerText(v: unknown): string | null {
  if (typeof v !== 'string' && typeof v !== 'number') return null;
  try {
    return volThresholdText(parseVolThreshold('grid: volTrigger', String(v)));
  } catch {
    return null;
  }
}

/**
 * The schedule name a point runs under: the rebalance name, or with a volTrigger the
 * `parseSchedule` spelling `<rebalance>+vol<window>:<threshold>` (e.g.
 * `weekly-sun+vol30:0.8q`).
 */
export function scheduleKey(rebalance: string, volTrigger: unknown, window: number | undefined): string {
  if (volTrigger === undefined) return rebalance;
  return `${rebalance}+vol${window ?? VOL_TRIGGER_DEFAULT_WINDOW}:${volTriggerText(volTrigger) ?? String(volTrigger)}`;
}
