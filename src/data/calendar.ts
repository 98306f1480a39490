/**
 * Calendars of dated rows: which calendar a series of dates follows (`inferCalendar`),
 * its gaps (`findGaps`), weekdays, and the date sequences the synthetic markets are
 * generated on (`dailyCalendar`, `monthEndWeekdays`). Pure functions of epoch-ms dates.
 */
import { InputError } from '../errors.js';
import { isoDate, parseDate } from './dates.js';
import { periodKey } from './periods.js';

export const CALENDARS = ['7-day', 'business-day', 'weekly', 'monthly', 'quarterly', 'yearly', 'intraday', 'irregular', 'unknown', 'none'] as const;
export type Calendar = (typeof CALENDARS)[number];

const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface CalendarInfo {
  calendar: Calendar;
  /** Median spacing of consecutive dates in ms (null with fewer than two dates). */
  stepMs: number | null;
  /** Annualisation implied by the calendar (DOMAIN.md): 365, 252, 52, 12; null if unknown. */
  periodsPerYear: number | null;
}

/** Day of the week of a UTC epoch-ms date: 0 = Sunday .. 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(ms: number): number {
  return (((Math.floor(ms / DAY) + 4) % 7) + 7) % 7;
}

const isWeekend = (ms: number): boolean => {
  const w = weekday(ms);
  return w === 0 || w === 6;
};

/**
 * Infers the calendar of ascending unique dates from the median spacing m (the mean of
 * the two middle gaps for an even count), with the thresholds of the strategies'
 * `inferPeriodsPerYear` so that both agree: m < 20 h intraday (step m; periodsPerYear
 * assumes 24/7 trading, 365 days / m); m < 4 days daily: 7-day (365) when at least 10%
 * of the dates fall on a Saturday or Sunday, else business-day (252); 4..10 days weekly
 * (52); 25..35 monthly (12); 80..100 quarterly (4); 350..380 yearly (1); any other
 * spacing, or a median of 0 (repeated dates), irregular. Fewer than two dates: unknown.
 * This is the one place these bands live: the metrics' and strategies'
 * `inferPeriodsPerYear` are built on it. O(T log T).
 */
export function inferCalendar(dates: ArrayLike<number>): CalendarInfo {
  const T = dates.length;
  if (T < 2) return { calendar: 'unknown', stepMs: null, periodsPerYear: null };
  const diffs = new Float64Array(T - 1);
  for (let t = 1; t < T; t++) diffs[t - 1] = dates[t] - dates[t - 1];
  diffs.sort();
  const n = diffs.length;
  const m = n % 2 ? diffs[(n - 1) / 2] : (diffs[n / 2 - 1] + diffs[n / 2]) / 2;
  const days = m / DAY;
  if (!(m > 0)) return { calendar: 'irregular', stepMs: m, periodsPerYear: null };
  if (m < 20 * HOUR) return { calendar: 'intraday', stepMs: m, periodsPerYear: (365 * DAY) / m };
  if (days < 4) {
    let weekend = 0;
    for (let t = 0; t < T; t++) if (isWeekend(dates[t])) weekend++;
    return weekend >= 0.1 * T
      ? { calendar: '7-day', stepMs: m, periodsPerYear: 365 }
      : { calendar: 'business-day', stepMs: m, periodsPerYear: 252 };
  }
  if (days <= 10) return { calendar: 'weekly', stepMs: m, periodsPerYear: 52 };
  if (days >= 25 && days <= 35) return { calendar: 'monthly', stepMs: m, periodsPerYear: 12 };
  if (days >= 80 && days <= 100) return { calendar: 'quarterly', stepMs: m, periodsPerYear: 4 };
  if (days >= 350 && days <= 380) return { calendar: 'yearly', stepMs: m, periodsPerYear: 1 };
  return { calendar: 'irregular', stepMs: m, periodsPerYear: null };
}

export interface Gaps {
  /** Dates (periods) of the calendar between the first and last date that have no row. */
  count: number;
  /** The first `limit`: `YYYY-MM-DD` (intraday: ISO time; monthly `YYYY-MM`; quarterly `YYYY-Qn`; yearly `YYYY`). */
  first: string[];
}

/**
 * Dates missing relative to a calendar, between the first and the last date.
 * 7-day: every UTC day; business-day: Monday..Friday (there is no exchange-holiday
 * calendar, so holidays count as gaps); weekly: a step of 7 days from the previous
 * date; monthly / quarterly / yearly: calendar months / quarters / years without a
 * row; intraday: multiples of `stepMs`
 * from the previous date. Irregular / unknown calendars have no gaps (null).
 * O(T + days spanned) for business-day, O(T + gaps listed) otherwise.
 */
export function findGaps(dates: ArrayLike<number>, info: CalendarInfo, limit = 10): Gaps | null {
  const { calendar, stepMs } = info;
  const first: string[] = [];
  let count = 0;
  const add = (label: () => string): void => {
    if (first.length < limit) first.push(label());
    count++;
  };
  for (let t = 1; t < dates.length; t++) {
    const a = dates[t - 1];
    const b = dates[t];
    switch (calendar) {
      case '7-day':
      case 'business-day': {
        const da = Math.floor(a / DAY);
        const db = Math.floor(b / DAY);
        if (calendar === '7-day') {
          const n = db - da - 1;
          for (let k = 1; k <= n && first.length < limit; k++) first.push(isoDate((da + k) * DAY));
          if (n > 0) count += n;
        } else {
          for (let d = da + 1; d < db; d++) if (!isWeekend(d * DAY)) add(() => isoDate(d * DAY));
        }
        break;
      }
      case 'weekly':
      case 'intraday': {
        const step = calendar === 'weekly' ? 7 * DAY : stepMs!;
        const n = Math.round((b - a) / step) - 1;
        for (let k = 1; k <= n && first.length < limit; k++) first.push(isoDate(a + k * step));
        if (n > 0) count += n;
        break;
      }
      case 'monthly': {
        const ka = periodKey(a, 'month');
        const kb = periodKey(b, 'month');
        for (let k = ka + 1; k < kb; k++) add(() => `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`);
        break;
      }
      case 'quarterly': {
        const ka = Math.floor(periodKey(a, 'month') / 3);
        const kb = Math.floor(periodKey(b, 'month') / 3);
        for (let k = ka + 1; k < kb; k++) add(() => `${Math.floor(k / 4)}-Q${(k % 4) + 1}`);
        break;
      }
      case 'yearly': {
        const ya = new Date(a).getUTCFullYear();
        const yb = new Date(b).getUTCFullYear();
        for (let y = ya + 1; y < yb; y++) add(() => String(y));
        break;
      }
      default:
        return null;
    }
  }
  return calendar === 'irregular' || calendar === 'unknown' || calendar === 'none' ? null : { count, first };
}


/** Epoch ms of an ISO `YYYY-MM-DD`; InputError naming `what` otherwise. */
export function isoToMs(fn: string, what: string, s: string): number {
  const ms = typeof s === 'string' ? parseDate(s, 'iso') : NaN;
  if (Number.isNaN(ms)) throw new InputError(`${fn}: ${what} must be an ISO date YYYY-MM-DD, got ${JSON.stringify(s)}`);
  return ms;
}

/**
 * Every date from `start` to `end` (inclusive, UTC midnights): all 7 days of the week
 * (crypto) or Monday..Friday only (FX, equities; no holidays).
 */
export function dailyCalendar(startMs: number, endMs: number, days: 5 | 7): number[] {
  const out: number[] = [];
  for (let ms = startMs; ms <= endMs; ms += DAY) {
    const wd = new Date(ms).getUTCDay(); // 0 = Sunday
    if (days === 7 || (wd !== 0 && wd !== 6)) out.push(ms);
  }
  return out;
}

/** The last weekday (Mon..Fri) of every month from `start`'s month to `end`'s, inclusive. */
export function monthEndWeekdays(startMs: number, endMs: number): number[] {
  const out: number[] = [];
  const s = new Date(startMs);
  const e = new Date(endMs);
  for (let y = s.getUTCFullYear(), m = s.getUTCMonth(); y < e.getUTCFullYear() || (y === e.getUTCFullYear() && m <= e.getUTCMonth()); m === 11 ? (y++, m = 0) : m++) {
    let ms = Date.UTC(y, m + 1, 0);
    while ([0, 6].includes(new Date(ms).getUTCDay())) ms -= DAY;
    out.push(ms);
  }
  return out;
}
