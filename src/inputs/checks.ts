/**
 * Input checks shared by strategies, weighting, the backtester, the grid and the
 * kernels. Each throws an InputError that names the function, the argument and the
 * first offending row / column, and says what is allowed.
 */
import { InputError } from '../errors.js';
import { Panel } from '../panel.js';
import { isoDate } from '../data/dates.js';

const iso = (ms: number): string => (Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : String(ms));

/** ISO date (YYYY-MM-DD) of row `t`, or `row N` when the panel has no dates. */
export function rowLabel(panel: Panel, t: number): string {
  if (!panel.index) return `row ${t}`;
  const ms = Number(panel.index.get(t));
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : `row ${t}`;
}

/**
 * Prices must be strictly positive where present (NaN = not listed / missing is fine).
 * Throws naming the first offending column and date. O(T N).
 */
export function checkPrices(fn: string, prices: Panel): void {
  const v = prices.values;
  const N = prices.nCols;
  for (let k = 0; k < v.length; k++) {
    const x = v[k];
    if (x <= 0 || x === Infinity) {
      const t = Math.floor(k / N);
      throw new InputError(`${fn}: price ${x} in column '${prices.columns[k % N]}' at ${rowLabel(prices, t)}; prices must be positive (NaN marks a missing price)`);
    }
  }
}

/**
 * The one lookback rule: a window of `lookback` bars (with its skip or warm-up, as
 * `name` describes) must be shorter than the history, otherwise no row would have a
 * value. `name` is what the message calls it (`lookback + skip`, `window`, ...).
 */
export function checkLookback(fn: string, name: string, lookback: number, nRows: number): void {
  if (lookback >= nRows) {
    throw new InputError(`${fn}: ${name} ${lookback} is not shorter than the history (${nRows} rows); no date would have a signal`);
  }
}

/** Dates must increase strictly (schedules, date lists and alignment rely on it). O(T). */
export function checkIncreasingDates(fn: string, arg: string, d: Float64Array): void {
  for (let t = 1; t < d.length; t++) {
    if (!(d[t] > d[t - 1])) {
      throw new InputError(`${fn}: ${arg} dates must increase strictly; row ${t} (${iso(d[t])}) does not come after row ${t - 1} (${iso(d[t - 1])})`);
    }
  }
}

/** Options of `checkAligned`. */
export interface AlignedOptions {
  /**
   * The backtester's weights, which `align: true` can reindex: the columns are compared
   * as sets first (naming the missing and extra ones) and every message ends with
   * "(pass align: true to reindex ...)". Otherwise the shapes are compared first.
   */
  alignHint?: boolean;
}

/** Row of the first date that differs (NaN equals NaN), or -1. */
function firstDateDiff(a: Float64Array, b: Float64Array): number {
  for (let t = 0; t < a.length; t++) if (a[t] !== b[t] && !(a[t] !== a[t] && b[t] !== b[t])) return t;
  return -1;
}

/**
 * A panel `x` (weights, a selection, a universe mask, carry) must line up with the
 * prices: the same column names in the same order, the same number of rows, and the
 * same dates when both carry dates (a panel without dates matches by position). Throws
 * an InputError naming `name` and the first difference: the shapes or the column at a
 * position (default), or the missing / extra columns and the row counts (`alignHint`);
 * then the first differing date. O(T + N).
 */
export function checkAligned(fn: string, name: string, x: Panel, prices: Panel, options: AlignedOptions = {}): void {
  if (!(x instanceof Panel)) throw new InputError(`${fn}: ${name} must be a Panel`);
  const pc = prices.columns;
  const xc = x.columns;
  const j = pc.length === xc.length ? pc.findIndex((c, k) => c !== xc[k]) : 0;
  const dateRow = () => (x.index && prices.index && x.nRows === prices.nRows ? firstDateDiff(x.dates(), prices.dates()) : -1);
  if (options.alignHint) {
    if (pc.length !== xc.length || j >= 0) {
      const missing = pc.filter((c) => !xc.includes(c));
      const extra = xc.filter((c) => !pc.includes(c));
      const parts: string[] = [];
      if (missing.length) parts.push(`missing ${missing.map((c) => `'${c}'`).join(', ')}`);
      if (extra.length) parts.push(`extra ${extra.map((c) => `'${c}'`).join(', ')}`);
      if (!parts.length) parts.push(`same names in another order (position ${j}: ${name} '${xc[j]}', prices '${pc[j]}')`);
      throw new InputError(`${fn}: ${name} columns do not match the prices' columns: ${parts.join('; ')} (pass align: true to reindex)`);
    }
    if (x.nRows !== prices.nRows) throw new InputError(`${fn}: ${name} have ${x.nRows} rows, prices ${prices.nRows} (pass align: true to reindex by date)`);
    const t = dateRow();
    if (t >= 0) throw new InputError(`${fn}: ${name} and prices dates differ first at row ${t}: ${name} ${iso(x.dates()[t])}, prices ${iso(prices.dates()[t])} (pass align: true to reindex by date)`);
    return;
  }
  if (x.nRows !== prices.nRows || x.nCols !== prices.nCols) {
    throw new InputError(`${fn}: ${name} is ${x.nRows} x ${x.nCols} but prices are ${prices.nRows} x ${prices.nCols}; they must have the same dates and assets`);
  }
  if (j >= 0) throw new InputError(`${fn}: ${name} column ${j} is '${xc[j]}' but the prices' is '${pc[j]}'; columns must match in order`);
  const t = dateRow();
  if (t >= 0) throw new InputError(`${fn}: ${name} row ${t} is dated ${isoDate(x.dates()[t])} but the prices' row is ${isoDate(prices.dates()[t])}; dates must match`);
}
