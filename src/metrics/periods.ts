import { InputError } from '../errors.js';
import { inferCalendar } from '../data/calendar.js';

const DAY_MS = 86_400_000;

/**
 * Periods per year implied by a calendar of epoch-ms dates: the annualisation of
 * `inferCalendar` (src/io/calendar.ts, the one place the spacing bands live, shared with
 * `xmom data inspect`): daily 365 when at least 10% of the dates fall on a Saturday or
 * Sunday (UTC; a 7-day crypto calendar has 2/7), else 252; weekly 52; monthly 12;
 * quarterly 4; yearly 1; intraday bars (median spacing under 20 h) 365 days / spacing,
 * i.e. 24/7 trading (8760 for hourly bars). Non-finite dates are skipped. Fewer than 2
 * valid dates give 252 (empyrical's daily default) so that metrics of short series never
 * throw; the strategies' `inferPeriodsPerYear` (src/strategies/periods.ts) throws there
 * instead. An irregular spacing is an InputError asking for `periodsPerYear`. O(n log n).
 */
export function inferPeriodsPerYear(dates: ArrayLike<number>, fn = 'inferPeriodsPerYear'): number {
  const valid = Array.from(dates).filter((d) => Number.isFinite(d));
  const { stepMs, periodsPerYear } = inferCalendar(valid);
  if (stepMs === null) return 252;
  if (periodsPerYear !== null) return periodsPerYear;
  throw new InputError(`${fn}: cannot infer periodsPerYear from dates whose median spacing is ${(stepMs / DAY_MS).toFixed(3)} days; pass periodsPerYear explicitly (daily 252 or 365, weekly 52, monthly 12)`);
}
