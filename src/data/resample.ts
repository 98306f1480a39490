import { InputError } from '../errors.js';
import { Panel } from '../panel.js';
import { checkEnum, checkOptions } from '../validate.js';
import { PERIODS, periodKey, type Period } from './periods.js';
import { isoDate } from './dates.js';

export interface ResampleOptions {
  /** Aggregation: `'last'` (the only one so far), pandas `.last()`. */
  how?: 'last';
}

export const RESAMPLE_DEFAULTS = { how: 'last' } as const;
const RESAMPLE_OPTIONS = ['how'] as const;

/**
 * Downsamples a dated panel to weeks or months: pandas
 * `df.resample('W' | 'M').last()` (weeks Monday..Sunday, calendar months, UTC), i.e.
 * for each column the last non-NaN value inside the period; NaN if it has none.
 *
 * Two deliberate differences from pandas, both so that no row is invented:
 * - rows are labelled with the LAST DATE OF THE PANEL inside the period (the last
 *   trading date: 2024-05-31 for May 2024, the Friday for an equity week), not the
 *   calendar end (pandas labels Sunday / the 31st, which may not be a trading day);
 * - only periods holding at least one row appear (pandas adds all-NaN rows for empty
 *   periods between the first and the last).
 * The decision at a period's label uses data up to that date only (no look-ahead).
 * Dates must be ascending and unique (InputError otherwise). O(T N).
 */
export function resample(panel: Panel, period: Period, options: ResampleOptions = {}): Panel {
  const fn = 'resample';
  if (!(panel instanceof Panel)) throw new InputError(`${fn}: panel must be a Panel`);
  checkEnum(fn, 'period', period, PERIODS);
  checkOptions(fn, options, RESAMPLE_OPTIONS);
  checkEnum(fn, 'how', options.how ?? RESAMPLE_DEFAULTS.how, ['last'] as const);
  const dates = datedRows(fn, panel);
  const T = panel.nRows;
  const N = panel.nCols;
  // ends[p] = last row of period p.
  const ends: number[] = [];
  for (let t = 0; t < T; t++) {
    if (t === T - 1 || periodKey(dates[t + 1], period) !== periodKey(dates[t], period)) ends.push(t);
  }
  const out = new Panel(ends.length, N, { columns: panel.columns, index: ends.map((t) => dates[t]), indexName: panel.indexName });
  const src = panel.values;
  const dst = out.values;
  let start = 0;
  ends.forEach((end, p) => {
    for (let j = 0; j < N; j++) {
      let x = NaN;
      for (let t = end; t >= start; t--) {
        const y = src[t * N + j];
        if (!Number.isNaN(y)) {
          x = y;
          break;
        }
      }
      dst[p * N + j] = x;
    }
    start = end + 1;
  });
  return out;
}

/** The panel's dates; InputError unless present, ascending and unique. */
export function datedRows(fn: string, panel: Panel): Float64Array {
  if (!panel.index) throw new InputError(`${fn}: the panel has no dates (index); build it with dates, e.g. readCsv or Panel.fromArrow with a date column`);
  const d = panel.dates();
  for (let t = 1; t < d.length; t++) {
    if (!(d[t] > d[t - 1])) throw new InputError(`${fn}: dates must be ascending and unique; row ${t} (${isoDate(d[t])}) follows ${isoDate(d[t - 1])}`);
  }
  for (let t = 0; t < d.length; t++) if (!Number.isFinite(d[t])) throw new InputError(`${fn}: row ${t} has no valid date`);
  return d;
}
