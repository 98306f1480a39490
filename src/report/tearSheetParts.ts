/**
 * The tear sheet's pure parts (no node:, no vega): worst drawdowns, trailing returns,
 * histogram, benchmark alignment and the input checks. One module so that the browser
 * entry (src/browser.ts) can export them without pulling in the report writer.
 */
export { drawdownPeriods, DRAWDOWN_PERIODS_DEFAULTS } from './drawdownPeriods.js';
export type { DrawdownPeriod } from './drawdownPeriods.js';
export { trailingReturns, addMonths } from './trailing.js';
export type { TrailingReturn, TrailingKey } from './trailing.js';
export { histogram, histogramBins } from './histogram.js';
export type { Histogram } from './histogram.js';
export { alignBenchmark, checkNotPrices, pricesColumn, returnsColumn, PRICE_RULE, TEAR_SHEET_INPUTS } from './tearSheetInput.js';
export type { ReturnsColumn, TearSheetInput } from './tearSheetInput.js';
