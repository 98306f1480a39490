/** Performance metrics: empyrical-compatible statistics, rolling series, regimes, events. */
export { metrics, METRICS_DEFAULTS, resolvePeriodsPerYear } from './metrics.js';
export type { Metrics, MetricsOptions } from './metrics.js';
export { METRIC_PROFILES } from './profiles.js';
export type { MetricProfile, MetricProfileName } from './profiles.js';
export { drawdownSeries } from './drawdown.js';
export { rollingSharpe, rollingVolatility } from './rolling.js';
export type { RollingMetricOptions } from './rolling.js';
export { regimeSplit, regimeLabels, REGIME_DEFAULTS } from './regime.js';
export type { RegimeSplit, RegimeOptions, RegimeKind, RegimeLabel, RegimeStats } from './regime.js';
export { drawdownTable, DEFAULT_EVENTS } from './events.js';
export type { MarketEvent, EventRow } from './events.js';
export { compareMetrics, METRIC_TABLE_ROWS } from './compare.js';
export type { MetricComparison, ComparedSeries, MetricRowSpec, MetricFormat } from './compare.js';
export type { ReturnsInput, DatesInput } from './input.js';
export { benchmarkMetrics, benchmarkStats, rollingBeta } from './benchmark.js';
export type { BenchmarkMetrics, BenchmarkMetricsOptions, BenchmarkStats } from './benchmark.js';
export { tradeStatsOf } from './tradeStats.js';
export type { TradeStats } from './tradeStats.js';
