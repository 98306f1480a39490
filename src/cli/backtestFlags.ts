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
import { volTarget, VOL_TARGET_PARAMS, type VolTargetMode } from '../weighting/volTarget.js';
import { capPositions } from '../weighting/capPositions.js';
import { scaleLeverage } from '../weighting/scaleLeverage.js';
import { equalWeight as equalSelection } from '../weighting/equalWeight.js';
import { parseSchedule, VOL_TRIGGER_DEFAULT_WINDOW } from '../backtest/schedule.js';
import { parseVolThreshold } from '../backtest/volTrigger.js';
import { UsageError } from './errors.js';
import { choiceArg, intArg, numberArg, textArg } from './args.js';
import { BACKTEST_SCHEMA } from '../backtest/schema.js';
import type { ParamSchema } from '../schema/param.js';

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

/**
 * Readers that only the command line has (they read files): a cost flag takes a number,
 * `ASSET=bps,...` or a one-row CSV file (src/cli/costArg.ts).
 */
const CLI_READERS: Readonly<Record<string, (s: string) => unknown>> = { feesBps: costBpsArg, slippageBps: costBpsArg };

/** The reader of a schema entry's flag: its own `cli.parse`, else by type and bounds. */
function flagReader(p: ParamSchema): (s: string) => unknown {
  const cli = p.cli || {};
  const own = CLI_READERS[p.name];
  if (own) return own;
  if (cli.parse) return textArg(cli.parse as (s: string) => unknown);
  switch (p.type) {
    case 'integer':
    case 'period': return intArg(p.min ?? 0);
    case 'number': return numberArg(p.min ?? -Infinity);
    case 'enum': return choiceArg(p.choices ?? []);
    default: return (s) => s;
  }
}

/** Adds the flag of every schema entry that has one (`cli.flag`), with its description and reader. */
export function addSchemaFlags(cmd: Command, schema: readonly ParamSchema[]): Command {
  for (const p of schema) {
    if (!p.cli || !p.cli.flag) continue;
    if (p.type === 'boolean') cmd.option(p.cli.flag, p.description);
    else cmd.option(p.cli.flag, p.description, flagReader(p));
  }
  return cmd;
}

/**
 * Adds the backtester and weighting flags to a command: BACKTEST_SCHEMA's flags (the
 * backtester's options), the weighting scheme, VOL_TARGET_PARAMS' flags (volatility
 * targeting), the position cap and gross rescale, then `--backend`.
 */
export function addBacktestFlags(cmd: Command): Command {
  addSchemaFlags(cmd, BACKTEST_SCHEMA.filter((p) => p.name !== 'backend'));
  cmd
    .option('--weighting <scheme>', `re-weight the strategy's selection: ${WEIGHTINGS.join(', ')} (default none: the strategy's weights)`, choiceArg(WEIGHTINGS))
    .option('--weighting-window <bars>', 'window of inverse-vol / risk-parity (default theirs: 30 / 90)', intArg(2));
  addSchemaFlags(cmd, VOL_TARGET_PARAMS);
  cmd
    .option('--max-position <weight>', 'cap every |weight| at this (the cut goes to cash)', numberArg(0))
    .option('--gross <x>', 'rescale every row to this gross exposure sum |w| (> 0)', numberArg(0));
  return addSchemaFlags(cmd, BACKTEST_SCHEMA.filter((p) => p.name === 'backend'));
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
