/**
 * Input checks shared by strategies, weighting, the backtester, the grid and the
 * kernels. Each throws an InputError that names the function, the argument and the
 * first offending row / column, and says what is allowed.
 */
import { InputError } from '../errors.js';
import { Panel } from '../panel.js';

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
  /** Add "(pass align: true to reindex ...)" to the messages (the backtester's weights, which may be realigned). */
  alignHint?: boolean;
}

/**
 * A panel `x` (weights, a selection, a universe mask, carry) must line up with the
 * prices: the same column names in the same order, the same number of rows, and the
 * same dates when both carry dates (a panel without dates matches by position). Throws
 * naming the missing / extra columns, the row counts or the first differing date. O(T + N).
 */
export function checkAligned(fn: string, name: string, x: Panel, prices: Panel, options: AlignedOptions = {}): void {
  if (!(x instanceof Panel)) throw new InputError(`${fn}: ${name} must be a Panel`);
  const hint = (what: string) => (options.alignHint ? ` (pass align: true to reindex${what})` : '');
  const pc = prices.columns;
  const xc = x.columns;
  if (pc.length !== xc.length || pc.some((c, j) => c !== xc[j])) {
    const missing = pc.filter((c) => !xc.includes(c));
    const extra = xc.filter((c) => !pc.includes(c));
    const parts: string[] = [];
    if (missing.length) parts.push(`missing ${missing.map((c) => `'${c}'`).join(', ')}`);
    if (extra.length) parts.push(`extra ${extra.map((c) => `'${c}'`).join(', ')}`);
    if (!parts.length) {
      const j = pc.findIndex((c, i) => c !== xc[i]);
      parts.push(`same names in another order (position ${j}: ${name} '${xc[j]}', prices '${pc[j]}')`);
    }
    throw new InputError(`${fn}: ${name} columns do not match the prices' columns: ${parts.join('; ')}${hint('')}`);
  }
  if (x.nRows !== prices.nRows) {
    throw new InputError(`${fn}: ${name} have ${x.nRows} rows, prices ${prices.nRows}${hint(' by date')}`);
  }
  if (prices.index && x.index) {
    const pd = prices.dates();
    const xd = x.dates();
    for (let t = 0; t < pd.length; t++) {
      if (pd[t] !== xd[t] && !(pd[t] !== pd[t] && xd[t] !== xd[t])) {
        throw new InputError(`${fn}: ${name} and prices dates differ first at row ${t}: ${name} ${iso(xd[t])}, prices ${iso(pd[t])}${hint(' by date')}`);
      }
    }
  }
}
