import type { Panel } from '../panel.js';
import type { StopEvent } from './stop.js';

/** One executed trade. Values are fractions of portfolio equity before the trade. */
export interface Trade {
  /** Row of the bar whose close the trade executes at. */
  row: number;
  /** Epoch ms of that bar (NaN when the prices carry no dates). */
  date: number;
  asset: string;
  /** Held weight before the trade (after drift) and the weight traded to. */
  fromWeight: number;
  toWeight: number;
  /** |toWeight - fromWeight| as a fraction of equity. */
  traded: number;
  /** Cost charged (fees + slippage + fixed fee), as a fraction of equity. */
  cost: number;
}

/**
 * What `backtest` returns and what `metrics`/`report` consume. Every series has one
 * entry per bar of the evaluation sample: the price rows from `startRow` on (all T rows
 * with `includeWarmup: true`, and for the benchmarks). Nothing is held before the first
 * close, so the first row earns nothing: its return is 0 (or the cash rate), or minus
 * the cost of a trade at its close.
 */
export interface BacktestResult {
  /** Epoch ms per bar (empty when the prices carry no dates). */
  dates: Float64Array;
  columns: readonly string[];
  /** Net portfolio simple return of each bar (close t-1 -> close t), after costs. */
  returns: Float64Array;
  /** Wealth, starting at `initialCapital` before row 0. */
  equity: Float64Array;
  /** Sum |w| and sum w of the held weights at each close, after trading. */
  grossExposure: Float64Array;
  netExposure: Float64Array;
  /** Sum |traded weight| at each bar (one-way turnover, fraction of equity). */
  turnover: Float64Array;
  /** Costs charged at each bar, fraction of equity. */
  costs: Float64Array;
  /** Held weights at each close after trading (T x N). Caller frees. */
  weights: Panel;
  /** Per-asset contribution to each bar's return, w_{t-1,i} * r_{t,i} (T x N). Caller frees. */
  contribution: Panel;
  trades: Trade[];
  /** Periods per year used for annualised figures (252, 365, 52, 12, or given). */
  periodsPerYear: number;
  /**
   * Where the book was ruined, or null while it stays solvent: the date (epoch ms) of the
   * bar whose return was <= -100%, or its row number when the prices carry no dates.
   * Equity is absorbed at 0 there: that bar's return is -1 exactly, and from it on the
   * book is flat (equity, exposures, held weights, turnover and costs 0; returns 0 after
   * it), so no metric of the returns leaves its domain (total return and max drawdown
   * >= -1).
   */
  ruinedAt: number | null;
  /** Row of the ruin bar, or null when solvent (equals `ruinedAt` without dates). */
  ruinedRow: number | null;
  /**
   * Each firing of the drawdown stop (option `stop`), in order: the bar at whose close
   * the book was sold, the bar it re-entered (null if it never did) and the drawdown
   * that triggered it. Empty without a stop.
   */
  stops: StopEvent[];
  /**
   * Row of the prices this result starts at: the end of the warm-up (`evaluationStart`
   * of the targets, src/backtest/evaluation.ts), or 0 with `includeWarmup: true`. Every
   * series above starts there; trade rows count from it.
   */
  startRow: number;
}
