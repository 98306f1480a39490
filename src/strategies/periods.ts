import { InputError } from '../errors.js';
import type { Panel } from '../panel.js';
import { inferPeriodsPerYear as fromDates } from '../metrics/periods.js';
import { checkNumber } from '../validate.js';

/**
 * Periods per year implied by a panel's dates (DOMAIN.md), with the bands of the metrics'
 * `inferPeriodsPerYear` (median spacing of the dates: daily is 365 when at least 10% of
 * the dates fall on a weekend, a 7-day crypto calendar, else 252; weekly 52; monthly 12;
 * quarterly 4; yearly 1; intraday bars: bars per year, 24/7). Unlike the metrics, a panel with fewer than 2 dates is an
 * InputError asking for `periodsPerYear` rather than a silent 252, since it scales a
 * position. O(T log T).
 */
export function inferPeriodsPerYear(fn: string, prices: Panel): number {
  const d = prices.dates();
  if (d.length < 2) {
    throw new InputError(`${fn}: cannot infer periodsPerYear: the prices carry ${d.length ? 'one date' : 'no dates'}; pass periodsPerYear explicitly (252 business days, 365 calendar days, 52 weekly, 12 monthly)`);
  }
  return fromDates(d, fn);
}

/** The given periodsPerYear (a number > 0), or the one inferred from the dates. */
export function resolvePeriodsPerYear(fn: string, prices: Panel, given: unknown): number {
  if (given === undefined) return inferPeriodsPerYear(fn, prices);
  return checkNumber(fn, 'periodsPerYear', given, { lo: 0, loOpen: true });
}
