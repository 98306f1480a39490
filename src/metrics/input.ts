import type { Vector } from 'apache-arrow';
import { isArrowVector } from '../arrow.js';
import { InputError } from '../errors.js';

/** What the metrics accept for a return (or price, turnover) series. */
export type ReturnsInput = Float64Array | readonly number[] | Vector;

/** What the metrics accept for dates: epoch milliseconds, Dates, or an Arrow date/timestamp Vector. */
export type DatesInput = Float64Array | readonly (number | Date)[] | Vector;

/** An Arrow cell as a number: null -> NaN, Date -> epoch ms, bigint -> Number. */
function cellToNumber(v: unknown): number {
  if (v === null || v === undefined) return NaN;
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'bigint') return Number(v);
  return Number(v);
}

/**
 * A Float64Array copy of a series (Arrow nulls read as NaN). Copies so that callers
 * never hold a view into wasm memory or an Arrow buffer. Non-numeric entries are an
 * InputError naming the argument and the first offending position.
 */
export function toFloat64(fn: string, arg: string, x: unknown): Float64Array {
  if (x instanceof Float64Array) return x.slice();
  if (isArrowVector(x)) {
    const out = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) out[i] = cellToNumber(x.get(i));
    return out;
  }
  if (Array.isArray(x) || ArrayBuffer.isView(x)) {
    const a = x as ArrayLike<unknown>;
    const out = new Float64Array(a.length);
    for (let i = 0; i < a.length; i++) {
      const v = a[i];
      if (v === null || v === undefined) out[i] = NaN;
      else if (typeof v === 'number') out[i] = v;
      else if (v instanceof Date && arg.includes('date')) out[i] = v.getTime();
      else throw new InputError(`${fn}: ${arg}[${i}] is ${typeof v} ${String(v)}; expected a number (NaN marks a missing value)`);
    }
    return out;
  }
  throw new InputError(`${fn}: ${arg} must be a Float64Array, an array of numbers or an Arrow Vector, got ${x === null ? 'null' : typeof x}`);
}

/** Epoch-ms dates of the same length as the series, or null when not given. */
export function toDates(fn: string, dates: unknown, length: number): Float64Array | null {
  if (dates === undefined || dates === null) return null;
  const d = toFloat64(fn, 'dates', dates);
  if (d.length === 0) return null;
  if (d.length !== length) throw new InputError(`${fn}: dates has ${d.length} entries but the returns have ${length}; they must align row by row`);
  return d;
}

/** A series that must align row by row with the returns (benchmark, turnover, risk-free). */
export function toAligned(fn: string, arg: string, x: unknown, length: number): Float64Array {
  const a = toFloat64(fn, arg, x);
  if (a.length !== length) throw new InputError(`${fn}: ${arg} has ${a.length} rows but the returns have ${length}; they must align row by row`);
  return a;
}

/** The non-NaN values of `a`, in order, and the row each came from. */
export function dropNaN(a: Float64Array): { values: Float64Array; rows: Int32Array } {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (!Number.isNaN(a[i])) n++;
  const values = new Float64Array(n);
  const rows = new Int32Array(n);
  for (let i = 0, k = 0; i < a.length; i++) {
    if (!Number.isNaN(a[i])) {
      values[k] = a[i];
      rows[k++] = i;
    }
  }
  return { values, rows };
}
