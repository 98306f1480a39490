import { Dictionary, Float64, Int32, Table, TimestampMillisecond, Utf8, Vector, makeData, makeVector, vectorFromArray } from 'apache-arrow';
import { InputError } from '../errors.js';
import { Panel } from '../panel.js';
import { checkEnum, checkOptions } from '../validate.js';
import { gridLongRows, LONG_FIELDS, LONG_PARSE_OPTIONS, parseLongCsv, type LongField, type LongParseOptions, type LongRows } from './longCsv.js';
import type { ReadReport } from './report.js';

export interface ReadLongCsvOptions extends LongParseOptions {
  /**
   * Field to pivot into a wide panel (dates x symbols), e.g. `'close'`. Without it
   * the rows are returned as an Arrow Table (for the double sort).
   */
  value?: LongField;
}

export interface LongPanelResult {
  panel: Panel;
  report: ReadReport;
}

export interface LongTableResult {
  table: Table;
  report: ReadReport;
}

const READ_LONG_OPTIONS = [...LONG_PARSE_OPTIONS, 'value'] as const;

/**
 * Reads a long-format CSV, one row per (date, symbol): columns `date`, `symbol`,
 * `close` and optionally `market_cap`, `volume`, `dollar_volume` (other columns are
 * ignored and listed in the report). Dates ISO, M/D/YYYY or epoch, detected from the
 * first row unless `dateFormat` is given; all UTC.
 *
 * - With `value` (e.g. `'close'`): pandas `df.pivot(index='date', columns='symbol',
 *   values=value)`: a Panel with one row per distinct date (ascending) and one column
 *   per symbol (sorted by code point, as pandas sorts them); a (date, symbol) pair with
 *   no row, or whose value is missing, is NaN (a stock before listing / after delisting).
 * - Without `value`: an Arrow Table with columns `date` (Timestamp ms), `symbol`
 *   (dictionary-encoded Utf8),
 *   `close` and whichever of `market_cap`, `volume`, `dollar_volume` the file has
 *   (Float64, missing = NaN), sorted by (date, symbol). When the file has `volume` but
 *   no `dollar_volume`, `dollar_volume = close * volume` is added (noted in the report).
 *
 * Rows need not be in date order (long files often are grouped by symbol): they are
 * sorted, and the report notes how often the date went back. Nothing is dropped: the
 * report counts rows read and used and the missing cells per column. Errors are
 * InputErrors naming the file, the 1-based line and the column (see `parseLongCsv`);
 * duplicate (date, symbol) rows are listed. O(R log R) for R rows.
 */
export function readLongCsv(text: string, options: ReadLongCsvOptions & { value: LongField }): LongPanelResult;
export function readLongCsv(text: string, options?: ReadLongCsvOptions & { value?: undefined }): LongTableResult;
export function readLongCsv(text: string, options?: ReadLongCsvOptions): LongPanelResult | LongTableResult;
export function readLongCsv(text: string, options: ReadLongCsvOptions = {}): LongPanelResult | LongTableResult {
  const fn = 'readLongCsv';
  checkOptions(fn, options, READ_LONG_OPTIONS);
  if (options.value !== undefined) {
    const value = checkEnum(fn, 'value', options.value, LONG_FIELDS);
    const rows = parseLongCsv(fn, text, options, ['date', 'symbol', value]);
    return pivotLong(rows, value, options.file);
  }
  const rows = parseLongCsv(fn, text, options, ['date', 'symbol', 'close']);
  return longTable(rows, options.file);
}

function baseReport(rows: LongRows, file: string | undefined, notes: string[]): Omit<ReadReport, 'rowsUsed' | 'dates' | 'symbols'> {
  const columnsUsed = Object.values(rows.names) as string[];
  if (rows.columnsIgnored.length) notes.push(`ignored column${rows.columnsIgnored.length > 1 ? 's' : ''} ${rows.columnsIgnored.map((c) => `'${c}'`).join(', ')}`);
  return {
    source: file ?? '<text>', format: 'csv', layout: 'long', rowsRead: rows.dates.length, blankLines: rows.blankLines,
    columnsUsed, columnsIgnored: rows.columnsIgnored, missing: rows.missing, notes,
  };
}

function orderNote(outOfOrder: number): string[] {
  return outOfOrder > 0 ? [`the rows are not in date order (the date goes back ${outOfOrder} time${outOfOrder > 1 ? 's' : ''}); they were sorted by (date, symbol)`] : [];
}

/** pandas `pivot(index='date', columns='symbol', values=field)` of parsed rows. O(R log R). */
export function pivotLong(rows: LongRows, field: LongField, file?: string): LongPanelResult {
  const values = rows.fields[field];
  if (!values) throw new InputError(`readLongCsv: no '${field}' column to pivot`);
  const grid = gridLongRows('readLongCsv', rows, file);
  const T = grid.dates.length;
  const N = grid.symbols.length;
  const panel = Panel.filled(T, N, NaN, { columns: grid.symbols, index: grid.dates, indexName: rows.names.date ?? 'date' });
  const v = panel.values;
  let used = 0;
  for (let r = 0; r < values.length; r++) {
    const x = values[r];
    if (Number.isNaN(x)) continue;
    v[grid.cell[r]] = x;
    used++;
  }
  const notes = orderNote(grid.outOfOrder);
  const unused = rows.dates.length - used;
  if (unused > 0) notes.push(`${unused} row${unused > 1 ? 's have' : ' has'} no ${field} (missing): NaN in the panel`);
  return { panel, report: { ...baseReport(rows, file, notes), rowsUsed: used, dates: T, symbols: N } };
}

/** The rows as an Arrow Table sorted by (date, symbol), for strategies that take long data. O(R log R). */
export function longTable(rows: LongRows, file?: string): LongTableResult {
  const grid = gridLongRows('readLongCsv', rows, file);
  const { order } = grid;
  const notes = orderNote(grid.outOfOrder);
  const R = order.length;
  const f64 = (src: ArrayLike<number>): Vector => {
    const a = new Float64Array(R);
    for (let i = 0; i < R; i++) a[i] = src[order[i]];
    return makeVector(makeData({ type: new Float64(), length: R, nullCount: 0, data: a }));
  };
  const columns: Record<string, Vector> = {
    date: makeVector(makeData({ type: new TimestampMillisecond(), length: R, nullCount: 0, data: gatherDates(rows.dates, order) })),
    symbol: symbolColumn(rows, grid.symbols, order),
  };
  for (const f of LONG_FIELDS) {
    const src = rows.fields[f];
    if (src) columns[f] = f64(src);
  }
  if (rows.fields.volume && !rows.fields.dollar_volume) {
    const close = rows.fields.close!;
    columns.dollar_volume = f64(rows.fields.volume.map((vol, r) => close[r] * vol));
    notes.push('dollar_volume = close * volume (the file has volume but no dollar_volume)');
  }
  const table = new Table(columns);
  const report = { ...baseReport(rows, file, notes), rowsUsed: R, dates: grid.dates.length, symbols: grid.symbols.length };
  return { table, report };
}

/**
 * The symbol of each row, in `order`, as a dictionary-encoded string column
 * (Dictionary<Utf8, Int32>: the sorted symbols once, an int32 per row). `get(r)`
 * returns the string, like a plain Utf8 column.
 */
function symbolColumn(rows: LongRows, sorted: string[], order: Int32Array): Vector {
  const column = new Map(sorted.map((s, j) => [s, j]));
  const idToColumn = Int32Array.from(rows.symbolNames, (s) => column.get(s)!);
  const indices = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) indices[i] = idToColumn[rows.symbolIds[order[i]]];
  const dictionary = vectorFromArray(sorted, new Utf8());
  return makeVector(makeData({ type: new Dictionary(new Utf8(), new Int32()), length: order.length, nullCount: 0, data: indices, dictionary }));
}

/** Timestamp(ms) storage: int64 epoch ms (BigInt64Array), in `order`. */
function gatherDates(dates: number[], order: Int32Array): BigInt64Array {
  const out = new BigInt64Array(order.length);
  for (let i = 0; i < order.length; i++) out[i] = BigInt(dates[order[i]]);
  return out;
}
