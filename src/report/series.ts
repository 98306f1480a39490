/** Series derived for the report from returns and weights. */
import type { NamedSeries } from './charts.js';

/**
 * Growth of 1: cumprod(1 + r). A NaN bar leaves the wealth unchanged and is itself
 * NaN in the output (as pandas' cumprod skips NaN). O(T).
 */
export function wealthOf(r: ArrayLike<number>): Float64Array {
  const out = new Float64Array(r.length);
  let w = 1;
  for (let t = 0; t < r.length; t++) {
    if (Number.isNaN(r[t])) {
      out[t] = NaN;
      continue;
    }
    w *= 1 + r[t];
    out[t] = w;
  }
  return out;
}

/**
 * The `k` assets with the largest mean |weight| (NaN counted as 0), in that order, plus
 * "Other" = the sum of the remaining assets' weights when there are more than `k`.
 * O(T N + N log N).
 */
export function topWeights(columns: Record<string, Float64Array>, k: number, T: number): NamedSeries[] {
  const names = Object.keys(columns);
  const score = (a: Float64Array): number => a.reduce((s, v) => s + (Number.isNaN(v) ? 0 : Math.abs(v)), 0);
  const ranked = names.map((n) => ({ n, s: score(columns[n]) })).sort((a, b) => b.s - a.s);
  const top: NamedSeries[] = ranked.slice(0, k).map(({ n }) => ({ name: n, values: columns[n] }));
  if (ranked.length > k) {
    const other = new Float64Array(T);
    for (const { n } of ranked.slice(k)) columns[n].forEach((v, t) => { if (!Number.isNaN(v)) other[t] += v; });
    top.push({ name: 'Other', values: other });
  }
  return top;
}
