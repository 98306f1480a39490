/**
 * Volatility-triggered rebalancing (seed 000, "Rebalancing Rules": weekly, optional daily
 * during high volatility): the rows where the market's realised volatility is above a
 * level, or above its own expanding quantile. Every flag of row t reads prices of rows
 * <= t only.
 */
import { InputError } from '../errors.js';
import type { Panel } from '../panel.js';
import { resolvePeriodsPerYear } from '../inputs/index.js';

/**
 * The trigger of a schedule's `whenVolAbove`. The volatility of row t is the sample
 * standard deviation (ddof 1, as pandas `rolling(window).std()`) of the equal-weight
 * portfolio's simple returns over rows t - window + 1 .. t, times sqrt(periodsPerYear).
 * The portfolio's return at row t is the mean of the assets' returns p_t / p_{t-1} - 1
 * over the assets whose two prices are finite; a row with no such asset is NaN, and a
 * window holding a NaN return has NaN volatility (never triggered).
 * Exactly one of:
 * - `level`: trigger when the volatility is > level (annualised, e.g. 0.8 = 80%);
 * - `quantile` (in (0, 1)): trigger when the volatility of row t is > the `quantile`
 *   of the finite volatilities of rows 0..t (expanding, row t included, linear
 *   interpolation as pandas `expanding().quantile(q)`).
 * `then` is what a triggered row does: `'daily'` (the only value: the row is traded).
 */
export interface VolTrigger {
  /** Bars of returns in the rolling volatility (integer >= 2). */
  window: number;
  level?: number;
  quantile?: number;
  then?: 'daily';
  /** Annualisation of the volatility (default: inferred from the dates, as `volTarget`). */
  periodsPerYear?: number;
}

/**
 * A threshold written as text (CLI `--daily-when-vol-above`, grid `volTrigger=`): `0.8q`
 * (or `q0.8`) is the expanding 0.8 quantile, a plain number `0.8` is a level of 80%
 * annualised volatility. Returns the `level` / `quantile` half of a VolTrigger.
 */
export function parseVolThreshold(what: string, text: string): { level: number } | { quantile: number } {
  const s = text.trim().toLowerCase();
  const q = /^(?:([0-9]*\.?[0-9]+)q|q([0-9]*\.?[0-9]+))$/.exec(s);
  if (q) {
    const quantile = Number(q[1] ?? q[2]);
    if (!(quantile > 0 && quantile < 1)) throw new InputError(`${what}: a quantile threshold must be in (0, 1), e.g. 0.8q; got '${text}'`);
    return { quantile };
  }
  const level = /^[0-9]*\.?[0-9]+(?:e[-+]?[0-9]+)?$/.test(s) ? Number(s) : NaN;
  if (!(level > 0)) throw new InputError(`${what}: must be a quantile such as 0.8q (the volatility above its own expanding 80th percentile) or an annualised level > 0 such as 0.8 (80%); got '${text}'`);
  return { level };
}

/** The trigger written back as text: `0.8q` or `0.8`. */
export function volThresholdText(t: Pick<VolTrigger, 'level' | 'quantile'>): string {
  return t.quantile !== undefined ? `${t.quantile}q` : String(t.level);
}

/** Checks a trigger's shape and that the prices have enough rows; throws naming the field. */
export function checkVolTrigger(fn: string, prices: Panel, v: unknown): asserts v is VolTrigger {
  const where = `${fn}: rebalance.whenVolAbove`;
  if (typeof v !== 'object' || v === null) throw new InputError(`${where} must be { window, level | quantile, then: 'daily' }, got ${JSON.stringify(v)}`);
  const o = v as Record<string, unknown>;
  const extra = Object.keys(o).filter((k) => !['window', 'level', 'quantile', 'then', 'periodsPerYear'].includes(k));
  if (extra.length) throw new InputError(`${where}: unknown key(s) ${extra.join(', ')}; allowed: window, level, quantile, then, periodsPerYear`);
  const w = o.window;
  if (typeof w !== 'number' || !Number.isInteger(w) || w < 2) throw new InputError(`${where}.window must be an integer >= 2 (bars of returns), got ${String(w)}`);
  if ((o.level === undefined) === (o.quantile === undefined)) throw new InputError(`${where}: give exactly one of level (annualised volatility, e.g. 0.8) or quantile (in (0, 1), e.g. 0.8)`);
  if (o.level !== undefined && !(typeof o.level === 'number' && o.level > 0 && Number.isFinite(o.level))) throw new InputError(`${where}.level must be a finite number > 0 (annualised volatility), got ${String(o.level)}`);
  if (o.quantile !== undefined && !(typeof o.quantile === 'number' && o.quantile > 0 && o.quantile < 1)) throw new InputError(`${where}.quantile must be in (0, 1), got ${String(o.quantile)}`);
  if (o.then !== undefined && o.then !== 'daily') throw new InputError(`${where}.then must be 'daily', got ${JSON.stringify(o.then)}`);
  const T = prices.nRows;
  if (w > T - 1) {
    throw new InputError(`${where}.window ${w} needs at least ${w + 1} rows of prices (${w} returns); the prices have ${T} rows${T > 0 && prices.index ? ` (${new Date(prices.dates()[0]).toISOString().slice(0, 10)} .. ${new Date(prices.dates()[T - 1]).toISOString().slice(0, 10)})` : ''}`);
  }
}

/**
 * The equal-weight portfolio's simple return per row: the mean of p_t / p_{t-1} - 1 over
 * the assets with both prices finite and p_{t-1} != 0 (a return from 0 is undefined);
 * row 0 and rows with no such asset are NaN. O(T N).
 */
export function equalWeightReturns(prices: Panel): Float64Array {
  const T = prices.nRows;
  const N = prices.nCols;
  const v = prices.values;
  const r = new Float64Array(T).fill(NaN);
  for (let t = 1; t < T; t++) {
    let s = 0;
    let n = 0;
    for (let j = 0; j < N; j++) {
      const a = v[(t - 1) * N + j];
      const b = v[t * N + j];
      if (Number.isFinite(a) && Number.isFinite(b) && a !== 0) {
        s += b / a - 1;
        n++;
      }
    }
    if (n > 0) r[t] = s / n;
  }
  return r;
}

/**
 * The annualised rolling volatility of the equal-weight portfolio (see VolTrigger):
 * pandas `r.rolling(window).std() * sqrt(periodsPerYear)` with min_periods = window
 * (a window holding a NaN return is NaN). Two passes per window (mean, then squared
 * deviations), O(T window).
 */
export function realisedVol(prices: Panel, window: number, periodsPerYear: number): Float64Array {
  const r = equalWeightReturns(prices);
  const T = r.length;
  const out = new Float64Array(T).fill(NaN);
  const ann = Math.sqrt(periodsPerYear);
  for (let t = window; t < T; t++) {
    let mean = 0;
    let ok = true;
    for (let k = t - window + 1; k <= t; k++) {
      if (Number.isNaN(r[k])) { ok = false; break; }
      mean += r[k];
    }
    if (!ok) continue;
    mean /= window;
    let ss = 0;
    for (let k = t - window + 1; k <= t; k++) ss += (r[k] - mean) ** 2;
    out[t] = Math.sqrt(ss / (window - 1)) * ann;
  }
  return out;
}

/**
 * The expanding `q` quantile of the finite values of `x[0..t]` per row t (NaN before the
 * first finite value), linear interpolation (pandas). O(T^2) worst case (sorted insertion).
 */
export function expandingQuantile(x: Float64Array, q: number): Float64Array {
  const out = new Float64Array(x.length).fill(NaN);
  const sorted = new Float64Array(x.length);
  let n = 0;
  for (let t = 0; t < x.length; t++) {
    const v = x[t];
    if (!Number.isNaN(v)) {
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (sorted[mid] <= v) lo = mid + 1;
        else hi = mid;
      }
      sorted.copyWithin(lo + 1, lo, n);
      sorted[lo] = v;
      n++;
    }
    if (n === 0) continue;
    const pos = q * (n - 1);
    const i = Math.floor(pos);
    const frac = pos - i;
    out[t] = i + 1 < n ? sorted[i] + (sorted[i + 1] - sorted[i]) * frac : sorted[i];
  }
  return out;
}

/** One byte per row: 1 where the trigger fires (see VolTrigger). Checks the trigger first. */
export function volTriggerRows(fn: string, prices: Panel, trigger: VolTrigger): Uint8Array {
  checkVolTrigger(fn, prices, trigger);
  const ppy = resolvePeriodsPerYear(`${fn}: rebalance.whenVolAbove`, trigger.periodsPerYear, prices.dates(), 'error');
  const vol = realisedVol(prices, trigger.window, ppy);
  const T = vol.length;
  const flags = new Uint8Array(T);
  if (trigger.level !== undefined) {
    for (let t = 0; t < T; t++) flags[t] = vol[t] > trigger.level ? 1 : 0;
  } else {
    const qs = expandingQuantile(vol, trigger.quantile as number);
    for (let t = 0; t < T; t++) flags[t] = vol[t] > qs[t] ? 1 : 0;
  }
  return flags;
}
