/**
 * One backtest as the commands run it: load the data, compute the strategy's weights,
 * apply the weighting flags, simulate, run the benchmarks over the same window and
 * compare the metrics. Shared by `xmom backtest` and `xmom demo`.
 */
import type { Panel } from '../panel.js';
import type { Table } from 'apache-arrow';
import { backtest } from '../backtest/backtest.js';
import { buyAndHold, equalWeight, type EqualWeightOptions } from '../backtest/benchmarks.js';
import type { BacktestOptions } from '../backtest/options.js';
import type { BacktestResult } from '../backtest/types.js';
import { compareMetrics, type MetricComparison } from '../metrics/compare.js';
import { isoDate } from '../data/dates.js';
import { INVERSE_VOL_DEFAULTS } from '../weighting/inverseVol.js';
import { RISK_PARITY_DEFAULTS } from '../weighting/riskParity.js';
import { VOL_TARGET_DEFAULTS } from '../weighting/volTarget.js';
import { UsageError } from './errors.js';
import { applyWeighting, backtestOptions, weightingSteps, type BacktestFlags } from './backtestFlags.js';
import { loadLong, loadWide, type ReaderFlags } from './dataFile.js';
import type { StrategyDef } from './strategies.js';
import { freeResult, slicePanel, sliceResult } from './window.js';
import { quoteUsd } from './quote.js';
import { benchmarkFromFile, isBenchmarkFile, type BenchmarkSeries } from './benchmarkFile.js';

export interface RunSpec {
  strategy: StrategyDef;
  params: Record<string, unknown>;
  dataPath: string;
  reader: ReaderFlags;
  flags: BacktestFlags;
  /** Buy-and-hold asset; undefined: BTC when the data has it; false: no benchmarks at all. */
  benchmark?: string | false;
  /** Evaluate from row 0 instead of the end of the warm-up. */
  includeWarmup?: boolean;
  /** Name of the strategy column (default: the strategy's name). */
  label?: string;
  /** `--quote usd`: convert ECB rates to USD per foreign unit (wide data only), with `--currencies`. */
  quote?: string;
  currencies?: string;
}

export interface RunOutcome {
  label: string;
  /** The strategy over the evaluation window. */
  result: BacktestResult;
  /** Benchmarks over the same window, by display name. */
  benchmarks: Record<string, BacktestResult>;
  comparison: MetricComparison;
  /** First row of the evaluation window in the data, its date, the last date, bars. */
  window: { fromRow: number; warmup: number; start: string | null; end: string | null; bars: number };
  data: { path: string; rows: number; columns: string[]; quote?: string; benchmark?: string };
  options: BacktestOptions;
  weighting: string[];
  /** Frees every panel of the outcome. */
  free(): void;
}

/** Default buy-and-hold asset (seed 000 compares against BTC). */
export const DEFAULT_BENCHMARK_ASSET = 'BTC';

/** Rows the weighting flags need before they can hold anything (their estimation windows). */
function weightingWarmup(f: BacktestFlags): number {
  const scheme = f.weighting === 'inverse-vol' ? f.weightingWindow ?? INVERSE_VOL_DEFAULTS.window
    : f.weighting === 'risk-parity' ? f.weightingWindow ?? RISK_PARITY_DEFAULTS.window : 0;
  const vol = f.volTarget !== undefined ? f.volWindow ?? VOL_TARGET_DEFAULTS.window : 0;
  return Math.max(scheme, vol);
}

/** Runs a strategy end to end; see the module doc. */
export function runStrategy(spec: RunSpec): RunOutcome {
  const { strategy, params, flags } = spec;
  if (flags.weightingWindow !== undefined && (!flags.weighting || flags.weighting === 'none' || flags.weighting === 'equal')) {
    throw new UsageError('--weighting-window needs --weighting inverse-vol or risk-parity');
  }
  const options = backtestOptions(flags);
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
  const temps: Panel[] = [];
  const results: BacktestResult[] = [];
  try {
    const run = strategy.run({ prices: loadedPrices ?? undefined, rows: rows ?? undefined }, params, flags.backend);
    const prices = run.prices;
    if (run.ownsPrices) temps.push(prices);
    temps.push(run.weights);
    const weights = applyWeighting(run.weights, prices, flags);
    if (weights !== run.weights) temps.push(weights);
    const full = backtest(prices, weights, options);
    results.push(full);
    const T = prices.nRows;
    const warmup = Math.max(strategy.warmup(params), weightingWarmup(flags));
    const fromRow = spec.includeWarmup ? 0 : Math.min(warmup, T - 2);
    const result = sliceResult(full, fromRow);
    if (result !== full) results.push(result);

    const benchmarks: Record<string, BacktestResult> = {};
    let benchmarkFile: BenchmarkSeries | null = null;
    if (spec.benchmark !== false) {
      const window = fromRow > 0 ? slicePanel(prices, fromRow) : prices;
      if (window !== prices) temps.push(window);
      const costs = { feesBps: options.feesBps, slippageBps: options.slippageBps, periodsPerYear: options.periodsPerYear, backend: options.backend };
      const clean = <O extends object>(o: O): O => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as O;
      if (spec.benchmark !== undefined && isBenchmarkFile(spec.benchmark, prices.columns)) {
        benchmarkFile = benchmarkFromFile(spec.benchmark, result.dates);
      }
      const asset = benchmarkFile ? null : spec.benchmark ?? (prices.columns.includes(DEFAULT_BENCHMARK_ASSET) ? DEFAULT_BENCHMARK_ASSET : null);
      if (asset !== null) {
        const bh = buyAndHold(window, asset, clean(costs));
        results.push(bh);
        benchmarks[`Buy & hold ${asset}`] = bh;
      }
      const ew: EqualWeightOptions = clean({ ...costs, rebalance: options.rebalance, band: options.band });
      const eq = equalWeight(window, ew);
      results.push(eq);
      benchmarks['Equal weight'] = eq;
    }
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
        fromRow, warmup, bars: result.returns.length,
        start: d.length ? isoDate(d[0]) : null, end: d.length ? isoDate(d[d.length - 1]) : null,
      },
      data: { path: spec.dataPath, rows: T, columns: [...prices.columns], ...(quoteNote ? { quote: quoteNote } : {}), ...(benchmarkFile ? { benchmark: benchmarkFile.note } : {}) },
      options,
      weighting: weightingSteps(flags),
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
