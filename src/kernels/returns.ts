import { InputError } from '../errors.js';
import type { Panel } from '../panel.js';
import { applyUnary, type BackendOption, type SeriesInput } from './dispatch.js';
import { checkInt, checkOptions } from '../validate.js';

/** The lag in rows, and the backend. */
export interface PeriodsOptions extends BackendOption {
  /** Rows between the two prices (pctChange, logReturns: an integer >= 1; shift: any integer). */
  periods?: number;
}

/** Defaults shared by the wrappers and the kernels (one place). */
export const RETURNS_DEFAULTS = { periods: 1 } as const;

const PERIODS_OPTIONS = ['periods', 'backend'] as const;
const BACKEND_ONLY = ['backend'] as const;

/** Splits `periods | { periods, backend }` into its parts, rejecting unknown options. */
function periodsArg(fn: string, arg: number | PeriodsOptions | undefined, fallback?: number): { periods: unknown; backend: unknown } {
  if (arg !== null && typeof arg === 'object') {
    checkOptions(fn, arg, PERIODS_OPTIONS);
    return { periods: arg.periods ?? fallback, backend: arg.backend };
  }
  return { periods: arg ?? fallback, backend: undefined };
}

/** A lookback of k >= 1 rows that leaves at least one row with a value (k < nRows). */
function checkLookback(fn: string, periods: number, p: Panel): void {
  if (periods >= p.nRows) {
    throw new InputError(`${fn}: periods ${periods} is longer than the data: ${p.nRows} rows give no value; periods must be < ${p.nRows}`);
  }
}

/** A positive integer lookback; a negative one would compare with the future. */
function checkPositivePeriods(fn: string, periods: unknown): number {
  if (periods === undefined) throw new InputError(`${fn}: periods is required (an integer >= 1)`);
  if (typeof periods === 'number' && Number.isInteger(periods) && periods < 1) {
    throw new InputError(`${fn}: periods must be an integer >= 1 (a lookback of ${periods} rows would look ahead), got ${periods}`);
  }
  return checkInt(fn, 'periods', periods, 1);
}

/**
 * Simple returns over `periods` rows on every column: pandas
 * `x.pct_change(periods, fill_method=None)`, i.e. out_t = x_t / x_{t-k} - 1 in pandas'
 * operation order (bit-identical to pandas).
 *
 * `periods` is an integer >= 1 (a negative lookback would be look-ahead; use `shift`
 * for that on purpose) and must be < the number of rows. NaN rules: the first k rows
 * are NaN (warm-up); a NaN at either end gives NaN (no forward fill, unlike pandas'
 * old default fill_method='pad'); a zero previous price gives +-Infinity (or NaN for
 * 0/0) as in pandas. Complexity O(T N), one pass; in a time-major panel x_{t-k} is a
 * fixed offset of k N cells, so the wasm kernel streams the panel two cells per SIMD lane.
 */
export function pctChange<I extends SeriesInput>(x: I, periods: number | PeriodsOptions = RETURNS_DEFAULTS.periods): I {
  const fn = 'pctChange';
  const a = periodsArg(fn, periods, RETURNS_DEFAULTS.periods);
  const k = checkPositivePeriods(fn, a.periods);
  return applyUnary(fn, x, a.backend, (kn, xp, out, T, N) => kn.pctChange(xp, out, T, N, k), (p) => checkLookback(fn, k, p));
}

/**
 * Shifts every column by `periods` rows: pandas `x.shift(periods)`, out_t = x_{t-k}.
 * Positive periods LAG (the value of k rows earlier; the first k rows are NaN).
 * Negative periods LEAD: out_t = x_{t+|k|} looks FORWARD in time (the last |k| rows are
 * NaN), which is look-ahead unless you mean it (e.g. forward returns for a label).
 * 0 returns a copy. |periods| must be < the number of rows (otherwise nothing is
 * left but NaN). NaN inputs move like any value. O(T N): one contiguous copy.
 */
export function shift<I extends SeriesInput>(x: I, periods: number | PeriodsOptions): I {
  const fn = 'shift';
  const a = periodsArg(fn, periods);
  if (a.periods === undefined) throw new InputError(`${fn}: periods is required (an integer; positive lags, negative leads)`);
  if (typeof a.periods !== 'number' || !Number.isInteger(a.periods)) {
    throw new InputError(`${fn}: periods must be an integer (positive lags, negative leads), got ${String(a.periods)}`);
  }
  const k = a.periods;
  return applyUnary(fn, x, a.backend, (kn, xp, out, T, N) => kn.shift(xp, out, T, N, k), (p) => {
    if (k !== 0 && Math.abs(k) >= p.nRows) {
      throw new InputError(`${fn}: periods ${k} is longer than the data: shifting ${p.nRows} rows by ${Math.abs(k)} leaves only NaN; |periods| must be < ${p.nRows}`);
    }
  });
}

/** "column 'BTC', row 17 (2024-01-18)": where a cell is, for error messages. */
function cellName(p: Panel, cell: number): string {
  const t = Math.floor(cell / p.nCols);
  const j = cell - t * p.nCols;
  let where = `column '${p.columns[j]}', row ${t}`;
  if (p.index) {
    const ms = p.dates()[t];
    if (Number.isFinite(ms)) {
      const iso = new Date(ms).toISOString();
      where += ` (${iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso})`;
    }
  }
  return where;
}

/**
 * Log returns over `periods` rows on every column: ln(x_t / x_{t-k}), as
 * `np.log(x / x.shift(periods))` in pandas. For a return r = (x_t - x_{t-k}) / x_{t-k} in
 * (1/sqrt(2) - 1, sqrt(2) - 1) it is evaluated as log1p(r), which keeps full relative
 * precision for small returns (the rounded ratio near 1 loses up to ~1e-16 absolute, so
 * it differs from the numpy expression by about 1e-16 absolute there); outside that
 * range as ln of the ratio. Accurate to about 1 ulp for any positive prices.
 *
 * `periods` is an integer >= 1, < the number of rows. Prices must be positive: the
 * kernel first scans the panel and returns the first (row-major) cell that is zero or
 * negative, and this function throws an InputError naming its column, row and date.
 * NaN rules as pctChange (first k rows NaN; NaN at either end gives NaN).
 * Complexity O(T N): one scan plus one pass; the wasm evaluates the log on two cells
 * per SIMD lane (a port of musl's log). The wasm and `backend: 'js'` (Math.log1p /
 * Math.log) results agree within 1 ulp.
 */
export function logReturns<I extends SeriesInput>(x: I, periods: number | PeriodsOptions = RETURNS_DEFAULTS.periods): I {
  const fn = 'logReturns';
  const a = periodsArg(fn, periods, RETURNS_DEFAULTS.periods);
  const k = checkPositivePeriods(fn, a.periods);
  let panel: Panel | null = null;
  return applyUnary(fn, x, a.backend, (kn, xp, out, T, N) => {
    const bad = kn.logReturns(xp, out, T, N, k);
    if (bad >= 0) {
      const p = panel!;
      const value = p.values[bad];
      throw new InputError(`${fn}: price ${value} at ${cellName(p, bad)} is not positive; log returns need prices > 0 (NaN marks a missing price)`);
    }
  }, (p) => {
    checkLookback(fn, k, p);
    panel = p;
  });
}

/**
 * Cumulative returns: the growth of 1 invested, pandas `(1 + r).cumprod()` on every
 * column (skipna): out_t = (1 + r_0)(1 + r_1)...(1 + r_t) over the observed rows,
 * multiplied left to right (bit-identical to pandas). A NaN return gives NaN on that
 * row and the product continues past it; leading NaNs stay NaN. Subtract 1 for the
 * cumulative return itself. O(T N) time, O(N) scratch.
 */
export function cumReturns<I extends SeriesInput>(r: I, options: BackendOption = {}): I {
  const fn = 'cumReturns';
  checkOptions(fn, options, BACKEND_ONLY);
  return applyUnary(fn, r, options?.backend, (kn, xp, out, T, N) => kn.cumReturns(xp, out, T, N));
}
