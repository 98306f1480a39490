/** Calendar aggregation of returns for the monthly heatmap and the yearly table. */

export interface MonthlyReturn {
  year: number;
  /** 1..12 */
  month: number;
  /** Compounded return of the month's valid bars. */
  value: number;
}

/**
 * Compounded return per calendar month (UTC) of the bars dated in it: prod(1 + r) - 1
 * over the month's valid returns (empyrical `aggregate_returns(r, 'monthly')`). Months
 * without a valid return are absent. O(T).
 */
export function monthlyReturns(returns: ArrayLike<number>, dates: ArrayLike<number>): MonthlyReturn[] {
  const out: MonthlyReturn[] = [];
  let key = -1;
  let wealth = 1;
  let count = 0;
  const flush = (): void => {
    if (count > 0) out.push({ year: Math.floor(key / 12), month: (key % 12) + 1, value: wealth - 1 });
  };
  for (let t = 0; t < returns.length; t++) {
    if (!Number.isFinite(dates[t]) || Number.isNaN(returns[t])) continue;
    const d = new Date(dates[t]);
    const k = d.getUTCFullYear() * 12 + d.getUTCMonth();
    if (k !== key) {
      flush();
      key = k;
      wealth = 1;
      count = 0;
    }
    wealth *= 1 + returns[t];
    count++;
  }
  flush();
  return out;
}

/** Compounded return per calendar year (UTC), as `monthlyReturns` per year. O(T). */
export function yearlyReturns(returns: ArrayLike<number>, dates: ArrayLike<number>): Map<number, number> {
  const out = new Map<number, number>();
  for (let t = 0; t < returns.length; t++) {
    if (!Number.isFinite(dates[t]) || Number.isNaN(returns[t])) continue;
    const y = new Date(dates[t]).getUTCFullYear();
    out.set(y, (out.get(y) ?? 1) * (1 + returns[t]));
  }
  for (const [y, w] of out) out.set(y, w - 1);
  return out;
}
