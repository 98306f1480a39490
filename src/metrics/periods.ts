import { InputError } from '../errors.js';

const DAY_MS = 86_400_000;

/**
 * Periods per year implied by a calendar of epoch-ms dates, from the median spacing of
 * consecutive dates (robust to holidays and the odd gap):
 * - under 4 days (daily): 365 when at least 10% of the dates fall on a Saturday or
 *   Sunday (UTC; a 7-day crypto calendar has 2/7), else 252 (business days);
 * - 4 to 10 days: 52; 25 to 35 days: 12; 80 to 100 days: 4; 350 to 380 days: 1.
 * The same bands as the strategies' `inferPeriodsPerYear` (src/strategies/periods.ts),
 * which works on a Panel and throws without dates; here fewer than 2 valid dates give
 * 252 (empyrical's daily default) so that metrics of short series never throw. A
 * spacing outside the bands (intraday bars, irregular data) is an InputError asking
 * for `periodsPerYear`. O(n log n).
 */
export function inferPeriodsPerYear(dates: ArrayLike<number>, fn = 'inferPeriodsPerYear'): number {
  const gaps: number[] = [];
  let weekend = 0;
  let valid = 0;
  let prev = NaN;
  for (let i = 0; i < dates.length; i++) {
    const d = dates[i];
    if (!Number.isFinite(d)) continue;
    valid++;
    const dow = new Date(d).getUTCDay();
    if (dow === 0 || dow === 6) weekend++;
    if (Number.isFinite(prev)) gaps.push((d - prev) / DAY_MS);
    prev = d;
  }
  if (gaps.length === 0) return 252;
  gaps.sort((a, b) => a - b);
  const m = gaps.length;
  const median = m % 2 ? gaps[(m - 1) / 2] : (gaps[m / 2 - 1] + gaps[m / 2]) / 2;
  if (median > 0 && median < 4) return weekend >= 0.1 * valid ? 365 : 252;
  if (median >= 4 && median <= 10) return 52;
  if (median >= 25 && median <= 35) return 12;
  if (median >= 80 && median <= 100) return 4;
  if (median >= 350 && median <= 380) return 1;
  throw new InputError(`${fn}: cannot infer periodsPerYear from dates whose median spacing is ${median.toFixed(3)} days; pass periodsPerYear explicitly (daily 252 or 365, weekly 52, monthly 12)`);
}
