/** Equal-width histogram of period returns, for the report's return distribution. */

export interface Histogram {
  /** Bin edges, bins + 1 of them: bin i is [edges[i], edges[i + 1]), the last bin closed. */
  edges: Float64Array;
  counts: Int32Array;
  /** Valid (non-NaN) values counted: the sum of `counts`. */
  n: number;
}

/** Bins used for n values: ceil(sqrt(n)) clamped to [5, 50] (the square-root rule, bounded for small and long series). */
export function histogramBins(n: number): number {
  return Math.min(50, Math.max(5, Math.ceil(Math.sqrt(n))));
}

/**
 * Counts the valid values of `values` in `bins` equal-width bins spanning [min, max]
 * (numpy `histogram(x, bins)`: half-open bins, the last one closed, so the maximum is
 * counted). NaN values are left out; every other value falls in exactly one bin, so the
 * counts sum to the number of valid values. All-equal values get one bin of width 1
 * centred on them, numpy's rule. Default bins: `histogramBins(n)`. O(n).
 */
export function histogram(values: ArrayLike<number>, bins?: number): Histogram {
  let lo = Infinity;
  let hi = -Infinity;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    n++;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const k = bins ?? histogramBins(n);
  if (n === 0) return { edges: new Float64Array(0), counts: new Int32Array(0), n: 0 };
  if (lo === hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const width = (hi - lo) / k;
  const edges = Float64Array.from({ length: k + 1 }, (_, i) => (i === k ? hi : lo + i * width));
  const counts = new Int32Array(k);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    let b = Math.floor((v - lo) / width);
    if (b >= k) b = k - 1;
    // Rounding near an edge: move to the bin whose [edge, next edge) holds v.
    while (b > 0 && v < edges[b]) b--;
    while (b < k - 1 && v >= edges[b + 1]) b++;
    counts[b]++;
  }
  return { edges, counts, n };
}
