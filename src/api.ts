/**
 * The isomorphic public API of xmom: everything that runs wherever JavaScript runs
 * (no node: modules). The package root (src/index.ts) re-exports it with the Node-only
 * parts (files, Parquet, the Bybit fetcher, HTML reports, worker-thread grids); the
 * browser entry (src/browser.ts) re-exports it with `init`.
 */
export { Panel } from './panel.js';
export type { PanelLabels, FromArrowOptions, PanelIndex } from './panel.js';
export { InputError } from './errors.js';
// Memory: tidy scopes, the spill budget, statistics (src/engine/scope.ts, residency.ts).
export { tidy, keep } from './engine/scope.js';
export { setMemoryBudget, memoryStats, OutOfMemoryError, DEFAULT_MEMORY_BUDGET } from './engine/residency.js';
export type { MemoryStats } from './engine/residency.js';
export type { Backend } from './engine/kernels.js';
export type { SeriesInput, BackendOption } from './kernels/dispatch.js';
export { ewmMean, ewmAlpha, EWM_DEFAULTS } from './kernels/ewm.js';
export type { EwmOptions } from './kernels/ewm.js';
export { pctChange, shift, logReturns, cumReturns, RETURNS_DEFAULTS } from './kernels/returns.js';
export type { PeriodsOptions } from './kernels/returns.js';
export { rank, RANK_METHODS, RANK_DEFAULTS } from './kernels/rank.js';
export type { RankMethod, RankOptions } from './kernels/rank.js';
export * from './data/index.js';
export { tsm, TSM_DEFAULTS, TSM_PARAMS } from './strategies/tsm.js';
export type { TsmOptions, TsmMode } from './strategies/tsm.js';
export { csm, CSM_DEFAULTS, CSM_PARAMS } from './strategies/csm.js';
export type { CsmOptions, CsmRankMethod } from './strategies/csm.js';
export { dualMomentum, DUAL_MOMENTUM_DEFAULTS, DUAL_PARAMS } from './strategies/dualMomentum.js';
export type { DualMomentumOptions } from './strategies/dualMomentum.js';
export { multiHorizonMomentum, MULTI_HORIZON_DEFAULTS, MULTI_HORIZON_PARAMS } from './strategies/multiHorizonMomentum.js';
export type { MultiHorizonOptions } from './strategies/multiHorizonMomentum.js';
export { universe, UNIVERSE_BY, UNIVERSE_DEFAULTS } from './universe/universe.js';
export type { UniverseBy, UniverseOptions } from './universe/universe.js';
export { checkEligible } from './universe/eligible.js';
export type { PriceInput } from './inputs/index.js';
export { bazSignal, BAZ_DEFAULTS, BAZ_PARAMS, BAZ_SEED_WEIGHTS } from './strategies/baz.js';
export type { BazOptions, BazSignal } from './strategies/baz.js';
export { fxTrend, FX_TREND_DEFAULTS, FX_TREND_PARAMS, FX_PORTFOLIOS } from './strategies/fxTrend.js';
export { fxCarryPrices } from './strategies/fxCarry.js';
export type { FxCarryOptions } from './strategies/fxCarry.js';
export type { FxTrendOptions, FxPortfolio } from './strategies/fxTrend.js';
export { doubleSort, DOUBLE_SORT_DEFAULTS, DOUBLE_SORT_PARAMS, DOUBLE_SORT_SEED_TOP_K } from './strategies/doubleSort.js';
export { registerStrategy, strategyEntries, strategyEntry, BUILTIN_STRATEGIES } from './strategies/registry.js';
export type { StrategyEntry, DataKind } from './strategies/registry.js';
export { resolveParams, describeParam, checkParam, isExposed } from './schema/param.js';
export type { ParamSchema, ParamType } from './schema/param.js';
export { BACKTEST_SCHEMA } from './backtest/schema.js';
export { VOL_TARGET_PARAMS } from './weighting/volTarget.js';
export { RISK_PARITY_PARAMS } from './weighting/riskParity.js';
export { doubleSortPrices, DELISTING_DEFAULTS } from './strategies/delisting.js';
export type { DoubleSortPricesOptions } from './strategies/delisting.js';
export type { DoubleSortOptions } from './strategies/doubleSort.js';
export type { StockRow } from './strategies/monthlyRows.js';
export { rollingMean, rollingVar, rollingStd, rollingCov, rollingCorr, ROLLING_DEFAULTS } from './kernels/rolling.js';
export type { RollingOptions, RollingVarOptions } from './kernels/rolling.js';
export { rollingCovMatrix, rollingCorrMatrix } from './kernels/rollingMatrix.js';
export { MatrixSeries } from './matrixSeries.js';
export { backtest, buyAndHold, equalWeight, BACKTEST_DEFAULTS, parseSchedule, SCHEDULE_NAMES, evaluationStart, volTriggerRows, realisedVol, parseVolThreshold, VOL_TRIGGER_DEFAULT_WINDOW } from './backtest/index.js';
export type { VolTrigger } from './backtest/index.js';
export type { BacktestOptions, BuyAndHoldOptions, EqualWeightOptions, RebalanceSchedule, ScheduleName, RateInput, BacktestResult, Trade } from './backtest/index.js';
export { roundTrips } from './backtest/roundTrips.js';
export type { CostBps } from './backtest/costs.js';
export type { StopOption, StopEvent } from './backtest/stop.js';
export type { RoundTrip } from './backtest/roundTrips.js';
export { readLongCsv } from './io/readLongCsv.js';
export type { ReadLongCsvOptions, LongPanelResult, LongTableResult } from './io/readLongCsv.js';
export { LONG_FIELDS, LONG_CSV_DEFAULTS } from './io/longCsv.js';
export type { LongField, LongRole, LongParseOptions } from './io/longCsv.js';
export type { ReadReport } from './io/report.js';
export type { IpcFormat } from './io/arrowIpc.js';
export { inspectPanel } from './io/inspect.js';
export type { PanelInspection, ColumnNans } from './io/inspect.js';
export { inferCalendar, findGaps, CALENDARS } from './data/calendar.js';
export type { Calendar, CalendarInfo, Gaps } from './data/calendar.js';
export { KLINE_INTERVALS } from './bybit/intervals.js';
export type { KlineInterval } from './bybit/intervals.js';
export { BybitError } from './bybit/errors.js';
// Weighting (src/weighting). The selection `equalWeight` is reachable as `weighting.equalWeight`:
// the root name `equalWeight` is the backtest benchmark of src/backtest.
export * as weighting from './weighting/index.js';
export { inverseVol, INVERSE_VOL_DEFAULTS, volTarget, VOL_TARGET_DEFAULTS, riskParity, RISK_PARITY_DEFAULTS, scaleLeverage, capPositions } from './weighting/index.js';
export type { InverseVolOptions, VolTargetOptions, VolTargetMode, RiskParityOptions } from './weighting/index.js';
// Metrics (src/metrics).
export {
  metrics, METRICS_DEFAULTS, METRIC_PROFILES, rollingSharpe, rollingVolatility, drawdownSeries,
  regimeSplit, REGIME_DEFAULTS, drawdownTable, DEFAULT_EVENTS, compareMetrics, METRIC_TABLE_ROWS,
} from './metrics/index.js';
export type {
  Metrics, MetricsOptions, MetricProfile, MetricProfileName, RollingMetricOptions, RegimeSplit, RegimeOptions,
  RegimeKind, RegimeLabel, RegimeStats, MarketEvent, EventRow, MetricComparison, ComparedSeries, MetricRowSpec,
  MetricFormat, ReturnsInput, DatesInput,
} from './metrics/index.js';
export { benchmarkMetrics, benchmarkStats, rollingBeta } from './metrics/benchmark.js';
export type { BenchmarkMetrics, BenchmarkMetricsOptions, BenchmarkStats } from './metrics/benchmark.js';
export { tradeStatsOf } from './metrics/tradeStats.js';
export type { TradeStats } from './metrics/tradeStats.js';
// Grid parameters and overfitting statistics (src/grid), from the modules that need no Node API.
export { RANGE_FORMS } from './grid/ranges.js';
export { GRID_STRATEGIES, GRID_REBALANCE, STRATEGY_PARAMS, BACKTEST_PARAMS, gridStrategyNames, strategyParamDefs, strategyParamDefaults } from './grid/params.js';
export type { GridStrategy, GridValue, GridParams, ParamDef } from './grid/params.js';
export { GRID_METRICS } from './grid/reduce.js';
export type { GridMetric } from './grid/reduce.js';
export { deflatedSharpe, expectedMaxSharpe, probabilisticSharpe, normalCdf, EULER_MASCHERONI } from './overfitting/deflatedSharpe.js';
export type { DeflatedSharpeInput, DeflatedSharpeResult } from './overfitting/deflatedSharpe.js';
export { pbo, PBO_DEFAULTS } from './overfitting/pbo.js';
export type { PboInput, PboOptions, PboResult } from './overfitting/pbo.js';
