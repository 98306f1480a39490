import type { Table } from 'apache-arrow';
import { InputError } from '../errors.js';
import type { Panel } from '../panel.js';
import type { BackendOption } from '../kernels/dispatch.js';
import { resolveParams, type ParamSchema } from '../schema/param.js';
import { backendOption, checkedByStrategy } from '../schema/shared.js';
import { lookbackReturns } from './lookbackReturns.js';
import { monthlyPanels, type StockRow } from './monthlyRows.js';

export interface DoubleSortOptions extends BackendOption {
  /** Months back of the older close (default 12). */
  lookback?: number;
  /** Months back of the newer close (default 1: 12-1 momentum skips the last month). */
  skip?: number;
  /** Number of performance quantiles (default 5: quintiles). */
  quantiles?: number;
  /**
   * Keep only the topK stocks by dollar volume each month before ranking (the seed
   * uses 1000). Default: no filter. Needs a dollar_volume column.
   */
  topK?: number;
  /**
   * Keep only stocks listed on these exchanges (the `exchange` of the row giving the
   * month's close), e.g. ['NYSE', 'AMEX', 'NASDAQ'] as CRSP exchange codes 1-3 are
   * usually filtered. Default: no filter. Needs an exchange column.
   */
  exchanges?: readonly string[];
}

/** Defaults of `doubleSort` (one place). `topK` is off by default; the seed's value is `DOUBLE_SORT_SEED_TOP_K`. */
export const DOUBLE_SORT_DEFAULTS = { lookback: 12, skip: 1, quantiles: 5 } as const;
/** The seed's universe: the 1000 largest stocks by dollar volume. */
export const DOUBLE_SORT_SEED_TOP_K = 1000;

/**
 * The options of `doubleSort`: what it validates, and what the CLI offers (months, not
 * bars: it works on month-end rows). exchanges is checked by the strategy (a list of
 * names; the command line gives them comma separated).
 */
export const DOUBLE_SORT_PARAMS: readonly ParamSchema[] = Object.freeze([
  { name: 'lookback', type: 'period', min: 2, default: DOUBLE_SORT_DEFAULTS.lookback, description: 'months back of the older close' },
  { name: 'skip', type: 'period', min: 0, default: DOUBLE_SORT_DEFAULTS.skip, description: 'months back of the newer close' },
  { name: 'quantiles', type: 'integer', min: 1, default: DOUBLE_SORT_DEFAULTS.quantiles, description: 'performance quantiles' },
  { name: 'topK', type: 'integer', min: 1, description: 'universe: the topK by dollar volume (default all)' },
  { name: 'exchanges', type: 'string', description: 'comma-separated exchanges to keep (needs an exchange column), e.g. NYSE,NASDAQ', check: checkedByStrategy },
  backendOption,
]);

/**
 * Time-series x cross-sectional double sort (D'Souza, Srichanachaichok, Wang & Yao;
 * seed 002), monthly, zero investment.
 *
 * Input: long rows (date, symbol, close, market_cap, optional dollar_volume), daily or
 * monthly, as an Arrow Table or an array of objects. They are resampled to month-end
 * closes (see `monthlyPanels`: the last present close of each calendar month, with the
 * market cap and dollar volume of that same row; months labelled with their last date).
 *
 * At each month end m, with performance P = close[m - skip] / close[m - lookback] - 1
 * (12-1 momentum; pandas `close.shift(skip).pct_change(lookback - skip)`):
 * 1. candidates: stocks with a close at m and a market cap > 0 (the seed's
 *    `MarketCap != 0`); with `exchanges`, only those whose exchange at m (from the
 *    row of the close) is listed (an unknown exchange is not); with `topK`, only the
 *    topK of them by dollar volume at m (after the exchange filter)
 *    (stocks without a dollar volume are not candidates; ties by symbol order);
 * 2. universe: candidates with all lookback + 1 monthly closes m - lookback .. m
 *    present (13 by default: the minimum-history filter; fewer, not ranked);
 * 3. with n in the universe and q = floor(n / quantiles): sort by P descending (ties
 *    by symbol order), top = the first q, bottom = the last q (the seed's quintiles);
 *    fewer than `quantiles` stocks (q = 0): no position that month;
 * 4. long = top with P > 0 (winners), short = bottom with P < 0 (losers);
 * 5. weights: market_cap / (sum over the leg) on the long leg (sums to +1), minus the
 *    same on the short leg (sums to -1). A leg left empty holds nothing (the other
 *    leg still trades, as in the seed).
 * Output: a weights Panel, one row per month end (the month-end calendar of the
 * input), one column per symbol (sorted); 0 for every stock not held. Months whose
 * universe is empty (the first `lookback` months, or fewer than `quantiles` ranked
 * stocks) are all zeros: all cash. Weights are never NaN.
 *
 * No look-ahead: the weights of month m use rows dated up to m's last date only; the
 * backtester trades them from the next bar (the seed rebalances at the next month's
 * first open). Errors: unknown options, lookback <= skip, a history of fewer than
 * lookback + 1 months, topK without dollar volumes, exchanges without an exchange
 * column or not a non-empty list of strings, bad rows (see `monthlyPanels`).
 * Delisting returns do not change the weights: backtest on `doubleSortPrices(rows)`
 * (the month-end closes with delistings priced in, -30% by default).
 * Complexity O(R log R) for the reshaping + O(M S log S) for the sorts.
 */
export function doubleSort(rows: Table | readonly StockRow[], options: DoubleSortOptions = {}): Panel {
  const fn = 'doubleSort';
  const o = resolveParams<DoubleSortOptions & Required<Pick<DoubleSortOptions, 'lookback' | 'skip' | 'quantiles'>>>(DOUBLE_SORT_PARAMS, options, fn);
  const { lookback, skip, quantiles } = o;
  if (skip >= lookback) throw new InputError(`${fn}: skip (${skip}) must be smaller than lookback (${lookback})`);
  const topK = o.topK ?? null;
  const exchanges = o.exchanges === undefined ? null : checkExchanges(fn, o.exchanges);
  const { close, marketCap, dollarVolume, exchange } = monthlyPanels(fn, rows);
  let perf: Panel | null = null;
  try {
    if (topK !== null && !dollarVolume) throw new InputError(`${fn}: topK ranks by dollar volume, but the rows have no dollar_volume`);
    if (exchanges && !exchange) throw new InputError(`${fn}: exchanges filters on the exchange column, but the rows have no exchange`);
    if (close.nRows <= lookback) {
      throw new InputError(`${fn}: the rows span ${close.nRows} months; performance over lookback ${lookback} needs at least ${lookback + 1} monthly closes`);
    }
    perf = lookbackReturns(fn, close, lookback - skip, skip, o.backend);
    const out = close.like();
    out.values.fill(0);
    const M = close.nRows;
    const S = close.nCols;
    const history = fullHistory(close, lookback);
    const c = close.values;
    const cap = marketCap.values;
    const dv = dollarVolume?.values ?? null;
    const p = perf.values;
    const w = out.values;
    for (let m = lookback; m < M; m++) {
      const row = m * S;
      let cands: number[] = [];
      for (let j = 0; j < S; j++) if (c[row + j] > 0 && cap[row + j] > 0) cands.push(j);
      if (exchanges && exchange) cands = cands.filter((j) => exchanges.has(exchange[row + j] ?? ''));
      if (topK !== null && dv) {
        cands = cands.filter((j) => dv[row + j] >= 0);
        if (cands.length > topK) cands = cands.sort((a, b) => dv[row + b] - dv[row + a] || a - b).slice(0, topK).sort((a, b) => a - b);
      }
      const ranked = cands.filter((j) => history[row + j] === 1 && p[row + j] === p[row + j]);
      const q = Math.floor(ranked.length / quantiles);
      if (q === 0) continue;
      ranked.sort((a, b) => p[row + b] - p[row + a] || a - b);
      const long = ranked.slice(0, q).filter((j) => p[row + j] > 0);
      const short = ranked.slice(ranked.length - q).filter((j) => p[row + j] < 0);
      for (const [leg, sign] of [[long, 1], [short, -1]] as const) {
        let sum = 0;
        for (const j of leg) sum += cap[row + j];
        for (const j of leg) w[row + j] = (sign * cap[row + j]) / sum;
      }
    }
    return out;
  } finally {
    perf?.free();
    close.free();
    marketCap.free();
    dollarVolume?.free();
  }
}

/** 1 where all closes of rows m - lookback .. m are present (a sliding count), else 0. */
function fullHistory(close: Panel, lookback: number): Uint8Array {
  const M = close.nRows;
  const S = close.nCols;
  const c = close.values;
  const out = new Uint8Array(M * S);
  const count = new Int32Array(S);
  for (let m = 0; m < M; m++) {
    for (let j = 0; j < S; j++) {
      if (c[m * S + j] === c[m * S + j]) count[j]++;
      if (m > lookback && c[(m - lookback - 1) * S + j] === c[(m - lookback - 1) * S + j]) count[j]--;
      out[m * S + j] = count[j] === lookback + 1 ? 1 : 0;
    }
  }
  return out;
}

function checkExchanges(fn: string, x: unknown): Set<string> {
  if (!Array.isArray(x) || x.length === 0 || x.some((e) => typeof e !== 'string' || e === '')) {
    throw new InputError(`${fn}: exchanges must be a non-empty array of exchange names, e.g. ['NYSE', 'NASDAQ'], got ${JSON.stringify(x)}`);
  }
  return new Set(x as string[]);
}
