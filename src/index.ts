/**
 * xmom: WebAssembly-accelerated kernels, strategies and backtests for cross-asset
 * momentum. Node entry point: the wasm engine is instantiated synchronously on import.
 * Everything isomorphic comes from src/api.ts (shared with the browser entry,
 * src/browser.ts); the exports below need Node (files, Parquet, network, HTML reports,
 * worker-thread grids).
 */
import { initNode } from './engine/node.js';

initNode();

export * from './api.js';

// Files: CSV, Arrow IPC / Feather, Parquet (src/io).
export { readPanelFile, loadPanelFile, writePanelFile, readLongCsvFile, PANEL_FILE_DEFAULTS, LAYOUTS } from './io/panelFile.js';
export type { ReadPanelFileOptions, WritePanelFileOptions, LoadedPanel, Layout } from './io/panelFile.js';
export { FILE_FORMATS } from './io/format.js';
export type { FileFormat } from './io/format.js';
// Long files of close / volume / market cap for universe selection (src/universe; universe itself is in api.ts).
export { readUniverseFile } from './universe/readUniverseFile.js';
export type { ReadUniverseFileOptions, UniverseData } from './universe/readUniverseFile.js';
// ML timing of rebalances (src/timing; ml-cart, kept out of the browser bundle).
export { mlRebalanceTiming, ML_TIMING_DEFAULTS, ML_TIMING_FEATURES } from './timing/mlTiming.js';
export type { MlTimingOptions, MlTimingResult } from './timing/mlTiming.js';

// Bybit v5 klines (src/bybit).
export { fetchKlines, fetchKlinesWithVolume, writeKlinesPanel, KLINES_DEFAULTS, KLINE_CATEGORIES, KLINE_PAGE_LIMIT } from './bybit/klines.js';
export type { FetchKlinesOptions, KlineCategory, KlinePanels, TimeInput } from './bybit/klines.js';
// HTML reports (src/report).
export { writeReport, REPORT_DEFAULTS, writeJson, writeArrow } from './report/index.js';
export type { ReportOptions, ReportFiles } from './report/index.js';
// Tear sheet of any dated return or price series (src/report/tearSheet.ts) and its parts.
export {
  tearSheet, TEAR_SHEET_DEFAULTS, drawdownPeriods, DRAWDOWN_PERIODS_DEFAULTS, trailingReturns, histogram, histogramBins,
  alignBenchmark, checkNotPrices, pricesColumn, returnsColumn, PRICE_RULE, TEAR_SHEET_INPUTS,
} from './report/index.js';
export type {
  TearSheetOptions, TearSheetBenchmark, DrawdownPeriod, TrailingReturn, TrailingKey, Histogram, ReturnsColumn, TearSheetInput,
} from './report/index.js';
// Parameter grids on worker threads (src/grid); the isomorphic grid statistics are in api.ts.
export {
  grid, walkForward, parseGridSpec, expandGrid, GRID_DEFAULTS, writeGridResults, formatTopTable, gridHeatmapSvg,
  writeGridHeatmap, heatmapCells,
} from './grid/index.js';
export { startGridWorker } from './grid/distributed/index.js';
export type { GridWorker, GridWorkerOptions } from './grid/distributed/index.js';
export type {
  GridOptions, GridResult, GridPointResult, TopPoint, GridStats, GridSpec, ParsedGridSpec, GridAxis, ExpandedGrid, ExpandOptions,
  WalkForwardOptions, WalkForwardResult, WalkForwardWindow, GridFiles, HeatmapOptions, HeatmapCell,
} from './grid/index.js';
