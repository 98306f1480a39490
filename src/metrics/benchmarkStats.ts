/**
 * Benchmark-relative statistics of two aligned return series (tracking error,
 * information ratio, up / down capture): the part of `metrics` and `benchmarkMetrics`
 * that both use (kept apart so that benchmark.ts can build on metrics.ts).
 */
import { pow } from '../engine/index.js';
import { mean, std } from './numeric.js';

/** Benchmark-relative statistics beyond alpha and beta (see `benchmarkStats`). */
export interface BenchmarkStats {
  /** Annualised std of the active return r - b (ddof 1) x sqrt(ppy). */
  trackingError: number;
  /** Annualised information ratio mean(r - b) / std(r - b, ddof 1) x sqrt(ppy). */
  informationRatio: number;
  /** empyrical `up_capture`: CAGR of r over the bars with b > 0 / CAGR of b over them. */
  upCapture: number;
  /** empyrical `down_capture`: the same over the bars with b < 0. */
  downCapture: number;
}

/** The BenchmarkStats of no benchmark: every value NaN. */
export const NO_BENCHMARK_STATS: Readonly<BenchmarkStats> = Object.freeze({
  trackingError: NaN, informationRatio: NaN, upCapture: NaN, downCapture: NaN,
});

/** empyrical `annual_return` of a subset: prod(1 + x)^(ppy / n) - 1. */
function annualReturn(x: readonly number[], ppy: number): number {
  if (x.length === 0) return NaN;
  let w = 1;
  for (const v of x) w *= 1 + v;
  return pow(w, ppy / x.length) - 1;
}

/**
 * Tracking error, information ratio and up / down capture of returns `r` against a
 * benchmark `b` aligned row by row, over the rows where both are valid (NaN pairs
 * dropped):
 * - trackingError = std(r - b, ddof=1) sqrt(ppy);
 * - informationRatio = mean(r - b) / std(r - b, ddof=1) sqrt(ppy) — annualised; quantstats
 *   0.0.62 `information_ratio` is the same ratio NOT annualised (ours / sqrt(ppy)),
 *   empyrical 0.5.5 `excess_sharpe` likewise;
 * - upCapture / downCapture: empyrical 0.5.5 `up_capture` / `down_capture`:
 *   annual_return(r[b > 0]) / annual_return(b[b > 0]) (resp. b < 0), with
 *   annual_return(x) = prod(1 + x)^(ppy / len(x)) - 1.
 * NaN rules: fewer than 2 pairs, zero tracking error, no bar with b > 0 (< 0) or a zero
 * benchmark annual return give NaN (never +-inf). O(n).
 */
export function benchmarkStats(r: ArrayLike<number>, b: ArrayLike<number>, ppy: number): BenchmarkStats {
  const active: number[] = [];
  const upR: number[] = [];
  const upB: number[] = [];
  const downR: number[] = [];
  const downB: number[] = [];
  for (let i = 0; i < r.length; i++) {
    const x = r[i];
    const y = b[i];
    if (Number.isNaN(x) || Number.isNaN(y)) continue;
    active.push(x - y);
    if (y > 0) {
      upR.push(x);
      upB.push(y);
    } else if (y < 0) {
      downR.push(x);
      downB.push(y);
    }
  }
  const n = active.length;
  const sd = n < 2 ? NaN : std(active, 1);
  const capture = (xr: number[], xb: number[]): number => {
    const d = annualReturn(xb, ppy);
    return d === 0 || Number.isNaN(d) ? NaN : annualReturn(xr, ppy) / d;
  };
  return {
    trackingError: sd * Math.sqrt(ppy),
    informationRatio: sd > 0 ? (mean(active) / sd) * Math.sqrt(ppy) : NaN,
    upCapture: capture(upR, upB),
    downCapture: capture(downR, downB),
  };
}
