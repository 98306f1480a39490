/**
 * Validation of the date column of an Arrow Table (from an Arrow IPC / Feather file, a
 * Parquet file, or built in memory) before it becomes a Panel's index: the checks of
 * `readCsv` (`dateOrder.ts`) plus nulls, which a CSV cannot have but Arrow can (read
 * naively, a null date becomes 1970-01-01).
 */
import { DataType, DateUnit, Dictionary, TimeUnit, TimestampMillisecond, Vector, makeData, makeVector } from 'apache-arrow';
import { InputError } from '../errors.js';
import { checkDuplicateDates, dateRowOrder, isIdentity, TABLE_ROWS, type DateOrder } from './dateOrder.js';

/** A Date or Timestamp type, or a dictionary of them (`dictionary<values=date32>`). */
export function isDateType(type: DataType): boolean {
  if (DataType.isDate(type) || DataType.isTimestamp(type)) return true;
  return DataType.isDictionary(type) && isDateType((type as Dictionary).dictionary);
}

/** A date index in ascending order: the source row of each output row, and the index vector to use. */
export interface SortedDates {
  /** Source row of each panel row; null when the table is already ascending. */
  rows: number[] | null;
  /** The index: the column itself, or (when rows were reordered) a Timestamp(ms) vector in the new order. */
  index: Vector;
}

/**
 * Checks the date column `vec` (named `name`) of a table: no null dates (all listed,
 * up to 20, by 0-based row), no duplicates, and rows in `order` (default
 * `'ascending'`), with the messages of `readCsv` (rows instead of lines). With
 * `'descending'` or `'sort'` it returns the permutation that makes the rows ascending.
 * O(T) (O(T log T) for `'sort'`); reads the column once.
 */
export function checkTableDates(fn: string, vec: Vector, name: string, order: DateOrder = 'ascending'): SortedDates {
  const T = vec.length;
  const { dates, nulls } = readDates(fn, vec, name);
  if (nulls.length > 0) {
    const more = nulls.length > 20 ? ` and ${nulls.length - 20} more` : '';
    throw new InputError(`${fn}: the date column '${name}' has ${nulls.length} missing (null) date${nulls.length > 1 ? 's' : ''}, at row${nulls.length > 1 ? 's' : ''} ${nulls.slice(0, 20).join(', ')}${more} (0-based); every row needs a date: drop those rows or fill their dates`);
  }
  // Fast path: strictly ascending dates have no duplicates and need no reordering.
  if (order === 'ascending' && isStrictlyAscending(dates)) return { rows: null, index: vec };
  checkDuplicateDates(`${fn}: column '${name}'`, dates, TABLE_ROWS);
  const rows = dateRowOrder(`${fn}: column '${name}'`, dates, TABLE_ROWS, order);
  if (isIdentity(rows)) return { rows: null, index: vec };
  const sorted = new BigInt64Array(T);
  for (let t = 0; t < T; t++) sorted[t] = BigInt(dates[rows[t]]);
  return { rows, index: makeVector(makeData({ type: new TimestampMillisecond(), length: T, nullCount: 0, data: sorted })) };
}

/**
 * Epoch ms of every row, and the rows whose date is null. Timestamp(ms) and Date(day)
 * chunks are read from their buffers (honouring offsets and null bitmaps); other types
 * (other units, dictionaries) through the vector's getter, which converts to ms.
 */
function readDates(fn: string, vec: Vector, name: string): { dates: Float64Array; nulls: number[] } {
  const dates = new Float64Array(vec.length);
  const nulls: number[] = [];
  let t0 = 0;
  for (const chunk of vec.data) {
    const n = chunk.length;
    const bitmap = chunk.nullCount > 0 ? chunk.nullBitmap : null;
    const off = chunk.offset;
    const type = chunk.type;
    const isMs = DataType.isTimestamp(type) && type.unit === TimeUnit.MILLISECOND && chunk.values instanceof BigInt64Array;
    const isDay = DataType.isDate(type) && type.unit === DateUnit.DAY && chunk.values instanceof Int32Array;
    const get = isMs || isDay ? null : makeVector(chunk);
    for (let i = 0; i < n; i++) {
      const t = t0 + i;
      if (bitmap && !((bitmap[(off + i) >> 3] >> ((off + i) & 7)) & 1)) {
        nulls.push(t);
        continue;
      }
      if (isMs) {
        dates[t] = Number((chunk.values as BigInt64Array)[i]);
        continue;
      }
      if (isDay) {
        dates[t] = (chunk.values as Int32Array)[i] * 86_400_000;
        continue;
      }
      const d = get!.get(i) as number | Date | bigint | null;
      if (d === null || d === undefined) {
        nulls.push(t);
        continue;
      }
      dates[t] = Number(d instanceof Date ? d.getTime() : d);
      if (!Number.isFinite(dates[t])) throw new InputError(`${fn}: the date column '${name}' (${String(vec.type)}), row ${t}: ${JSON.stringify(String(d))} is not a date; the index must be a Date or Timestamp column`);
    }
    t0 += n;
  }
  return { dates, nulls };
}

function isStrictlyAscending(dates: Float64Array): boolean {
  for (let t = 1; t < dates.length; t++) if (!(dates[t] > dates[t - 1])) return false;
  return true;
}

/** Reorders the rows of a time-major block in place: row t takes source row `rows[t]`. O(T N) time and memory. */
export function permuteRows(values: Float64Array, nCols: number, rows: readonly number[]): void {
  const src = values.slice(0, rows.length * nCols);
  for (let t = 0; t < rows.length; t++) values.set(src.subarray(rows[t] * nCols, (rows[t] + 1) * nCols), t * nCols);
}

/** Throws naming the column when `order` is not a DateOrder. */
export function checkDateOrderOption(fn: string, order: unknown): DateOrder {
  if (order === undefined) return 'ascending';
  if (order !== 'ascending' && order !== 'descending' && order !== 'sort') {
    throw new InputError(`${fn}: order must be 'ascending', 'descending' or 'sort', got ${JSON.stringify(order)}`);
  }
  return order;
}
