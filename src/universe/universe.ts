import { InputError } from '../errors.js';
import { Panel } from '../panel.js';
import { rollingMean } from '../kernels/rolling.js';
import { checkEnum, checkInt, checkOptions } from '../validate.js';
import { rowLabel } from '../inputs/index.js';
import { checkAligned, withPrices, type PriceInput } from '../inputs/index.js';

/** What `universe` ranks assets by. */
export type UniverseBy = 'dollarVolume' | 'marketCap' | 'history';
export const UNIVERSE_BY: readonly UniverseBy[] = ['dollarVolume', 'marketCap', 'history'];

export interface UniverseOptions {
  /**
   * The measure: `'dollarVolume'` (rolling mean of close * volume over `window` rows),
   * `'marketCap'` (the market cap of the row, as given) or `'history'` (the number of
   * valid prices so far).
   */
  by: UniverseBy;
  /** Keep only the `top` largest by the measure on each row (default: every asset that qualifies). Integer in [1, assets]. */
  top?: number;
  /** An asset needs at least this many valid prices in rows <= t (default 1: a price on the row). */
  minHistory?: number;
  /** `by: 'dollarVolume'` only: rows in the rolling mean (default 30), at most the rows of the data. */
  window?: number;
  /** Traded volume in units of the asset (same dates and columns as the prices); `'dollarVolume'` needs it or `dollarVolume`. */
  volume?: Panel | null;
  /** Traded value per row (close * volume, or an exchange's turnover), instead of `volume`; same dates and columns. */
  dollarVolume?: Panel | null;
  /** Market capitalisation (same dates and columns as the prices); needed by `'marketCap'`. */
  marketCap?: Panel | null;
}

/** Defaults of `universe` (one place). */
export const UNIVERSE_DEFAULTS = { minHistory: 1, window: 30 } as const;

const UNIVERSE_OPTIONS = ['by', 'top', 'minHistory', 'window', 'volume', 'dollarVolume', 'marketCap'] as const;

/**
 * Point-in-time universe selection (seed 000, notebook 01 "select cryptocurrencies"):
 * a 0/1 eligibility Panel with the prices' dates and columns, to pass to a strategy
 * as `eligible`. Row t is decided from rows <= t only, so it never knows of a listing,
 * a volume spike or a delisting before it happens.
 *
 * Asset j is eligible on row t when all of:
 * 1. its price on row t is valid (not NaN): no position without a price;
 * 2. h_t = (number of valid prices in rows 0..t) >= minHistory (late listings wait);
 * 3. its measure m_t is valid, where m_t is
 *    - `'dollarVolume'`: pandas `(close * volume).rolling(window).mean()` (the
 *      `rollingMean` kernel, min_periods = window: NaN until `window` rows of the
 *      product are valid and while a NaN close or volume is in the window); with the
 *      `dollarVolume` panel instead of `volume`, `dollarVolume.rolling(window).mean()`;
 *    - `'marketCap'`: marketCap on row t (NaN = unknown: ineligible);
 *    - `'history'`: h_t itself;
 * 4. with `top`: it is among the `top` largest m_t of the assets passing 1-3. Ties at
 *    the cut-off go to the leftmost column (the 'first' rule of `csm` and
 *    `dualMomentum`), so exactly min(top, qualifying) assets are eligible per row.
 *
 * Errors (before any work): unknown options; `by` not one of the three; top not an
 * integer in [1, assets]; minHistory not an integer in [1, rows]; window not an integer
 * in [1, rows] or given with another `by`; the panel `by` needs (volume / marketCap)
 * missing, not lined up with the prices (naming the row or column), or holding a
 * negative or infinite value (naming column and date); non-positive prices.
 * Complexity O(T N log N) (a sort per row with `top`), O(T N) without.
 */
export function universe(prices: PriceInput, options: UniverseOptions): Panel {
  const fn = 'universe';
  if (options === null || typeof options !== 'object') throw new InputError(`${fn}: options must be an object with by ('dollarVolume', 'marketCap' or 'history')`);
  checkOptions(fn, options, UNIVERSE_OPTIONS);
  const by = checkEnum(fn, 'by', options.by, UNIVERSE_BY);
  const minHistory = checkInt(fn, 'minHistory', options.minHistory ?? UNIVERSE_DEFAULTS.minHistory, 1);
  if (options.window !== undefined && by !== 'dollarVolume') throw new InputError(`${fn}: window applies to by 'dollarVolume' only, got by '${by}'`);
  return withPrices(fn, prices, (p) => {
    const T = p.nRows;
    const N = p.nCols;
    const top = options.top === undefined ? N : checkInt(fn, 'top', options.top, 1);
    if (top > N) throw new InputError(`${fn}: top ${top} exceeds the universe of ${N} assets`);
    if (minHistory > T) throw new InputError(`${fn}: minHistory ${minHistory} exceeds the ${T} rows of the prices; no asset could ever be eligible`);
    if (by !== 'history') requirePanel(fn, by, options);
    let window = 0;
    if (by === 'dollarVolume') {
      window = checkInt(fn, 'window', options.window ?? UNIVERSE_DEFAULTS.window, 1);
      if (window > T) throw new InputError(`${fn}: window ${window} is longer than the data (${T} rows); no row would have a dollar volume`);
    }
    const measure = by === 'history' ? null : measurePanel(fn, p, by, window, options);
    const m = measure === null ? null : Float64Array.from(measure.values);
    measure?.free();
    const price = Float64Array.from(p.values);
    const out = p.like();
    const e = out.values;
    const count = new Float64Array(N);
    const key = new Float64Array(N);
    const cand: number[] = [];
    for (let t = 0, row = 0; t < T; t++, row += N) {
      cand.length = 0;
      for (let j = 0; j < N; j++) {
        const valid = price[row + j] === price[row + j];
        if (valid) count[j]++;
        e[row + j] = 0;
        const mj = m === null ? count[j] : m[row + j];
        if (valid && count[j] >= minHistory && mj === mj) {
          key[j] = mj;
          cand.push(j);
        }
      }
      if (cand.length > top) cand.sort((a, b) => key[b] - key[a] || a - b);
      const k = Math.min(top, cand.length);
      for (let i = 0; i < k; i++) e[row + cand[i]] = 1;
    }
    return out;
  });
}

/** m_t for 'dollarVolume' (rolling mean of close * volume, or of the dollarVolume given) or 'marketCap' (as given). The caller frees it. */
function measurePanel(fn: string, p: Panel, by: 'dollarVolume' | 'marketCap', window: number, o: UniverseOptions): Panel {
  const given = requirePanel(fn, by, o);
  const name = by === 'marketCap' ? 'marketCap' : given === o.volume ? 'volume' : 'dollarVolume';
  checkAligned(fn, name, given, p);
  const x = Float64Array.from(given.values);
  const N = p.nCols;
  for (let k = 0; k < x.length; k++) {
    if (x[k] < 0 || x[k] === Infinity) {
      throw new InputError(`${fn}: ${name} ${x[k]} in column '${p.columns[k % N]}' at ${rowLabel(p, Math.floor(k / N))}; ${name} must be >= 0 and finite (NaN marks a missing value)`);
    }
  }
  const m = p.like();
  const d = m.values;
  if (name === 'volume') {
    const c = p.values;
    for (let k = 0; k < x.length; k++) d[k] = c[k] * x[k];
  } else {
    d.set(x);
  }
  if (by === 'marketCap') return m;
  try {
    return rollingMean(m, window);
  } finally {
    m.free();
  }
}

/** The panel `by` reads (volume or dollarVolume, or marketCap); an error naming the option and the long column when absent. */
function requirePanel(fn: string, by: 'dollarVolume' | 'marketCap', o: UniverseOptions): Panel {
  if (by === 'marketCap') {
    if (o.marketCap != null) return o.marketCap;
    throw new InputError(`${fn}: by 'marketCap' needs the marketCap option, a Panel of market caps with the prices' dates and columns (a long file's 'market_cap' column: readUniverseFile)`);
  }
  if (o.volume != null && o.dollarVolume != null) throw new InputError(`${fn}: give volume or dollarVolume, not both`);
  const given = o.volume ?? o.dollarVolume;
  if (given != null) return given;
  throw new InputError(`${fn}: by 'dollarVolume' needs the volume option (or dollarVolume), a Panel with the prices' dates and columns (a long file's 'volume' or 'dollar_volume' column: readUniverseFile)`);
}
