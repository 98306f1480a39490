import { InputError } from '../errors.js';
import { parseDate } from './dates.js';

const DAY_MS = 86_400_000;

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
  for (let ms = startMs; ms <= endMs; ms += DAY_MS) {
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
    while ([0, 6].includes(new Date(ms).getUTCDay())) ms -= DAY_MS;
    out.push(ms);
  }
  return out;
}
