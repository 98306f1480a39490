import { InputError } from '../errors.js';
import { pow } from '../engine/index.js';
import { checkInt, checkNumber, checkOptions } from '../validate.js';
import { toAligned, toDates, toFloat64, type DatesInput, type ReturnsInput } from './input.js';
import { resolvePeriodsPerYear } from './metrics.js';
import { mean } from './numeric.js';
import { benchmarkStats, type BenchmarkStats } from './benchmarkStats.js';
import { alphaBeta } from './ratios.js';

export { benchmarkStats, NO_BENCHMARK_STATS } from './benchmarkStats.js';
export type { BenchmarkStats } from './benchmarkStats.js';

export interface BenchmarkMetricsOptions {
  /** Bars per year; default inferred from `dates`, else 252. */
  periodsPerYear?: number;
  /** Epoch ms (or Dates / Arrow vector) per row of the returns. */
  dates?: DatesInput;
  /**
   * Dates of the benchmark's rows when it is a separate series (e.g. another file): the
   * benchmark is then matched to the returns by exact date (rows of the returns with no
   * benchmark date get NaN and are left out). Needs `dates`. Without it the benchmark
   * must align with the returns row by row.
   */
  benchmarkDates?: DatesInput;
  /** Risk-free return per period (constant) for alpha, as empyrical's `risk_free`. */
  riskFree?: number;
}

const BENCHMARK_OPTIONS = ['periodsPerYear', 'dates', 'benchmarkDates', 'riskFree'] as const;

/** Alpha, beta and the `BenchmarkStats`, plus the number of rows both series cover. */
export interface BenchmarkMetrics extends BenchmarkStats {
  /** empyrical `alpha_beta`: alpha annualised as (1 + mean residual)^ppy - 1. */
  alpha: number;
  beta: number;
  /** Rows where both the returns and the benchmark are valid. */
  nOverlap: number;
  periodsPerYear: number;
}

/** The benchmark matched to `dates` by exact date (NaN where it has no such date). */
function matchByDate(fn: string, dates: Float64Array, bDates: Float64Array, b: Float64Array): Float64Array {
  if (bDates.length !== b.length) throw new InputError(`${fn}: benchmarkDates has ${bDates.length} entries but the benchmark has ${b.length}`);
  const at = new Map<number, number>();
  for (let i = 0; i < bDates.length; i++) {
    if (at.has(bDates[i])) throw new InputError(`${fn}: benchmarkDates repeats ${new Date(bDates[i]).toISOString().slice(0, 10)} (rows ${at.get(bDates[i])} and ${i})`);
    at.set(bDates[i], i);
  }
  const out = new Float64Array(dates.length).fill(NaN);
  for (let t = 0; t < dates.length; t++) {
    const i = at.get(dates[t]);
    if (i !== undefined) out[t] = b[i];
  }
  return out;
}

const day = (ms: number): string => (Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : String(ms));

/**
 * Benchmark-relative metrics of a return series: alpha and beta (empyrical 0.5.5
 * `alpha_beta`, the same numbers as `metrics(r, { benchmark })`), tracking error,
 * information ratio, up and down capture (see `benchmarkStats` for the formulas).
 * Both series are simple returns per bar; NaN marks a missing bar and the pairs where
 * either is NaN are left out. With `benchmarkDates` the benchmark is matched by date.
 *
 * Bad input (InputError): infinite values; a benchmark of another length without
 * `benchmarkDates`; `benchmarkDates` without `dates`; and no row where both series are
 * valid (the message gives both date ranges when known). O(n).
 */
export function benchmarkMetrics(returns: ReturnsInput, benchmark: ReturnsInput, options: BenchmarkMetricsOptions = {}): BenchmarkMetrics {
  const fn = 'benchmarkMetrics';
  checkOptions(fn, options, BENCHMARK_OPTIONS);
  const r = toFloat64(fn, 'returns', returns);
  const T = r.length;
  const dates = toDates(fn, options.dates, T);
  let b: Float64Array;
  let bDates: Float64Array | null = null;
  if (options.benchmarkDates !== undefined) {
    if (!dates) throw new InputError(`${fn}: benchmarkDates needs dates for the returns, to match the two series by date`);
    const raw = toFloat64(fn, 'benchmark', benchmark);
    bDates = toFloat64(fn, 'benchmarkDates', options.benchmarkDates);
    b = matchByDate(fn, dates, bDates, raw);
  } else {
    b = toAligned(fn, 'benchmark', benchmark, T);
  }
  for (const [name, x] of [['returns', r], ['benchmark', b]] as const) {
    for (let i = 0; i < x.length; i++) {
      if (x[i] === Infinity || x[i] === -Infinity) throw new InputError(`${fn}: ${name}[${i}] is ${x[i]}; returns must be finite (NaN marks a missing bar)`);
    }
  }
  const ppy = resolvePeriodsPerYear(fn, options.periodsPerYear, dates);
  const rf = checkNumber(fn, 'riskFree', options.riskFree ?? 0);
  const jr: number[] = [];
  const jb: number[] = [];
  for (let t = 0; t < T; t++) {
    if (Number.isNaN(r[t]) || Number.isNaN(b[t])) continue;
    jr.push(r[t]);
    jb.push(b[t]);
  }
  if (jr.length === 0) {
    const range = (d: Float64Array | null, n: number): string => (d && d.length ? `${day(d[0])} .. ${day(d[d.length - 1])}` : `${n} rows`);
    throw new InputError(
      `${fn}: the returns (${range(dates, T)}) and the benchmark (${range(bDates ?? dates, bDates ? bDates.length : T)}) have no row where both are valid; ` +
      'they must overlap in dates (with benchmarkDates) or rows',
    );
  }
  const { alpha, beta } = alphaBeta(jr, jb, new Array<number>(jr.length).fill(rf), ppy);
  return { alpha, beta, ...benchmarkStats(jr, jb, ppy), nOverlap: jr.length, periodsPerYear: ppy };
}

/**
 * Rolling beta of `returns` on `benchmark` (aligned row by row) over each trailing
 * window of `window` bars: empyrical 0.5.5 `roll_beta` / quantstats `rolling_greeks`
 * beta, i.e. cov(r, b) / var(b) of the window's pairs where both are valid (ddof cancels).
 * Output has one value per row (pandas' alignment: the window ends at the row); NaN
 * while fewer than max(minPeriods, 2) valid pairs are in the window (minPeriods default:
 * the window) and where the benchmark's variance is 0. O(T * window).
 */
export function rollingBeta(returns: ReturnsInput, benchmark: ReturnsInput, window: number, options: { minPeriods?: number } = {}): Float64Array {
  const fn = 'rollingBeta';
  checkOptions(fn, options, ['minPeriods']);
  const r = toFloat64(fn, 'returns', returns);
  const T = r.length;
  const b = toAligned(fn, 'benchmark', benchmark, T);
  const w = checkInt(fn, 'window', window, 2);
  const minPeriods = options.minPeriods === undefined ? w : checkInt(fn, 'minPeriods', options.minPeriods, 0);
  if (minPeriods > w) throw new InputError(`${fn}: minPeriods ${minPeriods} exceeds the window ${w}`);
  const need = Math.max(minPeriods, 2);
  const out = new Float64Array(T).fill(NaN);
  const xr = new Float64Array(w);
  const xb = new Float64Array(w);
  for (let t = 0; t < T; t++) {
    let k = 0;
    for (let i = Math.max(0, t - w + 1); i <= t; i++) {
      if (Number.isNaN(r[i]) || Number.isNaN(b[i])) continue;
      xr[k] = r[i];
      xb[k++] = b[i];
    }
    if (k < need) continue;
    const mb = mean(xb.subarray(0, k));
    let cov = 0;
    let vb = 0;
    for (let i = 0; i < k; i++) {
      const d = xb[i] - mb;
      cov += d * xr[i];
      vb += d * d;
    }
    out[t] = vb < 1e-30 ? NaN : cov / vb;
  }
  return out;
}
