/**
 * Messages between the demo page (web/app.ts) and its Web Workers (web/worker.ts).
 * Every request carries an `id`; the worker answers each with exactly one Reply of the
 * same id, in the order received (it runs one request at a time).
 */
import type { MetricComparison, Metrics, RebalanceSchedule, VolTargetOptions } from '../src/browser.js';

/** A strategy of the registry shown in the form (`strategyEntries()` with `form`), by library name. */
export type StrategyName = string;

/** Everything a run needs besides the data: passed verbatim to the package API. */
export interface RunSpec {
  strategy: StrategyName;
  /** Options of the strategy function (only the fields the user filled in). */
  params: Record<string, unknown>;
  /** Options of `volTarget`, or null for none. */
  volTarget: VolTargetOptions | null;
  /** Options of `backtest`; the benchmarks get the same costs (and schedule, for equal weight). */
  backtest: { rebalance: RebalanceSchedule; feesBps: number; slippageBps: number; lag: number };
}

/** Where a dataset comes from: a URL on the same origin, or the text of a dropped file. */
export type DatasetSource = { url: string } | { text: string };

export interface DatasetSummary {
  key: string;
  name: string;
  rows: number;
  columns: string[];
  /** Epoch ms of the first and last row. */
  first: number;
  last: number;
  calendar: string;
  /** Cells that are NaN (missing or not yet listed). */
  missing: number;
}

export type Request =
  | { id: number; kind: 'load'; key: string; name: string; source: DatasetSource }
  | { id: number; kind: 'backtest'; runId: number; spec: RunSpec }
  | { id: number; kind: 'gridPoint'; spec: RunSpec; overrides: Record<string, number> }
  | { id: number; kind: 'export'; runId: number; format: 'csv' | 'arrow' };

/** Errors cross the thread boundary as name + message (InputError keeps its name). */
export interface WireError {
  name: string;
  message: string;
}

export type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };

/** One equity line of the result (strategy or benchmark). */
export interface ResultSeries {
  name: string;
  role: 'strategy' | 'buyAndHold' | 'equalWeight';
  equity: Float64Array;
  drawdown: Float64Array;
}

export interface BacktestPayload {
  runId: number;
  /** Epoch ms per row (empty when the data has no dates). */
  dates: Float64Array;
  columns: string[];
  series: ResultSeries[];
  /** Held weights after trading, T x N time-major (T = the evaluation sample's rows). */
  weights: Float64Array;
  /** Row of the data where the evaluation sample (and every series here) starts: the end of the warm-up. */
  startRow: number;
  comparison: MetricComparison;
  periodsPerYear: number;
  /** Milliseconds spent in the worker. */
  timings: { strategy: number; backtest: number; benchmarks: number; metrics: number; total: number };
}

export interface GridPointPayload {
  metrics: Metrics;
  ms: number;
}

export interface ExportPayload {
  filename: string;
  mime: string;
  bytes: ArrayBuffer;
}
