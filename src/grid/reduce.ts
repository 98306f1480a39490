/**
 * The per-point metrics of a grid, computed in fixed memory (two scratch arrays of T per
 * worker, no allocation per point) with exactly the arithmetic of `metrics()` (empyrical
 * profile, zero risk-free rate, NaN returns dropped): numpy pairwise sums for means and
 * the two-pass std, the same drawdown recursion, so every value is bit-identical to
 * `metrics(returns, { periodsPerYear, turnover })`.
 */
import { pairwiseSum } from '../metrics/numeric.js';
import { pow } from '../engine/index.js';
import { InputError } from '../errors.js';
import { belowMinusOne } from '../metrics/metrics.js';

/** The metric columns of a grid, in table order (names as in `Metrics`). */
export const GRID_METRICS = ['sharpe', 'cagr', 'annualVolatility', 'maxDrawdown', 'calmar', 'sortino', 'turnover', 'totalReturn'] as const;
export type GridMetric = (typeof GRID_METRICS)[number];
export const N_METRICS = GRID_METRICS.length;

/** +1 when larger is better, -1 when smaller is (volatility, turnover). maxDrawdown is <= 0: larger (nearer 0) is better. */
export const METRIC_DIRECTION: Readonly<Record<GridMetric, 1 | -1>> = Object.freeze({
  sharpe: 1, cagr: 1, annualVolatility: -1, maxDrawdown: 1, calmar: 1, sortino: 1, turnover: -1, totalReturn: 1,
});

export function checkMetric(fn: string, m: unknown): GridMetric {
  if (!GRID_METRICS.includes(m as GridMetric)) throw new InputError(`${fn}: metric must be one of ${GRID_METRICS.join(', ')}, got ${JSON.stringify(m)}`);
  return m as GridMetric;
}

/** Scratch of one worker: compacted returns, squared deviations and squared shortfalls (length >= T). */
export interface MetricScratch {
  x: Float64Array;
  sq: Float64Array;
  dn: Float64Array;
}

export function metricScratch(T: number): MetricScratch {
  const n = Math.max(T, 1);
  return { x: new Float64Array(n), sq: new Float64Array(n), dn: new Float64Array(n) };
}

/** The error of `metrics()` for return `v` at index t: infinite, or below -1. */
export function badReturnError(t: number, v: number): InputError {
  if (v === Infinity || v === -Infinity) return new InputError(`metrics: returns[${t}] is ${v}; returns must be finite (NaN marks a missing bar)`);
  return new InputError(belowMinusOne('metrics', 'returns', t, v));
}

const sumOf = (a: ArrayLike<number>, start: number, n: number): number => 0 + pairwiseSum(a, start, n);

/**
 * Writes the GRID_METRICS of `returns[start .. start + len)` into `out[o + k * stride]`
 * for k = 0 .. 7 (stride 1: eight consecutive slots; the grid's store is metric-major).
 * `turnover` (same rows, or null: NaN) gives the mean one-way turnover per bar.
 * One fused pass (wealth, drawdown, squared shortfalls), then the pairwise sums; the
 * returns are read in place unless they hold NaN (then the valid ones are compacted
 * first, as `metrics()` drops them). O(len), no allocation.
 */
export function reduceMetrics(
  returns: ArrayLike<number>, start: number, len: number, turnover: ArrayLike<number> | null,
  ppy: number, s: MetricScratch, out: Float64Array, o: number, stride = 1,
): void {
  // One fused pass over the valid returns: wealth (= the drawdown's running product: the
  // same products in the same order as metrics() computes both), the empyrical max
  // drawdown from 100, min(r, 0)^2. Run on the returns in place; if they hold NaN, run
  // again on the compacted valid values.
  let a: ArrayLike<number> = returns;
  let a0 = start;
  let n = len;
  const dn = s.dn;
  let wealth = 1;
  let maxDd = 0;
  for (let pass = 0; pass < 2; pass++) {
    let missing = 0;
    let peak = 100;
    let lowest = 0;
    wealth = 1;
    maxDd = 0;
    for (let k = 0; k < n; k++) {
      const v = a[a0 + k];
      if (v !== v) {
        missing++;
        continue;
      }
      if (v < lowest) lowest = v;
      wealth *= 1 + v;
      const c = wealth * 100;
      if (c >= peak) peak = c;
      else {
        const dd = (c - peak) / peak;
        if (dd < maxDd) maxDd = dd;
      }
      const d = v < 0 ? v : 0;
      dn[k] = d * d;
    }
    // As metrics(): infinite returns and returns below -1 are refused (the simulation
    // ends a ruined book at -1 exactly, so its wealth stays >= 0 and maxDd >= -1).
    if (!Number.isFinite(wealth) || lowest < -1) {
      for (let t = start, end = start + len; t < end; t++) {
        const v = returns[t];
        if (v === Infinity || v === -Infinity || v < -1) throw badReturnError(t, v);
      }
    }
    if (missing === 0) break;
    const x = s.x;
    n = 0;
    for (let t = start, end = start + len; t < end; t++) {
      const v = returns[t];
      if (v === v) x[n++] = v;
    }
    a = x;
    a0 = 0;
  }
  if (n === 0) maxDd = NaN;
  const totalReturn = n === 0 ? NaN : wealth - 1;
  const cagr = n === 0 ? NaN : pow(wealth, 1 / (n / ppy)) - 1;
  const mean = n === 0 ? NaN : sumOf(a, a0, n) / n;
  // numpy std(ddof=1), as metrics/numeric.ts std: exactly 0 when all values are equal.
  let sd = NaN;
  if (n >= 2) {
    let allEqual = true;
    const first = a[a0];
    for (let k = 1; k < n && allEqual; k++) allEqual = a[a0 + k] === first;
    if (allEqual) sd = 0;
    else {
      const sq = s.sq;
      for (let k = 0; k < n; k++) {
        const d = a[a0 + k] - mean;
        sq[k] = d * d;
      }
      sd = Math.sqrt(sumOf(sq, 0, n) / (n - 1));
    }
  }
  const sharpe = n < 2 || sd === 0 ? NaN : (mean / sd) * Math.sqrt(ppy);
  // empyrical Sortino, required return 0: mean(r) ppy / (sqrt(mean(min(r, 0)^2)) sqrt(ppy)).
  let sortino = NaN;
  if (n >= 2) {
    const downside = Math.sqrt(sumOf(dn, 0, n) / n) * Math.sqrt(ppy);
    sortino = downside === 0 ? NaN : (mean * ppy) / downside;
  }
  const calmarRaw = maxDd < 0 ? cagr / Math.abs(maxDd) : NaN;
  let turn = NaN;
  if (turnover) {
    turn = sumOf(turnover, start, len) / len;
    if (!(turn === turn)) {
      let m = 0;
      const tv = s.sq;
      for (let t = start, end = start + len; t < end; t++) {
        const v = turnover[t];
        if (v === v) tv[m++] = v;
      }
      turn = m === 0 ? NaN : sumOf(tv, 0, m) / m;
    }
  }
  out[o] = sharpe;
  out[o + stride] = cagr;
  out[o + 2 * stride] = n < 2 ? NaN : sd * Math.sqrt(ppy);
  out[o + 3 * stride] = maxDd;
  out[o + 4 * stride] = Number.isFinite(calmarRaw) ? calmarRaw : NaN;
  out[o + 5 * stride] = sortino;
  out[o + 6 * stride] = turn;
  out[o + 7 * stride] = totalReturn;
}
