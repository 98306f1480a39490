import { InputError } from '../errors.js';
import { Panel } from '../panel.js';
import { isoDate } from '../data/dates.js';
import { findGaps, inferCalendar, type Calendar, type Gaps } from '../data/calendar.js';

/** NaN accounting of one column. */
export interface ColumnNans {
  column: string;
  /** NaN cells in the column. */
  count: number;
  /** Rows before the first valid value (a late listing); `rows` when all NaN. */
  leading: number;
  /** NaN cells between the first and last valid values (holes inside the history). */
  inner: number;
  /** Rows after the last valid value (a delisting, or a feed that stopped). */
  trailing: number;
  /** First / last valid value: date (null without dates or without a valid value) and row. */
  firstValid: string | null;
  lastValid: string | null;
  firstValidRow: number | null;
  lastValidRow: number | null;
}

/** What `inspectPanel` reports: a plain JSON-ready object. */
export interface PanelInspection {
  rows: number;
  columns: number;
  columnNames: string[];
  /** First and last date (`YYYY-MM-DD`, or ISO time when not midnight); null without dates. */
  start: string | null;
  end: string | null;
  /** Dates strictly ascending (false: out of order or repeated; the calendar uses them sorted). */
  sorted: boolean;
  /** Rows whose date repeats an earlier row's. */
  duplicateDates: number;
  calendar: Calendar;
  /** Median spacing of dates in ms. */
  stepMs: number | null;
  /** Annualisation the calendar implies (365 / 252 / 52 / 12); null if unknown. */
  periodsPerYear: number | null;
  /** Dates missing relative to the calendar; null when the calendar is irregular or unknown. */
  gaps: Gaps | null;
  /** NaN cells over all columns. */
  nanCells: number;
  nans: ColumnNans[];
}

/**
 * Describes a panel for `xmom data inspect`: date range, the calendar inferred from
 * the spacing of the dates (`inferCalendar`: 7-day, business-day, weekly, monthly,
 * intraday or irregular), the dates missing relative to it (`findGaps`: counted, the
 * first 10 listed; business-day gaps include exchange holidays, as no holiday
 * calendar is assumed), and per column the NaN count split into leading (before
 * listing) and inner, with the first and last valid dates. A panel without dates gets
 * calendar `'none'` and row numbers only. Reads the panel, never changes it.
 * O(T N + T log T).
 */
export function inspectPanel(panel: Panel): PanelInspection {
  if (!(panel instanceof Panel)) throw new InputError('inspectPanel: panel must be a Panel');
  const T = panel.nRows;
  const N = panel.nCols;
  const raw = panel.index ? panel.dates() : null;
  let sorted = true;
  let duplicateDates = 0;
  let dates: Float64Array | null = null;
  if (raw) {
    for (let t = 1; t < T; t++) if (!(raw[t] > raw[t - 1])) sorted = false;
    const unique = Float64Array.from(new Set(raw)).sort();
    duplicateDates = T - unique.length;
    dates = unique;
  }
  const info = dates ? inferCalendar(dates) : { calendar: 'none' as const, stepMs: null, periodsPerYear: null };
  const gaps = dates ? findGaps(dates, info) : null;
  const label = (t: number | null): string | null => (t === null || !raw ? null : isoDate(raw[t]));

  const v = panel.values;
  const nans: ColumnNans[] = [];
  let nanCells = 0;
  for (let j = 0; j < N; j++) {
    let count = 0;
    let firstRow: number | null = null;
    let lastRow: number | null = null;
    for (let t = 0, k = j; t < T; t++, k += N) {
      if (Number.isNaN(v[k])) {
        count++;
      } else {
        if (firstRow === null) firstRow = t;
        lastRow = t;
      }
    }
    const leading = firstRow ?? T;
    const trailing = lastRow === null ? 0 : T - 1 - lastRow;
    nanCells += count;
    nans.push({
      column: panel.columns[j], count, leading, inner: count - leading - trailing, trailing,
      firstValid: label(firstRow), lastValid: label(lastRow), firstValidRow: firstRow, lastValidRow: lastRow,
    });
  }
  return {
    rows: T, columns: N, columnNames: [...panel.columns],
    start: dates && T ? isoDate(dates[0]) : null, end: dates && T ? isoDate(dates[dates.length - 1]) : null,
    sorted, duplicateDates, calendar: info.calendar, stepMs: info.stepMs, periodsPerYear: info.periodsPerYear,
    gaps, nanCells, nans,
  };
}
