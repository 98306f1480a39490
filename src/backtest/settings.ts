import { InputError } from '../errors.js';
import type { Backend } from '../engine/index.js';
import { checkBool, checkEnum, checkInt, checkNumber, checkOptions } from '../validate.js';
import { checkCostBps, type CostBps } from './costs.js';
import { resolveStop, type Stop } from './stop.js';
import { BACKTEST_DEFAULTS, type BacktestOptions, type RateInput, type RebalanceSchedule } from './options.js';

/** A resolved band: `abs` in weight points, `rel` a fraction of |target|; Infinity = that band is off. */
export interface Band {
  abs: number;
  rel: number;
}

/**
 * The `band` option resolved: a number x is { abs: x, rel: Infinity }, `{ abs }` the same,
 * `{ rel }` is { abs: Infinity, rel }, `{ abs, rel }` both (a trade when either is
 * exceeded). Errors name `band` and what is allowed: numbers >= 0, only the keys abs
 * and rel, at least one of them.
 */
export function resolveBand(fn: string, value: unknown): Band {
  if (typeof value === 'number') return { abs: checkNumber(fn, 'band', value, { lo: 0 }), rel: Infinity };
  const keys = typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value) : null;
  if (keys === null || keys.length === 0 || keys.some((k) => k !== 'abs' && k !== 'rel')) {
    throw new InputError(`${fn}: band must be a number >= 0, { abs }, { rel } or { abs, rel } (numbers >= 0), got ${JSON.stringify(value)}`);
  }
  const b = value as { abs?: unknown; rel?: unknown };
  return {
    abs: b.abs === undefined ? Infinity : checkNumber(fn, 'band.abs', b.abs, { lo: 0 }),
    rel: b.rel === undefined ? Infinity : checkNumber(fn, 'band.rel', b.rel, { lo: 0 }),
  };
}

const BAND_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The text form of `band` (the CLI's `--band`): `0.1` or `abs:0.1` (absolute, weight
 * points), `rel:0.25` (a fraction of the target weight), or both, comma separated
 * (`abs:0.05,rel:0.25`: either exceeded trades). Numbers >= 0; each kind at most once.
 * Throws an Error saying what was expected.
 */
export function parseBandText(s: string): number | { abs?: number; rel?: number } {
  const num = (t: string): number => {
    if (!BAND_NUMBER.test(t.trim())) throw new Error(`expected a number, got '${t}'`);
    const x = Number(t);
    if (x < 0) throw new Error(`expected a number >= 0, got ${x}`);
    return x;
  };
  const text = s.trim();
  if (BAND_NUMBER.test(text)) return num(text);
  const out: { abs?: number; rel?: number } = {};
  for (const part of text.split(',')) {
    const m = /^(abs|rel):(.*)$/.exec(part.trim());
    if (!m || (m[1] as 'abs' | 'rel') in out) {
      throw new Error(`expected a band: 0.1, abs:0.1, rel:0.25 or abs:0.05,rel:0.25 (numbers >= 0), got '${s}'`);
    }
    out[m[1] as 'abs' | 'rel'] = num(m[2].trim());
  }
  return out;
}

/** The lag must leave a bar to trade at: lag < T rows (the backtester's and the grid's check). */
export function checkLag(fn: string, lag: number, T: number): void {
  if (lag >= T) throw new InputError(`${fn}: lag ${lag} leaves no bar to trade at; the prices have ${T} rows (lag must be < ${T})`);
}

/** Validated options of a backtest, before anything that depends on the data. */
export interface Settings {
  lag: number;
  rebalance: RebalanceSchedule;
  band: Band;
  /** (feesBps + slippageBps) / 1e4: the cost per unit of traded value (NaN when either is per asset). */
  feeRate: number;
  /** Smallest trade (BACKTEST_DEFAULTS.minTrade): rounding noise is not a trade. */
  minTrade: number;
  /** The cost options as given (numbers, maps or one-row panels; resolved per column by `costRates`). */
  feesBps: CostBps;
  slippageBps: CostBps;
  /** The drawdown stop, or null. */
  stop: Stop | null;
  fixedFee: number;
  initialCapital: number;
  cashRate: RateInput;
  /** Annual. */
  borrowRate: number;
  leverage: number;
  allowShort: boolean;
  maxGross: number;
  decay: unknown;
  nanWeights: 'error' | 'zero';
  periodsPerYear: number | undefined;
  align: boolean;
  includeWarmup: boolean;
  backend: Backend | undefined;
}

/**
 * Checks `options` against the names in `allowed` and fills defaults from
 * BACKTEST_DEFAULTS. Every error names the option and the allowed range.
 */
export function resolveSettings(fn: string, options: BacktestOptions | undefined, allowed: readonly string[]): Settings {
  checkOptions(fn, options, allowed);
  const o = options ?? {};
  const D = BACKTEST_DEFAULTS;
  const fee = (name: 'feesBps' | 'slippageBps' | 'fixedFee', value: unknown): number => {
    if (typeof value === 'number' && value < 0) throw new InputError(`${fn}: ${name} must be >= 0 (a cost), got ${value}`);
    return checkNumber(fn, name, value, { lo: 0 });
  };
  const cost = (name: 'feesBps' | 'slippageBps', value: unknown): CostBps =>
    typeof value === 'number' ? fee(name, value) : checkCostBps(fn, name, value);
  const feesBps = cost('feesBps', o.feesBps ?? D.feesBps);
  const slippageBps = cost('slippageBps', o.slippageBps ?? D.slippageBps);
  const fixedFee = fee('fixedFee', o.fixedFee ?? D.fixedFee);
  const maxGross = o.maxGross === undefined ? D.maxGross : checkNumber(fn, 'maxGross', o.maxGross, { lo: 0, loOpen: true });
  return {
    lag: checkInt(fn, 'lag', o.lag ?? D.lag, 0),
    rebalance: o.rebalance ?? D.rebalance,
    band: resolveBand(fn, o.band ?? D.band),
    feeRate: typeof feesBps === 'number' && typeof slippageBps === 'number' ? (feesBps + slippageBps) / 1e4 : NaN,
    feesBps,
    slippageBps,
    minTrade: D.minTrade,
    stop: resolveStop(fn, o.stop),
    fixedFee,
    initialCapital: checkNumber(fn, 'initialCapital', o.initialCapital ?? D.initialCapital, { lo: 0, loOpen: true }),
    cashRate: o.cashRate ?? D.cashRate,
    borrowRate: checkNumber(fn, 'borrowRate', o.borrowRate ?? D.borrowRate, { lo: 0 }),
    leverage: checkNumber(fn, 'leverage', o.leverage ?? D.leverage, { lo: 0, loOpen: true }),
    allowShort: checkBool(fn, 'allowShort', o.allowShort ?? D.allowShort),
    maxGross,
    decay: o.decay,
    nanWeights: checkEnum(fn, 'nanWeights', o.nanWeights ?? D.nanWeights, ['error', 'zero'] as const),
    periodsPerYear: o.periodsPerYear === undefined ? undefined : checkNumber(fn, 'periodsPerYear', o.periodsPerYear, { lo: 0, loOpen: true }),
    align: checkBool(fn, 'align', o.align ?? D.align),
    includeWarmup: checkBool(fn, 'includeWarmup', o.includeWarmup ?? D.includeWarmup),
    backend: o.backend,
  };
}
