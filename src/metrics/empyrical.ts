/**
 * empyrical 0.5.5 to the letter (profile 'empyrical' of `metrics`), as it runs without
 * bottleneck installed (its nan-functions are then numpy's). What differs from the
 * default profile ('xmom'):
 * - NaN rows count: `len(returns)` decides "fewer than 2" for Sharpe, Sortino and
 *   volatility, and `annual_return` counts every row as a period (a NaN row is a 0
 *   return: `cum_returns_final` uses nanprod), so leading NaN rows (a result's warm-up,
 *   pandas' first `pct_change` row) lengthen the period count and lower the CAGR;
 * - numpy's `nanmean` / `nanstd` sum the whole series with NaN replaced by 0 (pairwise
 *   blocks over every row, not just the valid ones), and equal values are not
 *   special-cased (their two-pass std may be a few ulps, not 0);
 * - a zero denominator divides as numpy does: Sharpe at zero volatility and Sortino
 *   with no downside are +inf (or -inf) when the mean is nonzero, NaN when it is 0;
 *   the tail ratio is inf when the 5th percentile is 0; Calmar stays NaN when infinite
 *   (empyrical's own rule);
 * - `value_at_risk` is `np.percentile` of the series with its NaN (so NaN when any row
 *   is NaN), and `conditional_value_at_risk` takes its cutoff index from `len(returns)`.
 * The functions take the FULL series (NaN included). O(n) each.
 */
import { pow } from '../engine/index.js';
import { pairwiseSum } from './numeric.js';

/** The series with NaN replaced by 0 and the count of valid values (numpy `_replace_nan`). */
function zeroFilled(a: ArrayLike<number>): { arr: Float64Array; cnt: number } {
  const arr = new Float64Array(a.length);
  let cnt = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (v === v) {
      arr[i] = v;
      cnt++;
    }
  }
  return { arr, cnt };
}

/** numpy `nanmean`: sum of the zero-filled series / count of valid values (NaN when none). */
export function nanmean(a: ArrayLike<number>): number {
  const { arr, cnt } = zeroFilled(a);
  return (0 + pairwiseSum(arr)) / cnt;
}

/**
 * numpy `nanstd(a, ddof)` (`_nanvar`): avg = sum(zero-filled) / cnt; deviations
 * arr - avg with 0 at the NaN rows, squared, summed pairwise over every row, divided by
 * cnt - ddof (NaN when that is <= 0), square root.
 */
export function nanstd(a: ArrayLike<number>, ddof: number): number {
  const { arr, cnt } = zeroFilled(a);
  const dof = cnt - ddof;
  if (dof <= 0) return NaN;
  const avg = (0 + pairwiseSum(arr)) / cnt;
  for (let i = 0; i < arr.length; i++) {
    const v = a[i];
    const d = v === v ? arr[i] - avg : 0;
    arr[i] = d * d;
  }
  return Math.sqrt((0 + pairwiseSum(arr)) / dof);
}

/** empyrical `sharpe_ratio`: NaN for len < 2; nanmean(e) / nanstd(e, 1) * sqrt(ppy), dividing as numpy. */
export function sharpeEmpyrical(e: ArrayLike<number>, ppy: number): number {
  if (e.length < 2) return NaN;
  return (nanmean(e) / nanstd(e, 1)) * Math.sqrt(ppy);
}

/** empyrical `annual_volatility`: NaN for len < 2; nanstd(r, 1) * ppy ** (1 / 2). */
export function annualVolatilityEmpyrical(r: ArrayLike<number>, ppy: number): number {
  if (r.length < 2) return NaN;
  return nanstd(r, 1) * pow(ppy, 1 / 2);
}

/**
 * empyrical `downside_risk`: NaN for len < 1; sqrt(nanmean(clip(r - req, -inf, 0)^2)) *
 * sqrt(ppy) (a NaN row stays NaN and is skipped by nanmean).
 */
export function downsideRiskEmpyrical(r: ArrayLike<number>, req: number, ppy: number): number {
  if (r.length < 1) return NaN;
  const sq = new Float64Array(r.length);
  for (let i = 0; i < r.length; i++) {
    const d = req === 0 ? r[i] : r[i] - req;
    const c = d < 0 ? d : d === d ? 0 : NaN;
    sq[i] = c * c;
  }
  return Math.sqrt(nanmean(sq)) * Math.sqrt(ppy);
}

/** empyrical `sortino_ratio`: NaN for len < 2; nanmean(r - req) * ppy / downside_risk, dividing as numpy (+inf with no downside). */
export function sortinoEmpyrical(r: ArrayLike<number>, req: number, ppy: number): { sortino: number; downsideRisk: number } {
  const downsideRisk = downsideRiskEmpyrical(r, req, ppy);
  if (r.length < 2) return { sortino: NaN, downsideRisk };
  const adj = req === 0 ? r : Array.from(r, (v) => v - req);
  return { sortino: (nanmean(adj) * ppy) / downsideRisk, downsideRisk };
}

/**
 * empyrical `annual_return`: NaN for len < 1; nanprod(1 + r) ** (1 / (len / ppy)) - 1,
 * every row (NaN ones too) counting as a period.
 */
export function annualReturnEmpyrical(r: ArrayLike<number>, ppy: number): number {
  const n = r.length;
  if (n < 1) return NaN;
  let w = 1;
  for (let i = 0; i < n; i++) {
    const v = r[i];
    if (v === v) w *= 1 + v;
  }
  return pow(w, 1 / (n / ppy)) - 1;
}
