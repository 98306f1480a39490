/**
 * Data in memory (isomorphic, no files): CSV text in and out, dates and calendars,
 * resample / align, ECB FX quotes, synthetic markets. Reading and writing files
 * (CSV, Arrow IPC, Parquet, long tables) is src/io/, built on these.
 */
export { readCsv, CSV_DEFAULTS, CSV_ORDERS } from './csv.js';
export type { ReadCsvOptions, CsvOrder } from './csv.js';
export { DATE_FORMATS } from './dates.js';
export type { DateFormat } from './dates.js';
export { resample, RESAMPLE_DEFAULTS } from './resample.js';
export type { ResampleOptions } from './resample.js';
export { PERIODS } from './periods.js';
export type { Period } from './periods.js';
export { align, ALIGN_DEFAULTS } from './align.js';
export type { AlignOptions } from './align.js';
export { ecbToUsd, G10_CURRENCIES, SEED_FX_CURRENCIES, EM_CURRENCIES } from './ecb.js';
export { tableToCsv } from './writeCsv.js';
export { mulberry32, makeRng } from './random.js';
export type { Rng } from './random.js';
export {
  syntheticCrypto, syntheticFx, syntheticEquities, CRYPTO12_DEFAULTS, FX10_DEFAULTS, EQUITIES_DEFAULTS,
} from './synthetic.js';
export type { CryptoConfig, CoinSpec, FxConfig, FxPairSpec, EquitiesConfig } from './synthetic.js';
export { buildFixtures } from './fixtures.js';
export type { FixturesConfig, FixtureFile } from './fixtures.js';
