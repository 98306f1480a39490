/**
 * The input side of the tear sheet: a column of returns or prices checked and turned
 * into simple returns (errors name the source, the column and the date), and a
 * benchmark compounded onto the series' dates.
 */
import { InputError } from '../errors.js';
import { isoDate } from '../data/dates.js';

/** What a tear sheet's values are: simple returns per row, or prices (converted to returns). */
export const TEAR_SHEET_INPUTS = ['returns', 'prices'] as const;
export type TearSheetInput = (typeof TEAR_SHEET_INPUTS)[number];

/**
 * The rule that flags a returns column holding prices (`checkNotPrices`), in one place:
 * every valid value above 1 (values below -1 are refused before, as impossible returns);
 * or every value positive, the median at
 * least `minMedian` and the median step between consecutive values at most `maxStep`
 * of the level (a price path moves by a few percent a bar; returns jump about by their
 * own size).
 */
export const PRICE_RULE = Object.freeze({ minMedian: 0.05, maxStep: 0.25 });

/** One column, ready for the tear sheet: simple returns on their dates. */
export interface ReturnsColumn {
  name: string;
  /** Simple returns from the first to the last valid row (NaN inside marks a missing bar). */
  returns: Float64Array;
  dates: Float64Array;
  /** Epoch ms at which the wealth is 1: the first price's date for prices, NaN for returns. */
  inception: number;
  /** What was done to the input, for the page (e.g. "prices converted to returns; first row dropped"). */
  notes: string[];
}

/** "file: column 'x'" or "column 'x'". */
function where(source: string | undefined, column: string): string {
  return `${source ? `${source}: ` : ''}column '${column}'`;
}

function median(a: number[]): number {
  const s = [...a].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Throws an InputError when a column read as returns holds prices (`PRICE_RULE`),
 * suggesting `input: 'prices'` (`--input prices`). Needs at least 2 valid values.
 */
export function checkNotPrices(values: ArrayLike<number>, dates: ArrayLike<number>, column: string, source?: string): void {
  const v: number[] = [];
  let firstRow = -1;
  for (let t = 0; t < values.length; t++) {
    if (Number.isNaN(values[t])) continue;
    if (firstRow < 0) firstRow = t;
    v.push(values[t]);
  }
  if (v.length < 2) return;
  const hint = 'read it as prices (input: \'prices\'; on the command line --input prices), which converts them to simple returns';
  const first = `first value ${v[0]} on ${isoDate(dates[firstRow])}`;
  if (v.every((x) => x > 1)) {
    throw new InputError(`${where(source, column)} holds prices, not returns: every value is above 1 (a gain of over 100% every period; ${first}); ${hint}`);
  }
  if (v.every((x) => x > 0)) {
    const level = median(v);
    const steps: number[] = [];
    for (let i = 1; i < v.length; i++) steps.push(Math.abs(v[i] / v[i - 1] - 1));
    const step = median(steps);
    if (level >= PRICE_RULE.minMedian && step <= PRICE_RULE.maxStep) {
      throw new InputError(
        `${where(source, column)} holds prices, not returns: every value is positive, the median is ${level.toPrecision(4)} and consecutive values differ by a median ${(step * 100).toFixed(2)}% of their level, `
        + `as a price path does (${first}); ${hint}. If these really are returns, turn the check off (priceCheck: false; --no-price-check)`,
      );
    }
  }
}

/**
 * Checks a returns column and trims it to its first..last valid row: values must be
 * finite (NaN marks a missing bar) and >= -1 (a loss of more than 100% is impossible);
 * errors name the source, column, date and data row (1 = the first data row).
 */
export function returnsColumn(name: string, values: ArrayLike<number>, dates: ArrayLike<number>, opts: { source?: string; priceCheck?: boolean } = {}): ReturnsColumn {
  for (let t = 0; t < values.length; t++) {
    const x = values[t];
    if (x === Infinity || x === -Infinity) {
      throw new InputError(`${where(opts.source, name)} on ${isoDate(dates[t])} (data row ${t + 1}) is ${x}; returns must be finite (NaN or an empty cell marks a missing bar)`);
    }
    if (x < -1) {
      throw new InputError(`${where(opts.source, name)} on ${isoDate(dates[t])} (data row ${t + 1}) is ${x}; a simple return cannot be below -1 (a loss of more than 100%). Are these log returns or percentages? Give simple returns as fractions (0.01 = 1%)`);
    }
  }
  if (opts.priceCheck !== false) checkNotPrices(values, dates, name, opts.source);
  const [a, b] = validSpan(values);
  if (a < 0) throw new InputError(`${where(opts.source, name)} has no valid value (every row is missing)`);
  const notes: string[] = [];
  if (a > 0 || b < values.length - 1) notes.push(`${a} leading and ${values.length - 1 - b} trailing missing rows left out`);
  return { name, returns: Float64Array.from(values).subarray(a, b + 1), dates: Float64Array.from(dates).subarray(a, b + 1), inception: NaN, notes };
}

/**
 * Simple returns of a price column: r_t = p_t / p_s - 1 with s the previous row holding
 * a price (pandas `pct_change(fill_method=None)` over the valid prices), NaN on rows
 * without a price. The first price's row has no return and is dropped: its date becomes
 * the inception (the wealth of 1). Prices must be finite and > 0 (errors name source,
 * column, date and data row).
 */
export function pricesColumn(name: string, values: ArrayLike<number>, dates: ArrayLike<number>, opts: { source?: string } = {}): ReturnsColumn {
  for (let t = 0; t < values.length; t++) {
    const p = values[t];
    if (Number.isNaN(p)) continue;
    if (!(p > 0) || p === Infinity) {
      throw new InputError(`${where(opts.source, name)} on ${isoDate(dates[t])} (data row ${t + 1}) is ${p}; prices must be finite and > 0 to make simple returns (NaN or an empty cell marks a missing price)`);
    }
  }
  const [a, b] = validSpan(values);
  if (a < 0) throw new InputError(`${where(opts.source, name)} has no valid price (every row is missing)`);
  if (a === b) throw new InputError(`${where(opts.source, name)} has one price (${isoDate(dates[a])}); returns need at least two`);
  const T = b - a;
  const returns = new Float64Array(T).fill(NaN);
  let prev = values[a];
  for (let t = a + 1; t <= b; t++) {
    if (Number.isNaN(values[t])) continue;
    returns[t - a - 1] = values[t] / prev - 1;
    prev = values[t];
  }
  const notes = [`prices converted to simple returns; the first price's row (${isoDate(dates[a])}) has no return and was dropped`];
  if (a > 0 || b < values.length - 1) notes.push(`${a} leading and ${values.length - 1 - b} trailing missing rows left out`);
  return { name, returns, dates: Float64Array.from(dates).subarray(a + 1, b + 1), inception: dates[a], notes };
}

function validSpan(values: ArrayLike<number>): [number, number] {
  let a = -1;
  let b = -1;
  for (let t = 0; t < values.length; t++) {
    if (Number.isNaN(values[t])) continue;
    if (a < 0) a = t;
    b = t;
  }
  return [a, b];
}

/**
 * The benchmark's return over each of the series' periods: for row t, the benchmark's
 * valid returns dated in (dates[t-1], dates[t]] compounded, prod(1 + b) - 1, so a daily
 * benchmark lines up with a weekly or monthly series; for row 0, the benchmark's return
 * dated exactly dates[0]. NaN where no benchmark row falls in the period, and where the
 * benchmark does not cover the whole period (its data start after dates[t-1], or its
 * last row is before dates[t]), so a partly observed period never passes for a whole
 * one. The benchmark's data start at `inception` when given (a price series: its first
 * price's date), else at its first valid row. Both date arrays ascending. O(T + B).
 */
export function alignBenchmark(dates: ArrayLike<number>, bDates: ArrayLike<number>, bReturns: ArrayLike<number>, inception = NaN): Float64Array {
  const T = dates.length;
  const B = bDates.length;
  const out = new Float64Array(T).fill(NaN);
  if (B === 0) return out;
  // The first valid benchmark row: the benchmark's data start (its period begins before it).
  let firstValid = -1;
  let lastValid = -1;
  for (let i = 0; i < B; i++) {
    if (Number.isNaN(bReturns[i])) continue;
    if (firstValid < 0) firstValid = i;
    lastValid = i;
  }
  if (firstValid < 0) return out;
  const start = Number.isNaN(inception) ? bDates[firstValid] : inception;
  let i = 0;
  for (let t = 0; t < T; t++) {
    // Row 0's period is unknown before its date: only a benchmark row dated exactly there counts.
    const lo = t === 0 ? dates[0] - 1 : dates[t - 1];
    const hi = dates[t];
    while (i < B && bDates[i] <= lo) i++;
    if (t > 0 && start > lo) continue; // the benchmark starts inside the period
    if (bDates[lastValid] < hi) continue; // ... or ends inside it
    let w = 1;
    let k = 0;
    for (let j = i; j < B && bDates[j] <= hi; j++) {
      if (Number.isNaN(bReturns[j])) continue;
      w *= 1 + bReturns[j];
      k++;
    }
    if (k > 0) out[t] = w - 1;
  }
  return out;
}
