/**
 * The grid's public types: its options, results and run counters. Kept apart from
 * grid.ts so that the modules that read a result (output.ts, heatmap.ts,
 * resultWriter.ts) depend on these declarations, not on the grid runner.
 */
import type { Table } from 'apache-arrow';
import type { Backend } from '../engine/index.js';
import type { DeflatedSharpeResult } from '../overfitting/deflatedSharpe.js';
import type { PboResult } from '../overfitting/pbo.js';
import type { FaultInjection } from './executor.js';
import type { GridParams, GridStrategy } from './params.js';
import type { GridMetric } from './reduce.js';
import type { ParsedGridSpec } from './spec.js';
import type { WalkForwardOptions, WalkForwardResult } from './walkForward.js';

/** Files written by a grid with `outDir` (`writeGridResults`, the result writer). */
export interface GridFiles {
  arrow: string;
  csv: string;
  json: string;
  summary: string;
  /** null when the grid has fewer than two varied parameters. */
  heatmap: string | null;
}

export interface GridOptions {
  /** Worker threads (default `os.availableParallelism()`); 0 runs on the calling thread with the normal engine. */
  workers?: number;
  /** Largest grid run without `force` (default 100,000 points). */
  limit?: number;
  force?: boolean;
  /** Metric that ranks the points (default 'sharpe'): best point, top K, deflated Sharpe, walk-forward. */
  metric?: GridMetric;
  /**
   * Rank ruined points (their book lost everything: the `ruined` column) after every
   * solvent one, whatever their metric (default true): the best point, the top K, the
   * printed table and walk-forward's choice (ruined by the end of its training window) are
   * solvent whenever one is. false ranks by the metric alone.
   */
  ruinedLast?: boolean;
  /** Points whose returns and equity curves are kept, best first by `metric` (default 10). */
  topK?: number;
  /** Progress bar with rate and ETA on stderr (default: when stderr is a TTY). */
  progress?: boolean;
  /** Called as points finish (after each task), with the points done so far and the total. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Write results.arrow / .csv / .json here while the points finish (in point order), then
   * summary.txt and heatmap.html when done (or interrupted). See src/grid/resultWriter.ts.
   */
  outDir?: string;
  /** With `outDir`: also write heatmap.html (default true; it loads vega). */
  heatmap?: boolean;
  /**
   * Probability of backtest overfitting by CSCV: keeps every point's returns (count x T
   * f64, refused above `maxBytes`, default 2 GiB, or half the machine's memory).
   * `true` = `{ S: 16 }`.
   */
  cscv?: boolean | { S?: number; maxBytes?: number };
  /** Walk-forward selection (bars); keeps every point's returns like `cscv`. */
  walkForward?: WalkForwardOptions;
  /** Annualisation (default: inferred from the dates; 252 without dates); also passed to strategies and volTarget. */
  periodsPerYear?: number;
  /** 'wasm' (default) or 'js' (the TypeScript twins). */
  backend?: Backend;
  /**
   * false (default): each point's metrics cover its evaluation sample, from the end of
   * its warm-up (the first row whose targets hold anything; src/backtest/evaluation.ts),
   * as `backtest` reports it; true: every row. Top-K returns cover the same sample
   * (`TopPoint.startRow`); the CSCV / walk-forward returns keep all T rows (row-aligned
   * with the dates; the warm-up rows are 0).
   */
  includeWarmup?: boolean;
  /** Aborts the run like SIGINT does (partial result). */
  signal?: AbortSignal;
  /** Stop on SIGINT (Ctrl-C) with a partial result (default true). */
  handleSigint?: boolean;
  /** Strategy name for token specs that do not say `strategy=`. */
  strategy?: string;
  /**
   * Run on `xmom worker` processes through a BullMQ queue on Redis (`redis://host:port/db`)
   * instead of local workers (`workers` is then ignored): the price panel is stored in
   * Redis once, by content hash; results are the same table as a local run. Not with
   * `cscv` or `walkForward`. See src/grid/distributed/ and the README's "Grids across
   * machines".
   */
  queue?: string;
  /** @internal Injected faults, for tests only: not part of the public API. */
  __faultInjection?: FaultInjection;
}

/** One point's parameters and metrics. */
export interface GridPointResult {
  point: number;
  params: GridParams;
  metrics: Record<GridMetric, number>;
  /** The point's book was ruined (equity reached 0; flat after, return -1 on that bar). */
  ruined: boolean;
}

/** A top-K point with its series. */
export interface TopPoint extends GridPointResult {
  /** Value of the ranking metric. */
  value: number;
  /** Row of the prices where the point's evaluation sample (and `returns`, `equity`) starts. */
  startRow: number;
  /** Returns over the evaluation sample: rows startRow .. T - 1 (every row with includeWarmup). */
  returns: Float64Array;
  /** Wealth from 1: cumulative product of 1 + r. */
  equity: Float64Array;
}

export interface GridStats {
  /** Workers asked for (0 = main thread); started, including replacements (at most one per task). */
  workers: number;
  workersStarted: number;
  elapsedMs: number;
  /** Finished points per second of the compute phase (`computeMs`). */
  backtestsPerSecond: number;
  /** The run: worker start-up (every worker ready), then computing; runMs is both and the overhead around them. */
  runMs: number;
  startupMs: number;
  computeMs: number;
  tasks: number;
  /** Kernel work actually done (shared across points): prepares (signals), weights panels, vol-targeted panels, simulations. */
  prepares: number;
  weights: number;
  vols: number;
  simulations: number;
  /** Largest arena use of a worker (bytes) and the arena size. */
  arenaPeakBytes: number;
  arenaBytes: number;
}

export interface GridResult {
  /** One row per finished point: point, parameters, GRID_METRICS, ruined, error. */
  table: Table;
  strategy: GridStrategy;
  spec: ParsedGridSpec;
  metric: GridMetric;
  /** Points in the grid, finished without error, failed. */
  points: number;
  completed: number;
  failed: number;
  /** Completed points whose book was ruined (the table's `ruined` column). */
  ruined: number;
  /** Whether ruined points were ranked after solvent ones (`GridOptions.ruinedLast`). */
  ruinedLast: boolean;
  /** true when interrupted (SIGINT / abort): the table holds the points that finished. */
  partial: boolean;
  best: GridPointResult | null;
  top: TopPoint[];
  /** Dates of the price rows (epoch ms; empty without dates) and the annualisation used. */
  dates: Float64Array;
  periodsPerYear: number;
  /** Deflated Sharpe ratio of the best point given all finished points as trials (null with fewer than 2). */
  deflatedSharpe: DeflatedSharpeResult | null;
  pbo: PboResult | null;
  walkForward: WalkForwardResult | null;
  stats: GridStats;
  /** Files written when `outDir` was given. */
  files: GridFiles | null;
}
