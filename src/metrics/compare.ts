import { InputError } from '../errors.js';
import type { ReturnsInput } from './input.js';
import { metrics, type Metrics, type MetricsOptions } from './metrics.js';

/** How a metric is displayed: a percentage, a plain ratio, or a count of bars. */
export type MetricFormat = 'percent' | 'ratio' | 'bars';

export interface MetricRowSpec {
  key: keyof Metrics;
  label: string;
  format: MetricFormat;
}

/** The rows of a comparison table, in display order. */
export const METRIC_TABLE_ROWS: readonly MetricRowSpec[] = Object.freeze([
  { key: 'totalReturn', label: 'Total return', format: 'percent' },
  { key: 'cagr', label: 'CAGR', format: 'percent' },
  { key: 'annualVolatility', label: 'Volatility (ann.)', format: 'percent' },
  { key: 'sharpe', label: 'Sharpe ratio', format: 'ratio' },
  { key: 'sortino', label: 'Sortino ratio', format: 'ratio' },
  { key: 'calmar', label: 'Calmar ratio', format: 'ratio' },
  { key: 'maxDrawdown', label: 'Max drawdown', format: 'percent' },
  { key: 'maxDrawdownDuration', label: 'Max drawdown duration (bars)', format: 'bars' },
  { key: 'longestDrawdownDuration', label: 'Longest drawdown (bars)', format: 'bars' },
  { key: 'valueAtRisk', label: 'VaR (5%)', format: 'percent' },
  { key: 'conditionalValueAtRisk', label: 'CVaR (5%)', format: 'percent' },
  { key: 'hitRate', label: 'Hit rate', format: 'percent' },
  { key: 'averageWin', label: 'Average win', format: 'percent' },
  { key: 'averageLoss', label: 'Average loss', format: 'percent' },
  { key: 'winLossRatio', label: 'Win/loss ratio', format: 'ratio' },
  { key: 'profitFactor', label: 'Profit factor', format: 'ratio' },
  { key: 'annualTurnover', label: 'Turnover (ann.)', format: 'ratio' },
  { key: 'beta', label: 'Beta', format: 'ratio' },
  { key: 'alpha', label: 'Alpha (ann.)', format: 'percent' },
  { key: 'skew', label: 'Skew', format: 'ratio' },
  { key: 'kurtosis', label: 'Excess kurtosis', format: 'ratio' },
  { key: 'tailRatio', label: 'Tail ratio', format: 'ratio' },
  { key: 'omega', label: 'Omega ratio', format: 'ratio' },
  { key: 'stability', label: 'Stability (R²)', format: 'ratio' },
].map((r) => Object.freeze(r as MetricRowSpec)));

/** One series to compare: its returns, or its returns with its own turnover. */
export type ComparedSeries = ReturnsInput | { returns: ReturnsInput; turnover?: ReturnsInput };

export interface MetricComparison {
  /** Series names, in the order given (the table's columns). */
  names: string[];
  /** Full metrics per series, same order. */
  metrics: Metrics[];
  /** One row per metric of `METRIC_TABLE_ROWS` (or `options.rows`): values per series. */
  rows: { key: keyof Metrics; label: string; format: MetricFormat; values: number[] }[];
}

function isWrapped(s: ComparedSeries): s is { returns: ReturnsInput; turnover?: ReturnsInput } {
  return typeof s === 'object' && s !== null && !Array.isArray(s) && !ArrayBuffer.isView(s) && 'returns' in s;
}

/**
 * Metrics of several named return series side by side (e.g. the strategy, buy-and-hold
 * BTC and the equal-weight portfolio), each computed by `metrics` with the same
 * options (dates, periodsPerYear, profile, riskFree, benchmark for beta/alpha). A
 * series may carry its own `turnover`. Series must have equal lengths when dates or a
 * benchmark are shared. O(sum of the metrics).
 */
export function compareMetrics(
  series: Record<string, ComparedSeries>,
  options: MetricsOptions & { rows?: readonly MetricRowSpec[] } = {},
): MetricComparison {
  if (typeof series !== 'object' || series === null) throw new InputError('compareMetrics: series must be an object { name: returns }');
  const names = Object.keys(series);
  if (names.length === 0) throw new InputError('compareMetrics: no series to compare');
  const { rows: rowSpec = METRIC_TABLE_ROWS, ...metricOptions } = options;
  const all = names.map((name) => {
    const s = series[name];
    try {
      if (isWrapped(s)) return metrics(s.returns, { ...metricOptions, turnover: s.turnover ?? metricOptions.turnover });
      return metrics(s, metricOptions);
    } catch (e) {
      if (e instanceof InputError) throw new InputError(`compareMetrics: series '${name}': ${e.message}`);
      throw e;
    }
  });
  return {
    names,
    metrics: all,
    rows: rowSpec.map((spec) => ({ ...spec, values: all.map((m) => m[spec.key] as number) })),
  };
}
