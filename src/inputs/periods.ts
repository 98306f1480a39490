import { InputError } from '../errors.js';
import { inferPeriodsPerYear } from '../metrics/periods.js';
import { checkNumber } from '../validate.js';

/**
 * The one periodsPerYear rule (DOMAIN.md): the given value (a number > 0), else the one
 * implied by the dates (`inferPeriodsPerYear`: median spacing; daily is 365 when at
 * least 10% of the dates fall on a weekend, else 252; weekly 52; monthly 12; intraday:
 * bars per year, 24/7), else — without dates — `withoutDates`: a number (the metrics'
 * and backtester's 252), or `'error'` where it scales a position (strategies, volatility
 * targeting): then fewer than 2 dates is an InputError asking for periodsPerYear.
 * O(T log T) when inferred.
 */
export function resolvePeriodsPerYear(fn: string, given: unknown, dates: ArrayLike<number> | null, withoutDates: number | 'error' = 252): number {
  if (given !== undefined) return checkNumber(fn, 'periodsPerYear', given, { lo: 0, loOpen: true });
  if (withoutDates === 'error') {
    const n = dates?.length ?? 0;
    if (n < 2) {
      throw new InputError(`${fn}: cannot infer periodsPerYear: the prices carry ${n ? 'one date' : 'no dates'}; pass periodsPerYear explicitly (252 business days, 365 calendar days, 52 weekly, 12 monthly)`);
    }
    return inferPeriodsPerYear(dates!, fn);
  }
  return dates && dates.length ? inferPeriodsPerYear(dates, fn) : withoutDates;
}
