/**
 * The backtester's options as a parameter schema: the grid's backtest axes
 * (src/grid/params.ts) and the CLI's backtest flags (src/cli/backtestFlags.ts) are
 * generated from it. Names are `backtest` option names (`volTrigger` / `volTriggerWindow`
 * are the grid's names of a weekly schedule's `whenVolAbove`); `cli.flag` is the
 * command-line flag and `cli.parse` its reader where the type alone does not say (a
 * band, a schedule spelling). Values are checked by the backtester itself
 * (`resolveSettings`), which the grid calls too.
 */
import type { ParamSchema } from '../schema/param.js';
import { BACKTEST_DEFAULTS } from './options.js';
import { SCHEDULE_NAMES, VOL_TRIGGER_DEFAULT_WINDOW } from './schedule.js';
import { parseBandText } from './settings.js';

const asGiven = (text: string): string => text;

/** In the grid's order (its error messages list them so); `gridable` ones are grid axes. */
export const BACKTEST_SCHEMA: readonly ParamSchema[] = Object.freeze([
  // A cost is a number or a per-asset map (src/backtest/costs.ts): the grid reads it as a
  // `costBps` axis, the command line with its own reader (a number, ASSET=bps,... or a CSV file).
  {
    name: 'feesBps', type: 'number', gridKind: 'costBps', min: 0, default: BACKTEST_DEFAULTS.feesBps, gridable: true,
    description: 'commission in basis points of traded value: 10, per asset BTC=5,ETH=8,default=10, or a one-row CSV file (header = assets)',
    cli: { flag: '--fees-bps <bps>' },
  },
  {
    name: 'slippageBps', type: 'number', gridKind: 'costBps', min: 0, default: BACKTEST_DEFAULTS.slippageBps, gridable: true,
    description: 'slippage in basis points of traded value, the same forms as --fees-bps', cli: { flag: '--slippage-bps <bps>' },
  },
  { name: 'feesScale', type: 'number', min: 0, gridable: true, description: 'multiplier of feesBps (a number or every value of its per-asset map), default 1', cli: false },
  {
    name: 'stop.drawdown', type: 'number', min: 0, minOpen: true, max: 1, gridable: true,
    description: 'drawdown stop: sell the whole book at the close where equity is this far below its peak (0 < x < 1, e.g. 0.25); needs --stop-cooloff',
    cli: { flag: '--stop-drawdown <fraction>' },
  },
  {
    name: 'stop.cooloff', type: 'string', gridKind: 'cooloff', gridable: true,
    description: 'how long the stopped book stays flat: bars (10) or a period (1w, 2w, 1m, 3m, 1y); it re-enters at the next rebalance after it',
    cli: { flag: '--stop-cooloff <period>', parse: asGiven },
  },
  {
    name: 'rebalance', type: 'enum', choices: Object.keys(SCHEDULE_NAMES), default: BACKTEST_DEFAULTS.rebalance, gridable: true,
    description: 'daily | weekly (Mondays) | weekly:<weekday> | weekly-sun .. weekly-sat | monthly-first | monthly-last | monthly (= monthly-last), as in backtest() and grids; a weekly one may end in +vol[<window>]:<threshold> (see --daily-when-vol-above); default daily',
    // The CLI takes every parseSchedule spelling (weekly:3, weekly+vol30:0.8q), read with the trigger flags.
    cli: { flag: '--rebalance <schedule>', parse: asGiven },
  },
  {
    name: 'volTrigger', type: 'string', gridKind: 'volThreshold', gridable: true,
    description: "on top of a weekly --rebalance, also trade every row where the equal-weight portfolio's annualised rolling volatility is above <threshold>: 0.8q = its own expanding 80th percentile (rows <= t), 0.8 = a level of 80%",
    cli: { flag: '--daily-when-vol-above <threshold>', parse: asGiven },
  },
  {
    name: 'volTriggerWindow', type: 'period', min: 2, default: VOL_TRIGGER_DEFAULT_WINDOW, gridable: true,
    description: `bars of returns in the volatility of --daily-when-vol-above (default ${VOL_TRIGGER_DEFAULT_WINDOW})`, cli: { flag: '--vol-trigger-window <bars>' },
  },
  {
    name: 'band', type: 'number', min: 0, default: BACKTEST_DEFAULTS.band, gridable: true,
    description: 'no-trade band: trade an asset only if |held - target| exceeds it: 0.1 or abs:0.1 (weight points, < 1), rel:0.25 (a fraction of the target), abs:0.05,rel:0.25 (either exceeded); a target of 0 always closes',
    cli: { flag: '--band <band>', parse: parseBandText },
  },
  { name: 'bandRel', type: 'number', min: 0, gridable: true, description: 'relative no-trade band (fraction of |target|; with band: either exceeded trades)', cli: false },
  { name: 'leverage', type: 'number', min: 0, minOpen: true, default: BACKTEST_DEFAULTS.leverage, gridable: true, description: 'multiplier applied to every target weight', cli: { flag: '--leverage <x>' } },
  {
    name: 'lag', type: 'integer', min: 0, default: BACKTEST_DEFAULTS.lag, gridable: true,
    description: 'execution lag: 1 = trade at the decision close, earn the next bar (default 1; 0 is same-close look-ahead)', cli: { flag: '--lag <bars>' },
  },
  { name: 'fixedFee', type: 'number', min: 0, default: BACKTEST_DEFAULTS.fixedFee, description: 'fixed fee per traded asset per bar (currency units)', cli: { flag: '--fixed-fee <amount>' } },
  { name: 'initialCapital', type: 'number', min: 0, default: BACKTEST_DEFAULTS.initialCapital, description: 'starting wealth (only the fixed fee depends on it)', cli: { flag: '--initial-capital <amount>' } },
  { name: 'cashRate', type: 'number', min: -0.99, description: 'annual rate earned by idle cash (paid on borrowed cash)', cli: { flag: '--cash-rate <annual>' } },
  { name: 'borrowRate', type: 'number', min: 0, default: BACKTEST_DEFAULTS.borrowRate, description: 'annual fee on short notional', cli: { flag: '--borrow-rate <annual>' } },
  { name: 'maxGross', type: 'number', min: 0, description: 'cap on the gross exposure sum |w| of a row', cli: { flag: '--max-gross <x>' } },
  { name: 'decay', type: 'number', min: 0, description: 'signal decay: a target ages with this half-life (decision rows)', cli: { flag: '--decay-halflife <bars>' } },
  { name: 'allowShort', type: 'boolean', default: BACKTEST_DEFAULTS.allowShort, description: 'refuse negative targets (an error, not a silent clip)', cli: { flag: '--no-short' } },
  { name: 'nanWeights', type: 'enum', choices: ['error', 'zero'], default: BACKTEST_DEFAULTS.nanWeights, description: 'a NaN target: error (default) or zero', cli: { flag: '--nan-weights <rule>' } },
  { name: 'periodsPerYear', type: 'number', min: 0, description: 'annualisation (default: from the dates: 365 crypto, 252 business days)', cli: { flag: '--periods-per-year <n>' } },
  { name: 'backend', type: 'enum', choices: ['wasm', 'js'], description: 'kernels: wasm (default) or js (the TypeScript twin)', cli: { flag: '--backend <backend>' } },
]);
