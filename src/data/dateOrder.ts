/**
 * The checks every reader applies to a date index, in one place, so a CSV, an Arrow
 * IPC / Feather file, a Parquet file and a Table handed to `Panel.fromArrow` are held
 * to the same rules and give the same messages: no missing dates, no duplicates, and
 * rows in the declared order (`'ascending'`, `'descending'` or `'sort'`).
 */
import { InputError } from '../errors.js';
import { isoDate } from './dates.js';

export const DATE_ORDERS = ['ascending', 'descending', 'sort'] as const;
/**
 * Row order of a file. `'ascending'` (default): dates must increase strictly, the first
 * one out of order is an error naming its row. `'descending'`: newest first (the ECB's
 * files); must decrease strictly and is reversed on read. `'sort'`: any order, sorted
 * ascending (stable).
 */
export type DateOrder = (typeof DATE_ORDERS)[number];

/** How rows are named in messages: `line 5` of a CSV (1-based, as in the file), `row 4` of a table (0-based). */
export interface RowNames {
  /** `'line'` or `'row'`. */
  unit: string;
  /** The number shown for row r. */
  of(r: number): number;
}

/** Rows of a table, 0-based as Arrow and pandas count them. */
export const TABLE_ROWS: RowNames = { unit: 'row', of: (r) => r };

/** Throws listing every duplicated date with its rows (`2020-01-01 (lines 2, 3)`). O(T). */
export function checkDuplicateDates(fn: string, dates: ArrayLike<number>, rows: RowNames): void {
  const first = new Map<number, number>();
  const dups = new Map<number, number[]>();
  for (let r = 0; r < dates.length; r++) {
    const d = dates[r];
    const f = first.get(d);
    if (f === undefined) first.set(d, r);
    else dups.set(d, [...(dups.get(d) ?? [rows.of(f)]), rows.of(r)]);
  }
  if (dups.size > 0) {
    const list = [...dups].map(([d, ls]) => `${isoDate(d)} (${rows.unit}s ${ls.join(', ')})`);
    throw new InputError(`${fn}: duplicate dates: ${list.join('; ')}`);
  }
}

/**
 * Source row of each output row, ascending by date; throws when the declared order is
 * broken, naming the row and the one before it. O(T), or O(T log T) for `'sort'`.
 */
export function dateRowOrder(fn: string, dates: ArrayLike<number>, rows: RowNames, order: DateOrder): number[] {
  const T = dates.length;
  const out = Array.from({ length: T }, (_, r) => r);
  if (order === 'sort') return out.sort((a, b) => dates[a] - dates[b]);
  const sign = order === 'ascending' ? 1 : -1;
  for (let r = 1; r < T; r++) {
    if (sign * (dates[r] - dates[r - 1]) <= 0) {
      throw new InputError(`${fn}: ${rows.unit} ${rows.of(r)}: date ${isoDate(dates[r])} is not ${order === 'ascending' ? 'after' : 'before'} ${isoDate(dates[r - 1])} (${rows.unit} ${rows.of(r - 1)}); dates must be ${order}, or pass order 'sort'${order === 'ascending' ? " or 'descending'" : ''}`);
    }
  }
  return order === 'ascending' ? out : out.reverse();
}

/** Is `order` the identity (rows already ascending)? */
export function isIdentity(order: readonly number[]): boolean {
  for (let i = 0; i < order.length; i++) if (order[i] !== i) return false;
  return true;
}
