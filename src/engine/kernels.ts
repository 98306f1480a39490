/**
 * The kernel ABI shared by the wasm module (assembly/) and its TypeScript twins
 * (src/twin/). Every kernel takes byte pointers into wasm memory and plain numbers;
 * booleans travel as 0 / 1. A panel is T rows x N columns of f64, time-major
 * (row-major), so element (t, j) lives at `ptr + 8 * (t * N + j)`.
 *
 * Both implementations are typed against this one interface: the compiler keeps
 * their signatures identical.
 */
export interface Kernels {
  ewmMean(x: number, out: number, T: number, N: number, alpha: number, adjust: number, ignoreNa: number, minPeriods: number): void;
  ewmSmaSeed(x: number, out: number, T: number, N: number, alpha: number, period: number): void;
  pctChange(x: number, out: number, T: number, N: number, periods: number): void;
  shift(x: number, out: number, T: number, N: number, periods: number): void;
  /** -1 on success, else the flat index t*N + j of the first price <= 0 (out untouched). */
  logReturns(x: number, out: number, T: number, N: number, periods: number): number;
  cumReturns(x: number, out: number, T: number, N: number): void;
  /** pandas rank(axis=1, na_option='keep'); method 0 average, 1 min, 2 max, 3 first, 4 dense. */
  rankRows(x: number, out: number, T: number, N: number, method: number, ascending: number, pct: number): void;
  /**
   * Portfolio simulation (assembly/kernels/simulate.ts). `rebalance`: T bytes, 1 = trade the
   * targets of that decision row; `cashRates`: T per-bar rates; `decayFactors`: T factors by
   * target age, or 0 for no decay; `series`: 6 x T out (returns | equity | gross | net |
   * turnover | costs); `held`, `contribution`, `preTrade` (held weight before each trade,
   * NaN where none): T x N out. maxGross Infinity = no cap. Bands: an asset is traded when
   * |tau - held| > max(min(band, bandRel |tau|), minTrade) (bandRel Infinity = none) or its
   * target is exactly 0 while it is held. Returns the row of the ruin bar
   * (equity at or below 0: return -1 there, the book flat after it), or -1 when solvent.
   * `feeRates`: N per-asset cost rates replacing `feeRate`, or 0. Drawdown stop: `stopEnd`
   * (T f64: the first row a stop triggered at row t may re-enter) or 0 = no stop;
   * `stopOut` (2 x T f64, zeroed by the caller): 1 at trigger rows, 2 at re-entry rows,
   * then the drawdown at each trigger row.
   */
  simulate(
    prices: number, weights: number, rebalance: number, cashRates: number, decayFactors: number,
    series: number, held: number, contribution: number, preTrade: number,
    T: number, N: number, lag: number,
    feeRate: number, fixedFee: number, initialCapital: number, band: number, borrowRate: number, leverage: number, maxGross: number,
    bandRel: number, minTrade: number,
    feeRates: number, stopEnd: number, stopDrawdown: number, stopOut: number,
  ): number;
  /**
   * First bad cell of a backtest's inputs as `cell * 8 + kind` (0 bad price, 1 NaN target,
   * 2 infinite target, 3 short not allowed, 4 target traded without a price), or -1.
   */
  checkSimulationInputs(prices: number, weights: number, rebalance: number, T: number, N: number, lag: number, allowShort: number, allowNaN: number): number;
  /** The price half of `checkSimulationInputs` over n prices: the first price <= 0 or +Infinity as `cell * 8`, or -1. */
  checkSimulationPrices(prices: number, n: number): number;
  /**
   * The target half of `checkSimulationInputs` (kinds 1-4; prices read only for the missing-price
   * rule), or -1. `gaps`: T bytes, nonzero where a row has a NaN price (rows without skip that
   * rule), or 0 (every row tested).
   */
  checkSimulationTargets(prices: number, weights: number, rebalance: number, gaps: number, T: number, N: number, lag: number, allowShort: number, allowNaN: number): number;
  /** pandas rolling(window, min_periods).mean() / .var(ddof) / .std(ddof) of every column (assembly/kernels/rolling.ts). */
  rollingMean(x: number, out: number, T: number, N: number, window: number, minPeriods: number): void;
  rollingVar(x: number, out: number, T: number, N: number, window: number, minPeriods: number, ddof: number): void;
  rollingStd(x: number, out: number, T: number, N: number, window: number, minPeriods: number, ddof: number): void;
  /** pandas x.rolling(window, min_periods).cov(y, ddof) / .corr(y), column j of x with column j of y. */
  rollingCov(x: number, y: number, out: number, T: number, N: number, window: number, minPeriods: number, ddof: number): void;
  rollingCorr(x: number, y: number, out: number, T: number, N: number, window: number, minPeriods: number): void;
  /** pandas df.rolling(window).cov(ddof) / .corr() pairwise: `out` holds T row-major N x N matrices. */
  rollingCovMatrix(x: number, out: number, T: number, N: number, window: number, minPeriods: number, ddof: number): void;
  rollingCorrMatrix(x: number, out: number, T: number, N: number, window: number, minPeriods: number): void;
  /**
   * The grid's simulation (assembly/kernels/simulateStats.ts): `simulate`'s returns and
   * turnover (`out`: 2 x T) for a band, leverage and a fee, zero cash rate, no borrow or
   * fixed fee, no cap or decay; bit-identical to `simulate` there, without its other outputs.
   * `feeRates` (N per-asset rates, or 0) and the drawdown stop (`stopEnd`, T f64, or 0) as in `simulate`.
   * Returns the ruin row, or -1 (as `simulate`).
   */
  simulateStats(
    prices: number, weights: number, rebalance: number, out: number, T: number, N: number, lag: number,
    feeRate: number, band: number, leverage: number, bandRel: number, minTrade: number,
    feeRates: number, stopEnd: number, stopDrawdown: number,
  ): number;
  /**
   * Dual momentum's absolute filter (assembly/kernels/topN.ts): out = r where column != def and
   * r - rf[t] > 0, else NaN; valid: T f64, the non-NaN r per row (def excluded). rf: T f64 or 0 (zero rate).
   */
  dualMomentumFilter(ret: number, rf: number, out: number, valid: number, T: number, N: number, def: number): void;
  /**
   * Equal-weight top-N book (assembly/kernels/topN.ts): 1 / topN on the topN best non-NaN x of
   * each row (ties to the leftmost column), 0 elsewhere; with def >= 0 the empty slots' share
   * goes to column def when valid[t] > 0 and its price is present.
   */
  topNWeights(x: number, valid: number, prices: number, out: number, T: number, N: number, topN: number, def: number): void;
  /**
   * The `depth` best non-NaN x of each row in order (larger first, ties to the leftmost column):
   * `order` T x depth f64 column indices, -1 past the row's valid values (assembly/kernels/topN.ts).
   */
  topNOrder(x: number, order: number, T: number, N: number, depth: number): void;
  /** `topNWeights`' book from the rows of `topNOrder` (topN <= depth), bit-identical to it. */
  topNFromOrder(order: number, valid: number, prices: number, out: number, T: number, N: number, depth: number, topN: number, def: number): void;
  /**
   * The 8 grid metrics of `len` returns (assembly/kernels/gridMetrics.ts) into `out`; turnover
   * 0 = none; scratch 3 len f64. -1, or the index of the first infinite return or return below -1.
   */
  gridMetrics(returns: number, turnover: number, len: number, ppy: number, scratch: number, out: number): number;
  /**
   * Time-series momentum's weights (assembly/kernels/tsmSigns.ts): s / n_t with s = +1 above the
   * threshold, `below` (0 or -1) under it, 0 at it or NaN; n_t the valid returns of row t.
   */
  tsmSigns(ret: number, out: number, T: number, N: number, threshold: number, below: number): void;
  /** Volatility targeting per asset (assembly/kernels/volScale.ts): w min(cap, target / (sigma annual)), 0 where w is 0 / NaN or the scale NaN. */
  volScale(w: number, sigma: number, out: number, n: number, target: number, cap: number, annual: number): void;
}

/** Memory management exported by the wasm module. */
export interface WasmRuntime {
  memory: WebAssembly.Memory;
  alloc(bytes: number): number;
  free(ptr: number): void;
  copyBytes(src: number, dst: number, bytes: number): void;
  fillF64(ptr: number, n: number, value: number): void;
  /** x^y in wasm (assembly/kernels/pow.ts): the same double in every JS engine; see src/engine/math.ts. */
  powF64(x: number, y: number): number;
  /** Points kernel scratch at a private region (threads build: a worker must not touch the TLSF heap; see assembly/scratch.ts). */
  setScratchRegion(ptr: number, bytes: number): void;
}

export type WasmExports = Kernels & WasmRuntime;

export type Backend = 'wasm' | 'js';
export const BACKENDS: readonly Backend[] = ['wasm', 'js'];
