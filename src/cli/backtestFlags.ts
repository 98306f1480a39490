/**
 * The backtester and weighting flags of `xmom backtest` (and the demo): flag values ->
 * `BacktestOptions` plus the weighting steps applied to a strategy's weights.
 */
import { costBpsArg, stopFromFlags } from './costArg.js';
import type { Command } from 'commander';
import type { Panel } from '../panel.js';
import type { Backend } from '../engine/index.js';
import type { BacktestOptions, BandOption, RebalanceSchedule } from '../backtest/options.js';
import { inverseVol } from '../weighting/inverseVol.js';
import { riskParity } from '../weighting/riskParity.js';
import { volTarget, type VolTargetMode } from '../weighting/volTarget.js';
import { capPositions } from '../weighting/capPositions.js';
import { scaleLeverage } from '../weighting/scaleLeverage.js';
import { equalWeight as equalSelection } from '../weighting/equalWeight.js';
import { parseSchedule, VOL_TRIGGER_DEFAULT_WINDOW } from '../backtest/schedule.js';
import { parseVolThreshold } from '../backtest/volTrigger.js';
import { UsageError } from './errors.js';
import { bandArg, choiceArg, intArg, numberArg } from './args.js';

/** Re-weighting schemes of `--weighting`. */
export const WEIGHTINGS = ['none', 'equal', 'inverse-vol', 'risk-parity'] as const;
export type Weighting = (typeof WEIGHTINGS)[number];

/**
 * `--rebalance`: the schedule spellings of `parseSchedule` (src/backtest/schedule.ts), the
 * same as `backtest`'s and the grid's: `daily`, `weekly` (Mondays), `weekly:<0..6 | sun..sat>`,
 * `weekly-sun` .. `weekly-sat`, `monthly-first`, `monthly-last`, `monthly` (= monthly-last).
 */
export function parseRebalance(text: string): RebalanceSchedule {
  try {
    return parseSchedule('--rebalance', text);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/**
 * `--daily-when-vol-above <threshold>` (and `--vol-trigger-window`) on the weekly schedule of
 * `--rebalance`: the schedule's `whenVolAbove` (src/backtest/volTrigger.ts). Refused
 * without a weekly `--rebalance`, or when the schedule already carries a `+vol:` trigger.
 */
function withVolTrigger(schedule: RebalanceSchedule | undefined, f: BacktestFlags): RebalanceSchedule {
  if (f.dailyWhenVolAbove === undefined) throw new UsageError('--vol-trigger-window needs --daily-when-vol-above');
  const weekly = (x: RebalanceSchedule | undefined): x is Extract<RebalanceSchedule, { every: 'week' }> => typeof x === 'object' && !Array.isArray(x);
  if (!weekly(schedule)) {
    throw new UsageError(`--daily-when-vol-above needs a weekly --rebalance (weekly, weekly:<day>, weekly-sun ..), got ${f.rebalance === undefined ? 'none (daily: every row trades already)' : `'${f.rebalance}'`}`);
  }
  if (schedule.whenVolAbove) throw new UsageError(`--daily-when-vol-above: --rebalance '${f.rebalance}' already has a +vol: trigger; give one of them`);
  let threshold: ReturnType<typeof parseVolThreshold>;
  try {
    threshold = parseVolThreshold('--daily-when-vol-above', f.dailyWhenVolAbove);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return { ...schedule, whenVolAbove: { window: f.volTriggerWindow ?? VOL_TRIGGER_DEFAULT_WINDOW, ...threshold, then: 'daily' } };
}

/** Flags as commander parses them. */
export interface BacktestFlags {
  lag?: number;
  rebalance?: string;
  dailyWhenVolAbove?: string;
  volTriggerWindow?: number;
  band?: BandOption;
  feesBps?: number | Record<string, number>;
  slippageBps?: number | Record<string, number>;
  stopDrawdown?: number;
  stopCooloff?: string;
  fixedFee?: number;
  initialCapital?: number;
  cashRate?: number;
  borrowRate?: number;
  leverage?: number;
  maxGross?: number;
  decayHalflife?: number;
  short?: boolean;
  nanWeights?: 'error' | 'zero';
  periodsPerYear?: number;
  weighting?: Weighting;
  weightingWindow?: number;
  volTarget?: number;
  volWindow?: number;
  volCap?: number;
  volMode?: VolTargetMode;
  maxPosition?: number;
  gross?: number;
  backend?: Backend;
}

/** Adds the backtester and weighting flags to a command. */
export function addBacktestFlags(cmd: Command): Command {
  return cmd
    .option('--lag <bars>', 'execution lag: 1 = trade at the decision close, earn the next bar (default 1; 0 is same-close look-ahead)', intArg(0))
    .option('--rebalance <schedule>', 'daily | weekly (Mondays) | weekly:<weekday> | weekly-sun .. weekly-sat | monthly-first | monthly-last | monthly (= monthly-last), as in backtest() and grids; a weekly one may end in +vol[<window>]:<threshold> (see --daily-when-vol-above); default daily')
    .option('--daily-when-vol-above <threshold>', "on top of a weekly --rebalance, also trade every row where the equal-weight portfolio's annualised rolling volatility is above <threshold>: 0.8q = its own expanding 80th percentile (rows <= t), 0.8 = a level of 80%")
    .option('--vol-trigger-window <bars>', `bars of returns in the volatility of --daily-when-vol-above (default ${VOL_TRIGGER_DEFAULT_WINDOW})`, intArg(2))
    .option('--band <band>', 'no-trade band: trade an asset only if |held - target| exceeds it: 0.1 or abs:0.1 (weight points, < 1), rel:0.25 (a fraction of the target), abs:0.05,rel:0.25 (either exceeded); a target of 0 always closes', bandArg)
    .option('--fees-bps <bps>', 'commission in basis points of traded value: 10, per asset BTC=5,ETH=8,default=10, or a one-row CSV file (header = assets)', costBpsArg)
    .option('--slippage-bps <bps>', 'slippage in basis points of traded value, the same forms as --fees-bps', costBpsArg)
    .option('--stop-drawdown <fraction>', 'drawdown stop: sell the whole book at the close where equity is this far below its peak (0 < x < 1, e.g. 0.25); needs --stop-cooloff', numberArg(0))
    .option('--stop-cooloff <period>', 'how long the stopped book stays flat: bars (10) or a period (1w, 2w, 1m, 3m, 1y); it re-enters at the next rebalance after it')
    .option('--fixed-fee <amount>', 'fixed fee per traded asset per bar (currency units)', numberArg(0))
    .option('--initial-capital <amount>', 'starting wealth (only the fixed fee depends on it)', numberArg(0))
    .option('--cash-rate <annual>', 'annual rate earned by idle cash (paid on borrowed cash)', numberArg(-0.99))
    .option('--borrow-rate <annual>', 'annual fee on short notional', numberArg(0))
    .option('--leverage <x>', 'multiplier applied to every target weight', numberArg(0))
    .option('--max-gross <x>', 'cap on the gross exposure sum |w| of a row', numberArg(0))
    .option('--decay-halflife <bars>', 'signal decay: a target ages with this half-life (decision rows)', numberArg(0))
    .option('--no-short', 'refuse negative targets (an error, not a silent clip)')
    .option('--nan-weights <rule>', 'a NaN target: error (default) or zero', choiceArg(['error', 'zero'] as const))
    .option('--periods-per-year <n>', 'annualisation (default: from the dates: 365 crypto, 252 business days)', numberArg(0))
    .option('--weighting <scheme>', `re-weight the strategy's selection: ${WEIGHTINGS.join(', ')} (default none: the strategy's weights)`, choiceArg(WEIGHTINGS))
    .option('--weighting-window <bars>', 'window of inverse-vol / risk-parity (default theirs: 30 / 90)', intArg(2))
    .option('--vol-target <annual>', 'volatility targeting: scale weights to this annualised volatility (e.g. 0.3)', numberArg(0))
    .option('--vol-window <bars>', 'bars of returns in the realised volatility (default 30)', intArg(2))
    .option('--vol-cap <x>', 'largest vol-target scale factor (default 2)', numberArg(0))
    .option('--vol-mode <mode>', 'asset (default: each asset) or portfolio (whole book)', choiceArg(['asset', 'portfolio'] as const))
    .option('--max-position <weight>', 'cap every |weight| at this (the cut goes to cash)', numberArg(0))
    .option('--gross <x>', 'rescale every row to this gross exposure sum |w| (> 0)', numberArg(0))
    .option('--backend <backend>', 'kernels: wasm (default) or js (the TypeScript twin)', choiceArg(['wasm', 'js'] as const));
}

/**
 * Flag values that parse but cannot mean what the user wants, refused before any work:
 * an absolute `--band` of 1 or more (bands are fractions of equity: a position of at most 100%
 * never moves more than 1 from cash, so nothing would ever trade) and `--gross 0`
 * (every row rescaled to no exposure: nothing held).
 */
export function checkBacktestFlags(f: BacktestFlags): void {
  const abs = typeof f.band === 'number' ? f.band : f.band?.abs;
  if (abs !== undefined && abs >= 1) {
    throw new UsageError(`--band ${abs}: an absolute band is a fraction of equity and must be < 1 (e.g. 0.1 = 10 percentage points); at ${abs} an unlevered book would never trade out of cash`);
  }
  if (f.gross !== undefined && f.gross <= 0) {
    throw new UsageError(`--gross ${f.gross}: the gross exposure sum |w| each row is rescaled to must be > 0 (e.g. 1); 0 would hold nothing on every date`);
  }
}

/** Flags -> the backtester's options (only those given: the library fills its defaults); checks them first. */
export function backtestOptions(f: BacktestFlags): BacktestOptions {
  checkBacktestFlags(f);
  const o: BacktestOptions = {};
  if (f.lag !== undefined) o.lag = f.lag;
  if (f.rebalance !== undefined) o.rebalance = parseRebalance(f.rebalance);
  if (f.dailyWhenVolAbove !== undefined || f.volTriggerWindow !== undefined) o.rebalance = withVolTrigger(o.rebalance, f);
  if (f.band !== undefined) o.band = f.band;
  if (f.feesBps !== undefined) o.feesBps = f.feesBps;
  if (f.slippageBps !== undefined) o.slippageBps = f.slippageBps;
  const stop = stopFromFlags(f.stopDrawdown, f.stopCooloff);
  if (stop) o.stop = stop;
  if (f.fixedFee !== undefined) o.fixedFee = f.fixedFee;
  if (f.initialCapital !== undefined) o.initialCapital = f.initialCapital;
  if (f.cashRate !== undefined) o.cashRate = f.cashRate;
  if (f.borrowRate !== undefined) o.borrowRate = f.borrowRate;
  if (f.leverage !== undefined) o.leverage = f.leverage;
  if (f.maxGross !== undefined) o.maxGross = f.maxGross;
  if (f.decayHalflife !== undefined) o.decay = { halflife: f.decayHalflife };
  if (f.short === false) o.allowShort = false;
  if (f.nanWeights !== undefined) o.nanWeights = f.nanWeights;
  if (f.periodsPerYear !== undefined) o.periodsPerYear = f.periodsPerYear;
  if (f.backend !== undefined) o.backend = f.backend;
  return o;
}

/** The weighting steps the flags ask for, in the order they are applied. */
export function weightingSteps(f: BacktestFlags): string[] {
  const steps: string[] = [];
  if (f.weighting && f.weighting !== 'none') steps.push(f.weighting);
  if (f.volTarget !== undefined) steps.push(`vol-target ${f.volTarget}`);
  if (f.maxPosition !== undefined) steps.push(`max-position ${f.maxPosition}`);
  if (f.gross !== undefined) steps.push(`gross ${f.gross}`);
  return steps;
}

/**
 * Applies the weighting flags to `weights` in a fixed order: the scheme (equal /
 * inverse-vol / risk-parity over the selection), then volatility targeting, then the
 * position cap, then the gross rescale. Returns a new panel (or `weights` itself when
 * no flag is given); intermediates are freed, `weights` is not.
 */
export function applyWeighting(weights: Panel, prices: Panel, f: BacktestFlags): Panel {
  const backend = f.backend;
  let w = weights;
  const step = (next: Panel): void => {
    if (w !== weights) w.free();
    w = next;
  };
  if (f.weighting === 'equal') step(equalSelection(w));
  else if (f.weighting === 'inverse-vol') step(inverseVol(w, prices, { backend, ...(f.weightingWindow ? { window: f.weightingWindow } : {}) }));
  else if (f.weighting === 'risk-parity') step(riskParity(prices, { selection: w, backend, ...(f.weightingWindow ? { window: f.weightingWindow } : {}) }));
  if (f.volTarget !== undefined || f.volWindow !== undefined || f.volCap !== undefined || f.volMode !== undefined) {
    if (f.volTarget === undefined) throw new UsageError('--vol-window, --vol-cap and --vol-mode need --vol-target');
    const o: Parameters<typeof volTarget>[2] = { target: f.volTarget, backend };
    if (f.volWindow !== undefined) o.window = f.volWindow;
    if (f.volCap !== undefined) o.cap = f.volCap;
    if (f.volMode !== undefined) o.mode = f.volMode;
    if (f.periodsPerYear !== undefined) o.periodsPerYear = f.periodsPerYear;
    step(volTarget(w, prices, o));
  }
  if (f.maxPosition !== undefined) step(capPositions(w, f.maxPosition));
  if (f.gross !== undefined) step(scaleLeverage(w, f.gross));
  return w;
}
