/** Backtest reports: self-contained HTML with inline SVG charts, JSON and Arrow series. */
export { writeReport, REPORT_DEFAULTS } from './write.js';
export type { ReportOptions, ReportFiles } from './write.js';
export { writeJson, writeArrow, seriesTable } from './files.js';
export { monthlyReturns, yearlyReturns } from './monthly.js';
export type { MonthlyReturn } from './monthly.js';
export { tearSheet, TEAR_SHEET_DEFAULTS } from './tearSheet.js';
export type { TearSheetOptions, TearSheetBenchmark } from './tearSheet.js';
export * from './tearSheetParts.js';
