/**
 * xmom for browsers and Web Workers: the isomorphic part of the public API (everything
 * in `src/index.ts` that does not need `node:` modules) plus `init`, which loads the
 * wasm engine asynchronously. Await `init()` once before calling any kernel, strategy,
 * backtest or metric (the metrics take their powers from wasm, see src/engine/math.ts).
 * Bundled by `npm run build:web` into `dist/web/xmom.js` (+ `xmom.wasm`); web/ is a
 * demo page built on it.
 *
 * Left out, because their modules read or write files (node:fs, node:path), need the
 * parquet Node build, or run worker_threads: readPanelFile, loadPanelFile,
 * writePanelFile, readLongCsvFile, readUniverseFile, PANEL_FILE_DEFAULTS, LAYOUTS, FILE_FORMATS,
 * mlRebalanceTiming, ML_TIMING_DEFAULTS, ML_TIMING_FEATURES (not node: but ml-cart, kept out of the
 * bundle), fetchKlines, fetchKlinesWithVolume, writeKlinesPanel, KLINES_DEFAULTS, KLINE_CATEGORIES, KLINE_PAGE_LIMIT,
 * writeReport, REPORT_DEFAULTS, writeJson, writeArrow, tearSheet, TEAR_SHEET_DEFAULTS (vega, and
 * the report writer's node:fs; the tear sheet's parts below are included), and from the grid: grid,
 * walkForward, parseGridSpec, expandGrid, GRID_DEFAULTS, writeGridResults,
 * formatTopTable, gridHeatmapSvg, writeGridHeatmap, heatmapCells (a page runs its grid
 * in Web Workers with the functions below; see web/). Read text or bytes yourself
 * (fetch, File.text()) and use `readCsv`, `readLongCsv` or
 * `Panel.fromArrow(tableFromIPC(bytes))` instead.
 * test/browser.test.ts checks that this list is exactly what differs from src/index.ts;
 * scripts/build-web.mjs fails if the bundle pulls in a Node module.
 */
export { init, defaultWasmUrl } from './engine/browser.js';
export type { WasmSource } from './engine/browser.js';
/** Arrow IPC codec (the one bundled for Panel.fromArrow / toArrow), to read and write `.arrow` bytes. */
export { tableFromIPC, tableToIPC } from 'apache-arrow';
export * from './api.js';
// The tear sheet's pure parts (src/report); tearSheet itself is Node-only.
export {
  drawdownPeriods, DRAWDOWN_PERIODS_DEFAULTS, trailingReturns, histogram, histogramBins,
  alignBenchmark, checkNotPrices, pricesColumn, returnsColumn, PRICE_RULE, TEAR_SHEET_INPUTS,
} from './report/tearSheetParts.js';
export type { DrawdownPeriod, TrailingReturn, TrailingKey, Histogram, ReturnsColumn, TearSheetInput } from './report/tearSheetParts.js';
