import type { Panel } from '../panel.js';
import { resolvePeriodsPerYear } from '../inputs/periods.js';

/**
 * Periods per year implied by a panel's dates: `resolvePeriodsPerYear` of
 * src/inputs/periods.ts with no given value and `'error'` without dates (a panel with
 * fewer than 2 dates is an InputError asking for `periodsPerYear` rather than a silent
 * 252, since it scales a position). O(T log T).
 */
export function inferPeriodsPerYear(fn: string, prices: Panel): number {
  return resolvePeriodsPerYear(fn, undefined, prices.dates(), 'error');
}
