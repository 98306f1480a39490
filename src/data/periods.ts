/** Calendar periods of UTC epoch-ms dates, as integer keys that increase with time. */

export const PERIODS = ['week', 'month'] as const;
export type Period = (typeof PERIODS)[number];

const DAY_MS = 86_400_000;

/**
 * Key of the period holding `ms`. Weeks run Monday..Sunday (pandas `'W'` = `'W-SUN'`):
 * day 0 (1970-01-01) was a Thursday, so `floor((day + 3) / 7)` steps on Mondays.
 * Months are `year * 12 + month0` (pandas `'M'` / `'ME'`).
 */
export function periodKey(ms: number, period: Period): number {
  if (period === 'week') return Math.floor((Math.floor(ms / DAY_MS) + 3) / 7);
  const d = new Date(ms);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}
