import { InputError } from '../errors.js';
import type { Panel } from '../panel.js';
import { parseDate } from '../data/dates.js';
import { inferCalendar, weekday as weekdayOf } from '../data/calendar.js';
import type { RebalanceSchedule, ScheduleName } from './options.js';
import { parseVolThreshold, volTriggerRows, type VolTrigger } from './volTrigger.js';

const DAY_MS = 86_400_000;

/**
 * Every schedule name and what it means: the one table behind `backtest`'s `rebalance`,
 * the grid's `rebalance=` values (GRID_REBALANCE), the CLI's `--rebalance` and the browser.
 * `weekly` trades on the first bar on or after Monday of each week (`weekly-sun` ..
 * `weekly-sat` pick another weekday, UTC); `monthly` is `monthly-last`.
 */
export const SCHEDULE_NAMES: Readonly<Record<ScheduleName, Exclude<RebalanceSchedule, readonly unknown[]>>> = Object.freeze({
  daily: 'daily',
  weekly: { every: 'week' as const, weekday: 1 },
  'weekly-sun': { every: 'week' as const, weekday: 0 },
  'weekly-mon': { every: 'week' as const, weekday: 1 },
  'weekly-tue': { every: 'week' as const, weekday: 2 },
  'weekly-wed': { every: 'week' as const, weekday: 3 },
  'weekly-thu': { every: 'week' as const, weekday: 4 },
  'weekly-fri': { every: 'week' as const, weekday: 5 },
  'weekly-sat': { every: 'week' as const, weekday: 6 },
  monthly: 'monthly-last',
  'monthly-first': 'monthly-first',
  'monthly-last': 'monthly-last',
});

const WEEKDAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
const ALLOWED = `${Object.keys(SCHEDULE_NAMES).join(', ')}, weekly:<0..6 | sun..sat>, a weekly schedule with +vol[<window>]:<threshold> (e.g. weekly:sun+vol:0.8q), { every: 'week', weekday: 0..6, whenVolAbove? } or an array of dates`;

/** Bars of returns in the volatility of a text-form trigger (`+vol:0.8q`) when none is written. */
export const VOL_TRIGGER_DEFAULT_WINDOW = 30;

/**
 * A schedule written as text (CLI `--rebalance`, grid `rebalance=`, a browser form),
 * case-insensitive: a name of SCHEDULE_NAMES, or `weekly:<day>` with day 0..6
 * (0 = Sunday) or a weekday name (`sun`, `monday`, ...). A weekly spelling may end in
 * `+vol[<window>]:<threshold>`: the volatility trigger (VolTrigger) with `window` bars
 * (default VOL_TRIGGER_DEFAULT_WINDOW = 30) and a threshold `0.8q` (expanding quantile)
 * or `0.8` (annualised level), e.g. `weekly:sun+vol:0.8q`, `weekly-sun+vol60:0.9`.
 * Returns the canonical schedule (names of weekly schedules become `{ every: 'week',
 * weekday }`); anything else is an InputError listing the spellings.
 */
export function parseSchedule(fn: string, text: string): Exclude<RebalanceSchedule, readonly unknown[]> {
  const plus = text.indexOf('+');
  if (plus >= 0) {
    const base = parseSchedule(fn, text.slice(0, plus));
    const m = /^vol([0-9]*):(.+)$/i.exec(text.slice(plus + 1).trim());
    if (!m) throw new InputError(`${fn}: rebalance '${text}': a volatility trigger is written +vol[<window>]:<threshold>, e.g. weekly:sun+vol:0.8q or weekly:sun+vol60:0.9`);
    if (typeof base !== 'object') throw new InputError(`${fn}: rebalance '${text}': a volatility trigger goes on a weekly schedule (weekly, weekly:<day>, weekly-sun ..), not on '${text.slice(0, plus)}'`);
    const window = m[1] ? Number(m[1]) : VOL_TRIGGER_DEFAULT_WINDOW;
    return { ...base, whenVolAbove: { window, ...parseVolThreshold(`${fn}: rebalance '${text}' threshold`, m[2]), then: 'daily' } };
  }
  const s = text.trim().toLowerCase();
  if (Object.hasOwn(SCHEDULE_NAMES, s)) return SCHEDULE_NAMES[s as ScheduleName];
  const m = /^weekly:(\w+)$/.exec(s);
  if (m) {
    const d = m[1];
    const weekday = /^[0-6]$/.test(d) ? Number(d) : WEEKDAY_NAMES.findIndex((n) => d === n.slice(0, 3) || d === n);
    if (weekday < 0) throw new InputError(`${fn}: rebalance weekly:<day>: day must be 0..6 (0 = Sunday) or a weekday name (sun, monday, ...), got '${d}'`);
    return { every: 'week', weekday };
  }
  throw new InputError(`${fn}: rebalance must be ${ALLOWED}; got '${text}'`);
}

/**
 * Week number of epoch ms `ms` for weeks starting on `weekday` (0 = Sunday, UTC): it
 * steps at 00:00 UTC of each such weekday. Day 0 (1970-01-01) was a Thursday (4).
 */
function weekKey(ms: number, weekday: number): number {
  return Math.floor((Math.floor(ms / DAY_MS) + 4 - weekday) / 7);
}

function monthKey(ms: number): number {
  const d = new Date(ms);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/**
 * Flags rows where `key` differs from the previous row (`first`; row 0 is flagged) or
 * the next row (`last`; the last row is flagged only when `lastIsEdge`).
 */
function periodEdges(dates: Float64Array, key: (ms: number) => number, edge: 'first' | 'last', lastIsEdge = true): Uint8Array {
  const T = dates.length;
  const flags = new Uint8Array(T);
  for (let t = 0; t < T; t++) {
    const other = edge === 'first' ? t - 1 : t + 1;
    flags[t] = other < 0 || (other >= T ? lastIsEdge : key(dates[other]) !== key(dates[t])) ? 1 : 0;
  }
  return flags;
}

/**
 * Whether the last date of a panel closes its calendar month by the data's own calendar
 * (`inferCalendar`): the next bar the calendar would have (7-day: the next day;
 * business-day: the next Monday..Friday; weekly: 7 days on; intraday: one step on)
 * falls in another month; monthly and coarser calendars have one bar per period, so
 * yes. For an irregular or unknown calendar, only the month's last calendar day counts.
 * A series that simply stops mid-month is not at a month end.
 */
export function endsAtMonthEnd(dates: Float64Array): boolean {
  const T = dates.length;
  if (T === 0) return false;
  const last = dates[T - 1];
  const info = inferCalendar(dates);
  let next: number;
  switch (info.calendar) {
    case 'monthly': case 'quarterly': case 'yearly': return true;
    case '7-day': next = last + DAY_MS; break;
    case 'business-day': {
      const wd = weekdayOf(last);
      next = last + (wd === 5 ? 3 : wd === 6 ? 2 : 1) * DAY_MS;
      break;
    }
    case 'weekly': next = last + 7 * DAY_MS; break;
    case 'intraday': next = last + (info.stepMs ?? DAY_MS); break;
    default: next = (Math.floor(last / DAY_MS) + 1) * DAY_MS;
  }
  return monthKey(next) !== monthKey(last);
}

/** Epoch ms of one element of a date list, or NaN when it cannot be read. */
function dateOf(x: number | Date | string): number {
  if (x instanceof Date) return x.getTime();
  if (typeof x === 'number') return x;
  if (typeof x === 'string') return parseDate(x, 'iso');
  return NaN;
}

/**
 * The decision rows a schedule selects, as one byte per row of `prices` (1 = the targets
 * of that row are traded). See `RebalanceSchedule` for the rules; names are those of
 * SCHEDULE_NAMES. Calendar schedules need
 * dates; on a panel without dates only `'daily'` and arrays of row numbers are accepted.
 * `dates` defaults to `prices.dates()` (pass it when already at hand).
 * O(T) (+ O(K) for a list of K dates).
 */
export function scheduleRows(fn: string, prices: Panel, schedule: RebalanceSchedule, dates = prices.dates()): Uint8Array {
  const T = prices.nRows;
  const hasDates = prices.index !== null;
  if (typeof schedule === 'string' && Object.hasOwn(SCHEDULE_NAMES, schedule)) schedule = SCHEDULE_NAMES[schedule];
  if (schedule === 'daily') return new Uint8Array(T).fill(1);
  if (Array.isArray(schedule)) return listedRows(fn, prices, dates, schedule);
  const needsDates = (what: string): void => {
    if (!hasDates) throw new InputError(`${fn}: rebalance ${what} needs dated prices; these prices have no dates (use 'daily' or an array of row numbers)`);
  };
  if (schedule === 'monthly-first' || schedule === 'monthly-last') {
    needsDates(`'${schedule}'`);
    return schedule === 'monthly-first' ? periodEdges(dates, monthKey, 'first') : periodEdges(dates, monthKey, 'last', endsAtMonthEnd(dates));
  }
  if (typeof schedule === 'object' && schedule !== null) {
    const keys = Object.keys(schedule);
    const s = schedule as { every?: unknown; weekday?: unknown; whenVolAbove?: unknown };
    if (s.every !== 'week' || keys.some((k) => k !== 'every' && k !== 'weekday' && k !== 'whenVolAbove')) {
      throw new InputError(`${fn}: rebalance object must be { every: 'week', weekday: 0..6, whenVolAbove?: { window, level | quantile, then: 'daily' } }, got ${JSON.stringify(schedule)}`);
    }
    const wd = s.weekday;
    if (typeof wd !== 'number' || !Number.isInteger(wd) || wd < 0 || wd > 6) {
      throw new InputError(`${fn}: rebalance weekday must be an integer 0..6 (0 = Sunday, UTC), got ${String(wd)}`);
    }
    needsDates(`{ every: 'week' }`);
    // The trigger is checked (shape, enough rows) before any work.
    const trigger = s.whenVolAbove === undefined ? null : volTriggerRows(fn, prices, s.whenVolAbove as VolTrigger);
    const flags = periodEdges(dates, (ms) => weekKey(ms, wd), 'first');
    if (trigger) for (let t = 0; t < flags.length; t++) flags[t] |= trigger[t];
    return flags;
  }
  throw new InputError(`${fn}: rebalance must be ${ALLOWED}, got ${JSON.stringify(schedule)}`);
}

function listedRows(fn: string, prices: Panel, dates: Float64Array, list: readonly (number | Date | string)[]): Uint8Array {
  const T = prices.nRows;
  const flags = new Uint8Array(T);
  if (prices.index === null) {
    for (const x of list) {
      if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x >= T) {
        throw new InputError(`${fn}: the prices have no dates, so rebalance must list row numbers 0..${T - 1}; got ${JSON.stringify(x)}`);
      }
      flags[x] = 1;
    }
    return flags;
  }
  const rowOf = new Map<number, number>();
  for (let t = 0; t < T; t++) rowOf.set(dates[t], t);
  for (const x of list) {
    const ms = dateOf(x);
    const t = Number.isFinite(ms) ? rowOf.get(ms) : undefined;
    if (t === undefined) {
      const shown = Number.isFinite(ms) ? new Date(ms).toISOString() : JSON.stringify(x);
      throw new InputError(`${fn}: rebalance date ${shown} is not a date of the prices (${Number.isFinite(ms) ? 'not on the calendar' : 'unreadable; use epoch ms, a Date or an ISO YYYY-MM-DD string'})`);
    }
    flags[t] = 1;
  }
  return flags;
}
