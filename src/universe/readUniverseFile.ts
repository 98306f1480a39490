import { DataType, type Table, type Vector } from 'apache-arrow';
import { InputError } from '../errors.js';
import type { Panel } from '../panel.js';
import { checkOptions } from '../validate.js';
import { decodeArrow } from '../io/arrowIpc.js';
import { decodeParquet } from '../io/parquet.js';
import { formatOf, type FileFormat } from '../io/format.js';
import { readFileBytes } from '../io/fsErrors.js';
import { parseLongCsv, type LongField, type LongParseOptions, type LongRows } from '../io/longCsv.js';
import { pivotLong } from '../io/readLongCsv.js';
import type { ReadReport } from '../io/report.js';

/** The panels `universe` and the strategies read, from one long file. */
export interface UniverseData {
  /** Closing prices, dates x symbols (NaN where a symbol has no row or no close). */
  close: Panel;
  /** Traded volume, same dates and columns; null when the file has no `volume` column. */
  volume: Panel | null;
  /** Traded value (the file's `dollar_volume` column, as given), same dates and columns; null when absent. */
  dollarVolume: Panel | null;
  /** Market capitalisation, same dates and columns; null when the file has no `market_cap` column. */
  marketCap: Panel | null;
  /** The accounting of the close pivot (rows read and used, missing cells, notes). */
  report: ReadReport;
}

export interface ReadUniverseFileOptions {
  /** Override the format implied by the extension (`'csv'`, `'arrow'`, `'parquet'`). */
  format?: FileFormat;
  /** Columns that must be present besides date, symbol and close: `'volume'` and/or `'market_cap'`. */
  require?: readonly ('volume' | 'market_cap' | 'dollar_volume')[];
  /** CSV only: options of the long CSV parser (`columns` renames, `dateFormat`, `naValues`, `delimiter`). */
  long?: Omit<LongParseOptions, 'file'>;
}

const OPTIONS = ['format', 'require', 'long'] as const;
const OPTIONAL_FIELDS = ['volume', 'market_cap', 'dollar_volume'] as const;

/**
 * Reads a long file (one row per date and symbol; CSV, Arrow IPC or Parquet) with
 * columns `date, symbol, close` and optionally `volume`, `market_cap`, `dollar_volume` (names matched
 * exactly, then case-insensitively; other columns ignored and listed in the report),
 * and returns one wide panel per field, all on the same calendar (every distinct date,
 * ascending) and the same columns (symbols sorted by code point): pandas
 * `df.pivot(index='date', columns='symbol', values=field)` for each field. A missing
 * (date, symbol) row or cell is NaN in every panel. Arrow / Parquet date columns must
 * be Date or Timestamp, symbol a string column, the fields numeric (nulls read as NaN).
 *
 * Errors (InputError naming the file and the column, line or row): no such file; a
 * required column absent (listing the columns the file has); everything `readLongCsv`
 * rejects (bad dates, negative values, duplicate (date, symbol) rows listed with their
 * lines / rows). Nothing is dropped silently. O(R log R) for R rows.
 */
export function readUniverseFile(path: string, options: ReadUniverseFileOptions = {}): UniverseData {
  const fn = 'readUniverseFile';
  checkOptions(fn, options, OPTIONS);
  const required = options.require ?? [];
  if (!Array.isArray(required) || !required.every((r) => (OPTIONAL_FIELDS as readonly string[]).includes(r))) {
    throw new InputError(`${fn}: require must be a list of ${OPTIONAL_FIELDS.map((f) => `'${f}'`).join(', ')}, got ${JSON.stringify(required)}`);
  }
  const format = formatOf(fn, path, options.format);
  const bytes = readFileBytes(fn, path);
  let rows: LongRows;
  if (format === 'csv') {
    rows = parseLongCsv(fn, new TextDecoder().decode(bytes), { ...options.long, file: path }, ['date', 'symbol', 'close']);
  } else {
    if (options.long !== undefined) throw new InputError(`${fn}: long (CSV parser options) applies to CSV only; ${path} is ${format}`);
    rows = tableRows(fn, format === 'arrow' ? decodeArrow(fn, bytes, path) : decodeParquet(fn, bytes, path), path);
  }
  for (const f of required as readonly LongField[]) {
    if (!rows.fields[f]) {
      const has = [...Object.values(rows.names), ...rows.columnsIgnored].map((c) => `'${c}'`).join(', ');
      throw new InputError(`${fn}: ${path} has no '${f}' column, which is required here; its columns are ${has}`);
    }
  }
  const { panel: close, report } = pivotLong(rows, 'close', path);
  const pivot = (f: LongField): Panel | null => (rows.fields[f] ? pivotLong(rows, f, path).panel : null);
  return { close, volume: pivot('volume'), dollarVolume: pivot('dollar_volume'), marketCap: pivot('market_cap'), report };
}

/** The rows of a long Arrow table, in the shape `parseLongCsv` gives (lines = 0-based rows + 1). */
function tableRows(fn: string, table: Table, path: string): LongRows {
  const fields = table.schema.fields;
  const list = fields.map((f) => `'${f.name}'`).join(', ');
  const find = (role: string): number => {
    let i = fields.findIndex((f) => f.name === role);
    if (i < 0) i = fields.findIndex((f) => f.name.toLowerCase() === role);
    return i;
  };
  const need = (role: string): number => {
    const i = find(role);
    if (i < 0) throw new InputError(`${fn}: ${path} has no '${role}' column; columns are ${list} (a long file needs date, symbol, close)`);
    return i;
  };
  const di = need('date');
  const si = need('symbol');
  const present: LongField[] = ['close', ...OPTIONAL_FIELDS.filter((f) => find(f) >= 0)];
  if (find('close') < 0) need('close');
  const dateType = fields[di].type;
  if (!(DataType.isDate(dateType) || DataType.isTimestamp(dateType))) {
    throw new InputError(`${fn}: ${path}, column '${fields[di].name}' is ${String(dateType)}; the date column must be a Date or Timestamp column`);
  }
  const R = table.numRows;
  const rows: LongRows = {
    dates: new Array<number>(R), symbolIds: new Array<number>(R), symbolNames: [], lines: Array.from({ length: R }, (_, r) => r + 1),
    fields: {}, names: { date: fields[di].name, symbol: fields[si].name }, columnsIgnored: [], blankLines: 0, missing: {},
  };
  const used = new Set([di, si]);
  const dateVec = table.getChildAt(di)!;
  const symVec = table.getChildAt(si)!;
  const ids = new Map<string, number>();
  for (let r = 0; r < R; r++) {
    const d = dateVec.get(r) as number | bigint | Date | null;
    const ms = d === null || d === undefined ? NaN : Number(d instanceof Date ? d.getTime() : d);
    if (!Number.isFinite(ms)) throw new InputError(`${fn}: ${path}, row ${r}, column '${fields[di].name}': the date is missing`);
    rows.dates[r] = ms;
    const s = symVec.get(r) as unknown;
    if (typeof s !== 'string' || s.trim() === '') throw new InputError(`${fn}: ${path}, row ${r}, column '${fields[si].name}': the symbol is missing (${JSON.stringify(s)})`);
    let id = ids.get(s);
    if (id === undefined) {
      id = rows.symbolNames.length;
      ids.set(s, id);
      rows.symbolNames.push(s);
    }
    rows.symbolIds[r] = id;
  }
  for (const f of present) {
    const i = find(f);
    used.add(i);
    const name = fields[i].name;
    if (!(DataType.isFloat(fields[i].type) || DataType.isInt(fields[i].type))) {
      throw new InputError(`${fn}: ${path}, column '${name}' is ${String(fields[i].type)}; ${f} must be numeric`);
    }
    rows.names[f] = name;
    rows.fields[f] = numbers(fn, path, table.getChildAt(i)!, name, f);
    rows.missing[name] = rows.fields[f]!.reduce((n, x) => n + (Number.isNaN(x) ? 1 : 0), 0);
  }
  rows.columnsIgnored = fields.filter((_, i) => !used.has(i)).map((f) => f.name);
  return rows;
}

function numbers(fn: string, path: string, vec: Vector, name: string, field: LongField): number[] {
  const out = new Array<number>(vec.length);
  for (let r = 0; r < vec.length; r++) {
    const v = vec.get(r) as number | bigint | null;
    const x = v === null || v === undefined ? NaN : Number(v);
    if (x < 0 || x === Infinity) throw new InputError(`${fn}: ${path}, row ${r}, column '${name}': ${x} is negative or infinite; ${field} must be >= 0 (null or NaN marks a missing value)`);
    out[r] = x;
  }
  return out;
}
