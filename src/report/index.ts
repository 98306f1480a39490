/** Backtest reports: self-contained HTML with inline SVG charts, JSON and Arrow series. */
export { writeReport, REPORT_DEFAULTS } from './write.js';
export type { ReportOptions, ReportFiles } from './write.js';
export { writeJson, writeArrow, seriesTable } from './files.js';
export { monthlyReturns, yearlyReturns } from './monthly.js';
export type { MonthlyReturn } from './monthly.js';
