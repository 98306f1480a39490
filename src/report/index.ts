/** Backtest reports: self-contained HTML with inline SVG charts, JSON and Arrow series. */
export { writeReport, REPORT_DEFAULTS } from './write.js';
export type { ReportOptions, ReportFiles } from './write.js';
export { writeJson, writeArrow, seriesTable } from './files.js';
export { monthlyReturns, yearlyReturns } from './monthly.js';
export type { MonthlyReturn } from './monthly.js';
export { tearSheet, TEAR_SHEET_DEFAULTS } from './tearSheet.js';
export type { TearSheetOptions, TearSheetBenchmark } from './tearSheet.js';
export { drawdownPeriods, DRAWDOWN_PERIODS_DEFAULTS } from './drawdownPeriods.js';
export type { DrawdownPeriod } from './drawdownPeriods.js';
export { trailingReturns, addMonths } from './trailing.js';
export type { TrailingReturn, TrailingKey } from './trailing.js';
export { histogram, histogramBins } from './histogram.js';
export type { Histogram } from './histogram.js';
export { alignBenchmark, checkNotPrices, pricesColumn, returnsColumn, PRICE_RULE, TEAR_SHEET_INPUTS } from './tearSheetInput.js';
export type { ReturnsColumn, TearSheetInput } from './tearSheetInput.js';
