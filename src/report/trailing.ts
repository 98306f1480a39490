/** Trailing returns up to the last date: MTD, 3M, 6M, YTD, 1Y, 3Y, 5Y and since inception. */
import { InputError } from '../errors.js';
import { pow } from '../engine/math.js';

export type TrailingKey = 'mtd' | '3m' | '6m' | 'ytd' | '1y' | '3y' | '5y' | 'inception' | 'inceptionAnn';

export interface TrailingReturn {
  key: TrailingKey;
  label: string;
  /** The compounded return of the window (annualised when `annualised`); NaN when the data do not reach back to `from`. */
  value: number;
  annualised: boolean;
  /** Epoch ms of the window's start: the wealth at the last row dated on or before it is the base. NaN for since inception. */
  from: number;
}

const DAY_MS = 86_400_000;

/**
 * `ms` moved by `months` calendar months (UTC), the day of the month clamped to the
 * target month's length as pandas `DateOffset(months=k)` (2024-05-31 - 3M = 2024-02-29),
 * except that the last day of a month maps to the last day of the target month
 * (2023-06-30 - 3M = 2023-03-31, not 03-30), so that month-end data line up.
 */
export function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const ty = y + Math.floor(m / 12);
  const tm = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  const monthEnd = d.getUTCDate() === new Date(Date.UTC(y, d.getUTCMonth() + 1, 0)).getUTCDate();
  const day = monthEnd ? last : Math.min(d.getUTCDate(), last);
  return Date.UTC(ty, tm, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

/**
 * Trailing returns of a series of simple returns `returns` dated `dates` (epoch ms,
 * ascending), measured to its last valid row D, with wealth W compounding the valid
 * returns from 1 (a NaN row leaves it unchanged):
 * - a window with start S returns W(D) / W(S) - 1, where W(S) is the wealth at the last
 *   valid row dated on or before S. When no row is that old the data do not cover the
 *   window and the value is NaN (shown "—"), never a shorter window's return, unless
 *   `inception` (the date at which the wealth was 1, e.g. the first price of a price
 *   series) is on or before S, which makes W(S) = 1;
 * - MTD: S = the last instant before D's month; YTD: before D's year; 3M, 6M, 1Y, 3Y, 5Y:
 *   S = D minus that many calendar months (`addMonths`: day clamped, month end to month
 *   end) plus half a period (365.25 / periodsPerYear / 2 days: half a day for daily data,
 *   about 15 days for monthly), so that monthly data dated on the last business day
 *   (2024-03-29) still count as the row of S (2024-03-28 for D = 2024-06-28);
 * - 3Y and 5Y are annualised over 3 and 5 years: (1 + R)^(1/n) - 1;
 * - since inception: W(D) - 1, and annualised as `metrics`' CAGR, W(D)^(ppy / n) - 1 for
 *   n valid returns.
 * O(T).
 */
export function trailingReturns(
  returns: ArrayLike<number>, dates: ArrayLike<number>, options: { periodsPerYear: number; inception?: number },
): TrailingReturn[] {
  const fn = 'trailingReturns';
  const T = returns.length;
  if (dates.length !== T) throw new InputError(`${fn}: dates has ${dates.length} entries but the returns have ${T}; they must align row by row`);
  const ppy = options.periodsPerYear;
  const wealth = new Float64Array(T);
  let w = 1;
  let n = 0;
  let last = -1;
  for (let t = 0; t < T; t++) {
    if (!Number.isNaN(returns[t])) {
      w *= 1 + returns[t];
      n++;
      last = t;
    }
    wealth[t] = w;
  }
  const inception = options.inception ?? NaN;
  /** Wealth at the last valid row dated <= s; 1 when the inception is <= s; else NaN. */
  const wealthAt = (s: number): number => {
    for (let t = last; t >= 0; t--) if (!Number.isNaN(returns[t]) && dates[t] <= s) return wealth[t];
    return inception <= s ? 1 : NaN;
  };
  const out: TrailingReturn[] = [];
  if (last < 0) return out;
  const D = dates[last];
  const WD = wealth[last];
  const d = new Date(D);
  const slack = (365.25 / ppy / 2) * DAY_MS;
  const window = (key: TrailingKey, label: string, from: number, years = 0): void => {
    const r = WD / wealthAt(key === 'mtd' || key === 'ytd' ? from : from + slack) - 1;
    out.push({ key, label, value: years > 0 ? pow(1 + r, 1 / years) - 1 : r, annualised: years > 0, from });
  };
  window('mtd', 'MTD', Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1) - 1);
  window('3m', '3M', addMonths(D, -3));
  window('6m', '6M', addMonths(D, -6));
  window('ytd', 'YTD', Date.UTC(d.getUTCFullYear(), 0, 1) - 1);
  window('1y', '1Y', addMonths(D, -12));
  window('3y', '3Y (ann.)', addMonths(D, -36), 3);
  window('5y', '5Y (ann.)', addMonths(D, -60), 5);
  out.push({ key: 'inception', label: 'Since inception', value: WD - 1, annualised: false, from: NaN });
  out.push({ key: 'inceptionAnn', label: 'Since inception (ann.)', value: pow(WD, ppy / n) - 1, annualised: true, from: NaN });
  return out;
}
