import type { Vector } from 'apache-arrow';
import type { BackendOption } from '../kernels/dispatch.js';
import type { VolTrigger } from './volTrigger.js';
import type { CostBps } from './costs.js';
import type { StopOption } from './stop.js';

/**
 * A schedule by name, spelled the same in `backtest`, the grid (`rebalance=weekly`), the
 * CLI (`--rebalance weekly`) and the browser (SCHEDULE_NAMES in src/backtest/schedule.ts):
 * `'weekly'` = `{ every: 'week', weekday: 1 }` (Mondays), `'weekly-sun'` .. `'weekly-sat'`
 * another weekday, `'monthly'` = `'monthly-last'`.
 */
export type ScheduleName =
  | 'daily'
  | 'weekly'
  | 'weekly-sun' | 'weekly-mon' | 'weekly-tue' | 'weekly-wed' | 'weekly-thu' | 'weekly-fri' | 'weekly-sat'
  | 'monthly'
  | 'monthly-first'
  | 'monthly-last';

/**
 * When targets are traded (option `rebalance`). The schedule picks DECISION rows (the
 * rows whose targets are traded; with lag L each is traded at the close L - 1 rows later):
 * - `'daily'`: every row;
 * - `{ every: 'week', weekday }`: the first bar on or after `weekday` (0 = Sunday ..
 *   6 = Saturday, UTC, as `Date.getUTCDay`) in each week, and row 0; `'weekly'` is
 *   Mondays, `'weekly-sun'` .. `'weekly-sat'` name the others;
 * - `'monthly-first'` / `'monthly-last'` (`'monthly'`): the first / last bar of each
 *   calendar month (UTC) in the data. Row 0 is always a month's first bar; the last
 *   row is a month's last bar only when the calendar says so (the next calendar bar,
 *   by the data's own spacing, falls in another month), not merely because the data end;
 * - an array of dates (epoch ms, `Date`, or ISO `YYYY-MM-DD[THH:MM[:SS]]` strings, UTC),
 *   each of which must be a date of the price panel; for panels without dates, an array
 *   of row numbers;
 * - `{ every: 'week', weekday, whenVolAbove: { window, level | quantile, then: 'daily' } }`:
 *   the weekly rows plus every row where the equal-weight portfolio's annualised rolling
 *   volatility is above `level` or above its own expanding `quantile` (decided from rows
 *   <= t only; see VolTrigger in src/backtest/volTrigger.ts).
 */
export type RebalanceSchedule =
  | ScheduleName
  | { every: 'week'; weekday: number; whenVolAbove?: VolTrigger }
  | readonly (number | Date | string)[];

/** The no-trade band: absolute (a number or `{ abs }`), relative to the target (`{ rel }`), or both. */
export type BandOption = number | { abs?: number; rel?: number };

/** An annual rate: one number, or one annual rate per row (Float64Array, array, Arrow Vector). */
export type RateInput = number | Float64Array | readonly number[] | Vector;

export interface BacktestOptions extends BackendOption {
  /**
   * Execution lag in bars (default 1): the target decided at the close of row t is
   * traded at the close of row t + lag - 1 and earns returns from row t + lag on. lag 1 is
   * the no-look-ahead default (trade at the decision close, earn the next bar). lag 0 is
   * SAME-CLOSE (look-ahead): the target of row t earns row t's own return, as the naive
   * pandas `(w * r).sum(1)` does; use it only for comparison.
   */
  lag?: number;
  /** Which decision rows are traded (default `'daily'`). */
  rebalance?: RebalanceSchedule;
  /**
   * No-trade band (default 0), checked per asset on each rebalance bar, deviation
   * |held weight - target| (target after decay, leverage and the gross cap):
   * - a number or `{ abs }`: absolute, in weight points: trade only if the deviation
   *   exceeds it (0.10 = 10 percentage points);
   * - `{ rel }`: relative to the target: trade only if the deviation exceeds rel * |target|
   *   (0.10 = 10% of the target weight: a 0.25 target trades outside 0.225 .. 0.275);
   * - `{ abs, rel }`: trade when EITHER is exceeded, the tolerance being the smaller,
   *   min(abs, rel * |target|) (the "5/25" rule: 5 points or 25% of the target, whichever
   *   comes first).
   * Whatever the band, a target of exactly 0 always closes a held position (a band never
   * keeps an asset that left the selection), and deviations up to
   * BACKTEST_DEFAULTS.minTrade (1e-12, rounding noise) are never traded.
   */
  band?: BandOption;
  /**
   * Commission in basis points of traded value (default 0): one number for every asset,
   * a map `{ BTC: 5, ETH: 8, default: 10 }` (assets not named take `default`; without it
   * every asset must be named), or a one-row Panel / Arrow Table whose columns are assets.
   * Unknown assets, missing ones and negative or NaN values are InputErrors naming the
   * asset. See src/backtest/costs.ts.
   */
  feesBps?: CostBps;
  /** Slippage in basis points of traded value (default 0), charged like a fee; the same forms as feesBps. */
  slippageBps?: CostBps;
  /** Fixed fee per traded asset per bar, in currency units (default 0). */
  fixedFee?: number;
  /** Starting wealth in currency units (default 1); only fixedFee depends on it. */
  initialCapital?: number;
  /**
   * Annual rate earned by cash, 1 - sum(w), and paid on negative cash (default 0): a
   * constant, or one annual rate per row where row t's rate accrues over bar t
   * (close t-1 -> close t; row 0's is unused). Per bar: (1 + r)^(1 / periodsPerYear) - 1.
   */
  cashRate?: RateInput;
  /** Annual fee on short notional (default 0), per bar like cashRate. */
  borrowRate?: number;
  /** Multiplier applied to every target (default 1). */
  leverage?: number;
  /** Allow negative targets (default true); false makes a negative target an InputError. */
  allowShort?: boolean;
  /** Cap on the gross sum |target| after leverage: a row above it is scaled down to it. */
  maxGross?: number;
  /**
   * Signal decay (seed 000: fresh signal = full weight, aging signal = reduced weight):
   * the effective target of an asset is target * 0.5^(age / halflife), age = decision
   * rows since its SELECTION last changed: the sign of its target (the asset entering,
   * 0 -> nonzero; leaving, -> 0; or flipping between long and short). A change of size
   * alone (volTarget, inverseVol or riskParity rescaling the weight every bar) does not
   * restart the age, so decay composes with any weighting. Age 0 on row 0 and on the row
   * the selection changes; counted on every decision row, traded or not.
   */
  decay?: { halflife: number };
  /**
   * Portfolio drawdown stop (default none): `{ drawdown: 0.25, cooloff: '1m' }` sells the
   * whole book at the close where its marked equity is `drawdown` or more below its
   * running peak (flat from the next bar, costs paid), keeps it flat for `cooloff` (bars,
   * or '1w', '2w', '1m', '3m', '1y', ...), then re-enters at the first scheduled rebalance
   * after it (costs paid); the peak restarts there. `result.stops` lists each firing.
   * See src/backtest/stop.ts.
   */
  stop?: StopOption;
  /** `'error'` (default): a NaN target is an InputError; `'zero'`: NaN targets mean 0. */
  nanWeights?: 'error' | 'zero';
  /** Annualisation (default: inferred from the dates; 252 when the prices have none). */
  periodsPerYear?: number;
  /**
   * false (default): weights must have the prices' columns (same order) and rows.
   * true: weights are reindexed onto the price calendar and columns; rows and columns
   * the weights lack get target 0 (cash). Weight dates or columns absent from the prices
   * are still an InputError.
   */
  align?: boolean;
  /**
   * false (default): the result covers the evaluation sample only, from the end of the
   * strategy's warm-up (the first row whose targets hold anything; see
   * src/backtest/evaluation.ts), so `metrics(result.returns)` equals the grid's, the
   * CLI's and the browser's figures for the same point. true: every row from 0. The same
   * switch is `includeWarmup` in `grid()` and `--include-warmup` on the command line.
   */
  includeWarmup?: boolean;
}

/** Defaults shared by `backtest`, the benchmarks and the kernels (one place). */
export const BACKTEST_DEFAULTS = {
  lag: 1,
  rebalance: 'daily',
  band: 0,
  feesBps: 0,
  slippageBps: 0,
  fixedFee: 0,
  initialCapital: 1,
  cashRate: 0,
  borrowRate: 0,
  leverage: 1,
  allowShort: true,
  maxGross: Infinity,
  nanWeights: 'error',
  align: false,
  includeWarmup: false,
  /**
   * Smallest trade, as a fraction of equity: a rebalance moves an asset only when
   * |held - target| > max(band, minTrade), so float rounding (an undrifted position
   * re-derived as 0.30000000000000004) never counts as a trade or pays a fixed fee.
   */
  minTrade: 1e-12,
  /** periodsPerYear of a panel without dates. */
  periodsPerYearWithoutDates: 252,
} as const;

export const BACKTEST_OPTIONS = [
  'lag', 'rebalance', 'band', 'feesBps', 'slippageBps', 'fixedFee', 'initialCapital', 'cashRate',
  'borrowRate', 'leverage', 'allowShort', 'maxGross', 'decay', 'stop', 'nanWeights', 'periodsPerYear', 'align', 'includeWarmup', 'backend',
] as const;
