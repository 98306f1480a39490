import { InputError } from '../errors.js';
import type { Backend } from '../engine/kernels.js';
import { checkBool, checkEnum, checkInt, checkNumber, checkOptions } from '../validate.js';
import { BACKTEST_DEFAULTS, type BacktestOptions, type RateInput, type RebalanceSchedule } from './options.js';

/** Validated options of a backtest, before anything that depends on the data. */
export interface Settings {
  lag: number;
  rebalance: RebalanceSchedule;
  band: number;
  /** (feesBps + slippageBps) / 1e4: the cost per unit of traded value. */
  feeRate: number;
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
  const feesBps = fee('feesBps', o.feesBps ?? D.feesBps);
  const slippageBps = fee('slippageBps', o.slippageBps ?? D.slippageBps);
  const fixedFee = fee('fixedFee', o.fixedFee ?? D.fixedFee);
  const maxGross = o.maxGross === undefined ? D.maxGross : checkNumber(fn, 'maxGross', o.maxGross, { lo: 0, loOpen: true });
  return {
    lag: checkInt(fn, 'lag', o.lag ?? D.lag, 0),
    rebalance: o.rebalance ?? D.rebalance,
    band: checkNumber(fn, 'band', o.band ?? D.band, { lo: 0 }),
    feeRate: (feesBps + slippageBps) / 1e4,
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
