import { InputError } from '../errors.js';
import type { Panel } from '../panel.js';
import { parseDate } from '../data/dates.js';
import type { RebalanceSchedule } from './options.js';

const DAY_MS = 86_400_000;
const ALLOWED = "'daily', 'monthly-first', 'monthly-last', { every: 'week', weekday: 0..6 } or an array of dates";

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

/** Flags rows where `key` differs from the previous row (`first`) or the next row (last). */
function periodEdges(dates: Float64Array, key: (ms: number) => number, edge: 'first' | 'last'): Uint8Array {
  const T = dates.length;
  const flags = new Uint8Array(T);
  for (let t = 0; t < T; t++) {
    const other = edge === 'first' ? t - 1 : t + 1;
    flags[t] = other < 0 || other >= T || key(dates[other]) !== key(dates[t]) ? 1 : 0;
  }
  return flags;
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
 * of that row are traded). See `RebalanceSchedule` for the rules. Calendar schedules need
 * dates; on a panel without dates only `'daily'` and arrays of row numbers are accepted.
 * `dates` defaults to `prices.dates()` (pass it when already at hand).
 * O(T) (+ O(K) for a list of K dates).
 */
export function scheduleRows(fn: string, prices: Panel, schedule: RebalanceSchedule, dates = prices.dates()): Uint8Array {
  const T = prices.nRows;
  const hasDates = prices.index !== null;
  if (schedule === 'daily') return new Uint8Array(T).fill(1);
  if (Array.isArray(schedule)) return listedRows(fn, prices, dates, schedule);
  const needsDates = (what: string): void => {
    if (!hasDates) throw new InputError(`${fn}: rebalance ${what} needs dated prices; these prices have no dates (use 'daily' or an array of row numbers)`);
  };
  if (schedule === 'monthly-first' || schedule === 'monthly-last') {
    needsDates(`'${schedule}'`);
    return periodEdges(dates, monthKey, schedule === 'monthly-first' ? 'first' : 'last');
  }
  if (typeof schedule === 'object' && schedule !== null) {
    const keys = Object.keys(schedule);
    const s = schedule as { every?: unknown; weekday?: unknown };
    if (s.every !== 'week' || keys.some((k) => k !== 'every' && k !== 'weekday')) {
      throw new InputError(`${fn}: rebalance object must be { every: 'week', weekday: 0..6 }, got ${JSON.stringify(schedule)}`);
    }
    const wd = s.weekday;
    if (typeof wd !== 'number' || !Number.isInteger(wd) || wd < 0 || wd > 6) {
      throw new InputError(`${fn}: rebalance weekday must be an integer 0..6 (0 = Sunday, UTC), got ${String(wd)}`);
    }
    needsDates(`{ every: 'week' }`);
    return periodEdges(dates, (ms) => weekKey(ms, wd), 'first');
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
