import { expect } from 'vitest';

// Brute-force references for the rolling kernels, from the definitions (pandas
// semantics), one column at a time on plain arrays: every window is recomputed from
// scratch with the corrected two-pass formula (mean first, then the sums of deviations
// and of their products), which is accurate. No state carries from one window to the next.

/** Rows of the window ending at t. */
function rows(t: number, window: number): number[] {
  const out: number[] = [];
  for (let r = Math.max(0, t - window + 1); r <= t; r++) out.push(r);
  return out;
}

const allEqual = (a: number[]): boolean => a.every((v) => v === a[0]);
const mean = (a: number[]): number => a.reduce((s, v) => s + v, 0) / a.length;

/** pandas rolling mean: NaNs skipped; NaN below max(minPeriods, 1) valid values. */
export function bruteMean(x: number[], window: number, minPeriods: number): number[] {
  return x.map((_, t) => {
    const v = rows(t, window).map((r) => x[r]).filter((a) => !Number.isNaN(a));
    if (v.length < Math.max(minPeriods, 1)) return NaN;
    return allEqual(v) ? v[0] : mean(v);
  });
}

/**
 * pandas rolling cov of x and y over rows where both are valid (var when y = x). NaN
 * below max(minPeriods, 1) such rows or when n <= ddof; 0 when x or y is constant there.
 */
export function bruteCov(x: number[], y: number[], window: number, minPeriods: number, ddof: number): number[] {
  return x.map((_, t) => {
    const r = rows(t, window).filter((k) => !Number.isNaN(x[k]) && !Number.isNaN(y[k]));
    const n = r.length;
    if (n < Math.max(minPeriods, 1) || n <= ddof) return NaN;
    const xs = r.map((k) => x[k]);
    const ys = r.map((k) => y[k]);
    if (allEqual(xs) || allEqual(ys)) return 0;
    // corrected two-pass: the correction term cancels the rounding error of the means
    const mx = mean(xs);
    const my = mean(ys);
    let s = 0;
    let dx = 0;
    let dy = 0;
    for (let i = 0; i < n; i++) {
      s += (xs[i] - mx) * (ys[i] - my);
      dx += xs[i] - mx;
      dy += ys[i] - my;
    }
    return (s - (dx * dy) / n) / (n - ddof);
  });
}

export function bruteVar(x: number[], window: number, minPeriods: number, ddof: number): number[] {
  return bruteCov(x, x, window, minPeriods, ddof);
}

/** pandas rolling corr over jointly valid rows; NaN below max(minPeriods, 2) rows or a zero variance. */
export function bruteCorr(x: number[], y: number[], window: number, minPeriods: number): number[] {
  const c = bruteCov(x, y, window, Math.max(minPeriods, 2), 1);
  const vx = bruteCov(x, x.map((v, k) => (Number.isNaN(y[k]) ? NaN : v)), window, Math.max(minPeriods, 2), 1);
  const vy = bruteCov(y.map((v, k) => (Number.isNaN(x[k]) ? NaN : v)), y, window, Math.max(minPeriods, 2), 1);
  return c.map((cv, t) => (vx[t] > 0 && vy[t] > 0 ? Math.max(-1, Math.min(1, cv / Math.sqrt(vx[t] * vy[t]))) : NaN));
}

/** Spread (max - min) of the valid values of x in the window ending at t, over rows `keep` allows. */
export function spread(x: number[], t: number, window: number, keep: (r: number) => boolean = () => true): number {
  const v = rows(t, window).filter((r) => keep(r) && !Number.isNaN(x[r])).map((r) => x[r]);
  return v.length ? Math.max(...v) - Math.min(...v) : 0;
}

/**
 * Asserts |a - b| <= tol * (|b| + scale[i]) cell by cell, NaN exactly where expected.
 * `scale` is the natural size of an error (e.g. the product of the windows' spreads for
 * a covariance); without it the check is purely relative.
 */
export function expectRel(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, label: string, scale?: ArrayLike<number>): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const b = expected[i];
    if (Number.isNaN(a) || Number.isNaN(b)) {
      if (Number.isNaN(a) !== Number.isNaN(b)) expect.fail(`${label} at ${i}: got ${a}, expected ${b}`);
      continue;
    }
    if (a === b) continue;
    const bound = tol * (Math.abs(b) + (scale ? scale[i] : 0));
    if (!(Math.abs(a - b) <= bound)) expect.fail(`${label} at ${i}: got ${a}, expected ${b} (bound ${bound})`);
  }
}

/** Neumaier-compensated sum of f(i) for i in [lo, hi]: error ~ u |sum| + n u^2 sum |f|. */
function compensatedSum(lo: number, hi: number, f: (i: number) => number): number {
  let s = 0;
  let c = 0;
  for (let i = lo; i <= hi; i++) {
    const v = f(i);
    const t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? (s - t) + v : (v - t) + s;
    s = t;
  }
  return s + c;
}

/**
 * Covariance (ddof 1) of x and y over rows t - window + 1 .. t, all valid: corrected
 * two-pass with compensated sums (means first, then the deviations' products and the
 * correction term). Accurate to a few u relative to sqrt(var x var y) whatever the
 * data's offset, so it serves as the exact reference on ill-conditioned series.
 */
export function exactWindowCov(x: ArrayLike<number>, y: ArrayLike<number>, t: number, window: number): number {
  const lo = t - window + 1;
  const mx = compensatedSum(lo, t, (i) => x[i]) / window;
  const my = compensatedSum(lo, t, (i) => y[i]) / window;
  const s = compensatedSum(lo, t, (i) => (x[i] - mx) * (y[i] - my));
  const dx = compensatedSum(lo, t, (i) => x[i] - mx);
  const dy = compensatedSum(lo, t, (i) => y[i] - my);
  return (s - (dx * dy) / window) / (window - 1);
}
