/**
 * One backtest as the commands run it: load the data, compute the strategy's weights,
 * apply the weighting flags, simulate, run the benchmarks over the same window and
 * compare the metrics. Shared by `xmom backtest` and `xmom demo`.
 */
import { InputError } from '../errors.js';
import type { Panel } from '../panel.js';
import type { Table } from 'apache-arrow';
import { backtest } from '../backtest/backtest.js';
import { buyAndHold, equalWeight, type EqualWeightOptions } from '../backtest/benchmarks.js';
import type { BacktestOptions } from '../backtest/options.js';
import type { BacktestResult } from '../backtest/types.js';
import { compareMetrics, type MetricComparison } from '../metrics/compare.js';
import { isoDate } from '../data/dates.js';
import { UsageError } from './errors.js';
import { applyWeighting, backtestOptions, weightingSteps, type BacktestFlags } from './backtestFlags.js';
import { loadLong, loadWide, type ReaderFlags } from './dataFile.js';
import type { StrategyDef } from './strategies.js';
import { freeResult } from '../backtest/evaluation.js';
import { mlRebalanceTiming, ML_TIMING_DEFAULTS } from '../timing/mlTiming.js';
import { quoteUsd } from './quote.js';
import { benchmarkFromFile, isBenchmarkFile, type BenchmarkSeries } from './benchmarkFile.js';
import { checkVolTrigger } from '../backtest/volTrigger.js';

/** The ML timing model prices its turnover with one cost: per-asset maps are refused there. */
function scalarBps(name: string, value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number') throw new InputError(`backtest: --timing ml takes one ${name} number for every asset, not a per-asset map`);
  return value;
}

export interface RunSpec {
  strategy: StrategyDef;
  params: Record<string, unknown>;
  dataPath: string;
  reader: ReaderFlags;
  flags: BacktestFlags;
  /** Buy-and-hold asset; undefined: BTC when the data has it; false: no benchmarks at all. */
  benchmark?: string | false;
  /** Evaluate from row 0 instead of the end of the warm-up (`backtest`'s `includeWarmup`). */
  includeWarmup?: boolean;
  /** Name of the strategy column (default: the strategy's name). */
  label?: string;
  /** `--quote usd`: convert ECB rates to USD per foreign unit (wide data only), with `--currencies`. */
  quote?: string;
  currencies?: string;
  /**
   * `--timing ml`: at each date of the schedule, a walk-forward classifier decides whether
   * to rebalance or keep the book (`mlRebalanceTiming`, src/timing); the plain schedule
   * with the same weights is added as a benchmark.
   */
  timing?: 'schedule' | 'ml';
}

/** What `--timing ml` decided. */
export interface TimingOutcome {
  mode: 'ml';
  /** Scheduled dates, how many the model decided (after its warm-up), how many were traded. */
  candidates: number;
  modelDecisions: number;
  rebalanced: number;
  /** Out-of-sample hit rate of the classifier (NaN when no decision has an outcome yet). */
  hitRate: number;
  /** The same weights traded on every scheduled date: the benchmark's name. */
  benchmark: string;
}

export interface RunOutcome {
  label: string;
  /** The strategy over the evaluation sample (src/backtest/evaluation.ts). */
  result: BacktestResult;
  /** Benchmarks over the same window, by display name. */
  benchmarks: Record<string, BacktestResult>;
  comparison: MetricComparison;
  /**
   * The evaluation sample: its first row in the data (`result.startRow`; the warm-up is
   * the rows before it, 0 with includeWarmup), its first and last dates, its bars.
   */
  window: { fromRow: number; warmup: number; start: string | null; end: string | null; bars: number };
  data: { path: string; rows: number; columns: string[]; quote?: string; benchmark?: string };
  options: BacktestOptions;
  weighting: string[];
  /** `--timing ml` only. */
  timing: TimingOutcome | null;
  /** Frees every panel of the outcome. */
  free(): void;
}

/** Default buy-and-hold asset (seed 000 compares against BTC). */
export const DEFAULT_BENCHMARK_ASSET = 'BTC';

/**
 * The schedule's volatility trigger checked on the loaded prices before the strategy runs
 * (a window longer than the data is refused before any work); frees nothing.
 */
export function checkScheduleEarly(prices: Panel, options: BacktestOptions): void {
  const s = options.rebalance;
  if (typeof s === 'object' && !Array.isArray(s) && 'whenVolAbove' in s && s.whenVolAbove) {
    try {
      checkVolTrigger('backtest', prices, s.whenVolAbove);
    } catch (e) {
      prices.free();
      throw e;
    }
  }
}

/** Runs a strategy end to end; see the module doc. */
export function runStrategy(spec: RunSpec): RunOutcome {
  const { strategy, params, flags } = spec;
  if (flags.weightingWindow !== undefined && (!flags.weighting || flags.weighting === 'none' || flags.weighting === 'equal')) {
    throw new UsageError('--weighting-window needs --weighting inverse-vol or risk-parity');
  }
  const options = backtestOptions(flags);
  if (spec.includeWarmup) options.includeWarmup = true;
  let loadedPrices: Panel | null = null;
  let rows: Table | null = null;
  let quoteNote: string | undefined;
  if (strategy.data === 'wide') loadedPrices = loadWide(spec.dataPath, spec.reader).panel;
  else rows = loadLong(spec.dataPath, spec.reader);
  if (spec.quote !== undefined || spec.currencies !== undefined) {
    if (!loadedPrices) throw new UsageError(`--quote applies to wide price data; ${strategy.name} reads long rows`);
    if (spec.quote === undefined) throw new UsageError('--currencies needs --quote usd');
    const ecb = loadedPrices;
    try {
      const q = quoteUsd(ecb, spec.quote, spec.currencies);
      loadedPrices = q.panel;
      quoteNote = q.note;
    } finally {
      ecb.free();
    }
  }
  if (loadedPrices) checkScheduleEarly(loadedPrices, options);
  const temps: Panel[] = [];
  const results: BacktestResult[] = [];
  try {
    const run = strategy.run({ prices: loadedPrices ?? undefined, rows: rows ?? undefined }, params, flags.backend);
    const prices = run.prices;
    if (run.ownsPrices) temps.push(prices);
    temps.push(run.weights);
    const weights = applyWeighting(run.weights, prices, flags);
    if (weights !== run.weights) temps.push(weights);
    let timing: TimingOutcome | null = null;
    let scheduled: BacktestResult | null = null;
    let result: BacktestResult;
    if (spec.timing === 'ml') {
      const schedule = options.rebalance ?? ML_TIMING_DEFAULTS.schedule;
      const ml = mlRebalanceTiming(prices, weights, { schedule, feesBps: scalarBps('feesBps', options.feesBps) + scalarBps('slippageBps', options.slippageBps) });
      result = backtest(prices, weights, { ...options, rebalance: ml.rebalance });
      results.push(result);
      // The plain schedule, same weights and costs, over the same sample: what the model is judged against.
      scheduled = backtest(prices, weights, { ...options, rebalance: schedule });
      results.push(scheduled);
      timing = {
        mode: 'ml', candidates: ml.candidates.length, modelDecisions: ml.byModel.reduce((a, b) => a + b, 0),
        rebalanced: ml.decisions.reduce((a, b) => a + b, 0), hitRate: ml.hitRate, benchmark: 'Every scheduled date',
      };
    } else {
      result = backtest(prices, weights, options);
      results.push(result);
    }
    const T = prices.nRows;
    const fromRow = result.startRow;

    const benchmarks: Record<string, BacktestResult> = {};
    let benchmarkFile: BenchmarkSeries | null = null;
    if (spec.benchmark !== false) {
      // Over the strategy's evaluation sample: from its startRow.
      const costs = {
        feesBps: options.feesBps, slippageBps: options.slippageBps, periodsPerYear: options.periodsPerYear, backend: options.backend, startRow: fromRow,
      };
      const clean = <O extends object>(o: O): O => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as O;
      if (spec.benchmark !== undefined && isBenchmarkFile(spec.benchmark, prices.columns)) {
        benchmarkFile = benchmarkFromFile(spec.benchmark, result.dates);
      }
      const asset = benchmarkFile ? null : spec.benchmark ?? (prices.columns.includes(DEFAULT_BENCHMARK_ASSET) ? DEFAULT_BENCHMARK_ASSET : null);
      if (asset !== null) {
        const bh = buyAndHold(prices, asset, clean(costs));
        results.push(bh);
        benchmarks[`Buy & hold ${asset}`] = bh;
      }
      const ew: EqualWeightOptions = clean({ ...costs, rebalance: options.rebalance, band: options.band });
      const eq = equalWeight(prices, ew);
      results.push(eq);
      benchmarks['Equal weight'] = eq;
    }
    // Same weights and lag, so the same evaluation sample (startRow) as the strategy; after
    // the other benchmarks, so beta and alpha stay relative to the first of those.
    if (timing && scheduled) benchmarks[timing.benchmark] = scheduled;
    const label = spec.label ?? strategy.name;
    const names = Object.keys(benchmarks);
    const comparison = compareMetrics(
      {
        [label]: { returns: result.returns, turnover: result.turnover },
        ...Object.fromEntries(names.map((n) => [n, { returns: benchmarks[n].returns, turnover: benchmarks[n].turnover }])),
      },
      {
        dates: result.dates.length ? result.dates : undefined,
        periodsPerYear: result.periodsPerYear,
        benchmark: benchmarkFile ? benchmarkFile.returns : names.length ? benchmarks[names[0]].returns : undefined,
      },
    );
    const d = result.dates;
    return {
      label,
      result,
      benchmarks,
      comparison,
      window: {
        fromRow, warmup: fromRow, bars: result.returns.length,
        start: d.length ? isoDate(d[0]) : null, end: d.length ? isoDate(d[d.length - 1]) : null,
      },
      data: { path: spec.dataPath, rows: T, columns: [...prices.columns], ...(quoteNote ? { quote: quoteNote } : {}), ...(benchmarkFile ? { benchmark: benchmarkFile.note } : {}) },
      options,
      weighting: weightingSteps(flags),
      timing,
      free() {
        for (const r of results) freeResult(r);
        for (const p of temps) p.free();
        loadedPrices?.free();
      },
    };
  } catch (e) {
    for (const r of results) freeResult(r);
    for (const p of temps) p.free();
    loadedPrices?.free();
    throw e;
  }
}
