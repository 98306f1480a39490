import { InputError } from '../errors.js';
import { Panel } from '../panel.js';
import { checkEnum, checkInt, checkOptions } from '../validate.js';
import { datedRows } from './resample.js';

export interface AlignOptions {
  /** `'outer'` (default): the union of the calendars; `'inner'`: their intersection. */
  how?: 'inner' | 'outer';
  /**
   * Outer join only: a date a panel does not have takes that panel's row of its latest
   * own date before it, if at most `ffillLimit` calendar dates separate them (pandas
   * `reindex(method='ffill', limit=k)`). Default 0: added dates are NaN.
   */
  ffillLimit?: number;
}

export const ALIGN_DEFAULTS = { how: 'outer', ffillLimit: 0 } as const;
const ALIGN_OPTIONS = ['how', 'ffillLimit'] as const;

/**
 * Puts several dated panels on one calendar: pandas `a.align(b, join='inner'|'outer',
 * axis=0)` for any number of panels, with the outer join's forward fill of
 * `reindex(method='ffill', limit=ffillLimit)`.
 *
 * Returns one new panel per input, in the same order, each with its own columns and
 * the common dates. Inner: the dates every panel has, rows copied as they are.
 * Outer: the union of the dates; a date a panel lacks is filled from that panel's
 * last own date before it when it is within `ffillLimit` added dates of it (never
 * further: the (k+1)-th consecutive added date is NaN), and NaN before the panel's
 * first date. Existing NaNs are never filled (they are data, not gaps in the
 * calendar). A fill uses an earlier date only: no look-ahead. Dates must be ascending
 * and unique in each panel. O(sum of T log T + T_out N).
 */
export function align(panels: readonly Panel[], options: AlignOptions = {}): Panel[] {
  const fn = 'align';
  checkOptions(fn, options, ALIGN_OPTIONS);
  if (!Array.isArray(panels) || panels.length === 0) throw new InputError(`${fn}: panels must be a non-empty array of Panels`);
  panels.forEach((p, i) => {
    if (!(p instanceof Panel)) throw new InputError(`${fn}: panels[${i}] is not a Panel`);
  });
  const how = checkEnum(fn, 'how', options.how ?? ALIGN_DEFAULTS.how, ['inner', 'outer'] as const);
  if (how === 'inner' && options.ffillLimit !== undefined) throw new InputError(`${fn}: ffillLimit applies only with how 'outer'`);
  const limit = checkInt(fn, 'ffillLimit', options.ffillLimit ?? ALIGN_DEFAULTS.ffillLimit, 0);
  const own = panels.map((p, i) => datedRows(`${fn}: panels[${i}]`, p));
  const calendar = how === 'inner' ? intersect(own) : union(own);
  return panels.map((p, i) => reindex(p, own[i], calendar, limit));
}

function union(all: Float64Array[]): number[] {
  const s = new Set<number>();
  for (const d of all) for (const x of d) s.add(x);
  return [...s].sort((a, b) => a - b);
}

function intersect(all: Float64Array[]): number[] {
  let keep = Array.from(all[0]);
  for (const d of all.slice(1)) {
    const s = new Set(d);
    keep = keep.filter((x) => s.has(x));
  }
  return keep;
}

/** Rows of `p` on `calendar` (a superset or subset of `own`), forward-filled up to `limit`. */
function reindex(p: Panel, own: Float64Array, calendar: number[], limit: number): Panel {
  const N = p.nCols;
  const out = new Panel(calendar.length, N, { columns: p.columns, index: calendar, indexName: p.indexName });
  const src = p.values;
  const dst = out.values;
  let r = -1; // latest own row with date <= calendar[t]
  let gap = 0; // added dates since row r
  for (let t = 0; t < calendar.length; t++) {
    while (r + 1 < own.length && own[r + 1] <= calendar[t]) r++;
    const exact = r >= 0 && own[r] === calendar[t];
    gap = exact ? 0 : gap + 1;
    if (exact || (r >= 0 && gap <= limit)) {
      for (let j = 0; j < N; j++) dst[t * N + j] = src[r * N + j];
    } else {
      dst.fill(NaN, t * N, (t + 1) * N);
    }
  }
  return out;
}
