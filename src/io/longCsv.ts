import { InputError } from '../errors.js';
import { checkEnum, checkOptions } from '../validate.js';
import { splitCsvLine } from '../data/csvLine.js';
import { CSV_DEFAULTS } from '../data/csv.js';
import { csvLines, delimiterHint } from '../data/csvText.js';
import { DATE_FORMATS, detectColumnDateFormat, isoDate, parseDate, whyNotDate, type ConcreteDateFormat, type DateFormat } from '../data/dates.js';

/** Numeric fields of a long-format row, in output order. */
export const LONG_FIELDS = ['close', 'market_cap', 'volume', 'dollar_volume'] as const;
export type LongField = (typeof LONG_FIELDS)[number];
/** Every column role of a long file: the two keys and the numeric fields. */
export type LongRole = 'date' | 'symbol' | LongField;
const ROLES: readonly LongRole[] = ['date', 'symbol', ...LONG_FIELDS];

export interface LongParseOptions {
  /** File name used in error messages and the report (default: none, `'<text>'`). */
  file?: string;
  /** Header names of the roles when they differ from `date`, `symbol`, `close`, ... */
  columns?: Partial<Record<LongRole, string>>;
  /** `'auto'` (default, decided from every distinct date cell), `'iso'`, `'mdy'`, `'dmy'`, `'yyyymmdd'`, `'epoch-ms'`, `'epoch-s'` (see readCsv). */
  dateFormat?: DateFormat;
  /** Cells read as missing, compared after trimming (default readCsv's list). */
  naValues?: readonly string[];
  /** Field separator, one character (default `,`). */
  delimiter?: string;
}

export const LONG_CSV_DEFAULTS = {
  dateFormat: 'auto' as DateFormat,
  naValues: CSV_DEFAULTS.naValues,
  delimiter: ',',
} as const;

export const LONG_PARSE_OPTIONS = ['file', 'columns', 'dateFormat', 'naValues', 'delimiter'] as const;

/** Parsed long rows, in file order (column-wise). */
export interface LongRows {
  dates: number[];
  /** Symbol of each row as an index into `symbolNames` (interned: long files repeat them). */
  symbolIds: number[];
  /** Distinct symbols in order of first appearance. */
  symbolNames: string[];
  /** 1-based line of each row in the file. */
  lines: number[];
  /** One array per numeric field present in the header (NaN = missing). */
  fields: Partial<Record<LongField, number[]>>;
  /** Header name of each role found. */
  names: Partial<Record<LongRole, string>>;
  columnsIgnored: string[];
  blankLines: number;
  missing: Record<string, number>;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses a long-format CSV: one row per (date, symbol) with numeric fields close,
 * market_cap, volume, dollar_volume (header names matched exactly, then
 * case-insensitively; `columns` renames). Rows may come in any date order.
 * Errors (InputError naming file, 1-based line and column): a wrong field count, an
 * unclosed quote, a bad date, an empty symbol, a cell that is neither a number nor in
 * `naValues`, a negative value (prices, caps and volumes are >= 0). Duplicate
 * (date, symbol) rows are caught by `gridLongRows`. Missing cells are NaN and counted.
 * Each distinct date cell is parsed once and symbols are interned. O(rows x columns).
 */
export function parseLongCsv(fn: string, text: string, options: LongParseOptions, required: readonly LongRole[]): LongRows {
  if (typeof text !== 'string') throw new InputError(`${fn}: text must be a string (the contents of the file), got ${typeof text}`);
  const at = options.file ? `${options.file}, ` : '';
  const naList = options.naValues ?? LONG_CSV_DEFAULTS.naValues;
  if (!Array.isArray(naList) || !naList.every((x) => typeof x === 'string')) throw new InputError(`${fn}: naValues must be an array of strings, got ${JSON.stringify(naList)}`);
  const naValues = new Set(naList);
  const formatOpt = checkEnum(fn, 'dateFormat', options.dateFormat ?? LONG_CSV_DEFAULTS.dateFormat, DATE_FORMATS);
  const delimiter = options.delimiter ?? LONG_CSV_DEFAULTS.delimiter;
  if (typeof delimiter !== 'string' || delimiter.length !== 1 || delimiter === '"') {
    throw new InputError(`${fn}: delimiter must be one character other than '"', got ${JSON.stringify(delimiter)}`);
  }
  checkOptions(`${fn}: columns`, options.columns, ROLES);

  const lines = csvLines(fn, at, text);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop(); // the final newline ends a line; it is not a blank line
  let h = 0;
  while (h < lines.length && lines[h].trim() === '') h++;
  if (h === lines.length) throw new InputError(`${fn}: ${at}the text is empty (no header line)`);
  const split = (i: number): string[] => {
    const f = splitCsvLine(lines[i], delimiter);
    if (f === null) throw new InputError(`${fn}: ${at}line ${i + 1} has an unclosed quote`);
    return f;
  };
  const header = split(h).map((s) => s.trim());
  const hint = delimiterHint(lines[h], delimiter);
  const pos = resolveRoles(fn, at, header, options.columns ?? {}, required, hint);
  const names: Partial<Record<LongRole, string>> = {};
  for (const [role, p] of Object.entries(pos) as [LongRole, number][]) names[role] = header[p];
  const present = LONG_FIELDS.filter((f) => pos[f] !== undefined);
  const used = new Set(Object.values(pos));
  const columnsIgnored = header.filter((_, i) => !used.has(i));

  const rows: LongRows = {
    dates: [], symbolIds: [], symbolNames: [], lines: [], fields: {}, names, columnsIgnored, blankLines: 0,
    missing: Object.fromEntries(present.map((f) => [header[pos[f]!], 0])),
  };
  for (const f of present) rows.fields[f] = [];
  const datePos = pos.date!;
  const symbolPos = pos.symbol!;
  // Long files repeat each date once per symbol and each symbol once per date: keep
  // every distinct date cell once (parsed after the loop, when the whole column has
  // decided the format) and intern symbols.
  const dateCache = new Map<string, number>();
  const distinct: string[] = [];
  const distinctLine: number[] = [];
  const symbolId = new Map<string, number>();
  const fieldArrays = present.map((f) => rows.fields[f]!);
  const fieldPos = present.map((f) => pos[f]!);
  const fieldNames = present.map((f) => header[pos[f]!]);
  for (let i = h + 1; i < lines.length; i++) {
    if (lines[i].trim() === '') {
      rows.blankLines++;
      continue;
    }
    const cells = split(i);
    const line = i + 1;
    if (cells.length !== header.length) throw new InputError(`${fn}: ${at}line ${line} has ${cells.length} fields, the header has ${header.length}${hint}`);
    const d = cells[datePos].trim();
    let k = dateCache.get(d);
    if (k === undefined) {
      k = distinct.length;
      dateCache.set(d, k);
      distinct.push(d);
      distinctLine.push(line);
    }
    const sym = cells[symbolPos].trim();
    let id = symbolId.get(sym);
    if (id === undefined) {
      if (sym === '' || naValues.has(sym)) throw new InputError(`${fn}: ${at}line ${line}, column '${header[symbolPos]}': the symbol is missing ('${sym}')`);
      id = rows.symbolNames.length;
      symbolId.set(sym, id);
      rows.symbolNames.push(sym);
    }
    for (let k = 0; k < fieldPos.length; k++) {
      const s = cells[fieldPos[k]].trim();
      let x: number;
      if (naValues.has(s)) {
        x = NaN;
        rows.missing[fieldNames[k]]++;
      } else if (NUMBER.test(s)) {
        x = Number(s);
        if (x < 0) throw new InputError(`${fn}: ${at}line ${line}, column '${fieldNames[k]}': ${s} is negative; ${present[k]} must be >= 0`);
      } else {
        throw new InputError(`${fn}: ${at}line ${line}, column '${fieldNames[k]}': '${s}' is not a number (missing values are ${[...naValues].map((v) => `'${v}'`).join(', ')})`);
      }
      fieldArrays[k].push(x);
    }
    rows.dates.push(k);
    rows.symbolIds.push(id);
    rows.lines.push(line);
  }
  if (rows.dates.length === 0) throw new InputError(`${fn}: ${at}no data rows after the header (line ${h + 1})`);
  let format: ConcreteDateFormat;
  if (formatOpt === 'auto') {
    const guess = detectColumnDateFormat(distinct);
    if ('error' in guess) throw new InputError(`${fn}: ${at}column '${header[datePos]}' (line ${distinctLine[guess.at]}): ${guess.error}`);
    format = guess.format;
  } else {
    format = formatOpt;
  }
  const ms = distinct.map((d, k) => {
    const x = parseDate(d, format);
    if (Number.isNaN(x)) throw new InputError(`${fn}: ${at}line ${distinctLine[k]}, column '${header[datePos]}': '${d}' is not a valid ${format} date (${whyNotDate(d, format)})`);
    return x;
  });
  for (let r = 0; r < rows.dates.length; r++) rows.dates[r] = ms[rows.dates[r]];
  return rows;
}

/** Header position of each role: `columns` names first, then exact, then case-insensitive. */
function resolveRoles(
  fn: string, at: string, header: string[], columns: Partial<Record<LongRole, string>>, required: readonly LongRole[], hint: string,
): Partial<Record<LongRole, number>> {
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) throw new InputError(`${fn}: ${at}the header names column '${name}' twice`);
    seen.add(name);
  }
  const list = header.map((c) => `'${c}'`).join(', ');
  const pos: Partial<Record<LongRole, number>> = {};
  for (const role of ROLES) {
    const given = columns[role];
    let p: number;
    if (given !== undefined) {
      p = header.indexOf(given);
      if (p < 0) throw new InputError(`${fn}: ${at}columns.${role} is '${given}', which is not in the header; columns are ${list}`);
    } else {
      p = header.indexOf(role);
      if (p < 0) p = header.findIndex((c) => c.toLowerCase() === role);
    }
    if (p >= 0) {
      const other = (Object.keys(pos) as LongRole[]).find((r) => pos[r] === p);
      if (other) throw new InputError(`${fn}: ${at}column '${header[p]}' is given both as ${other} and as ${role}`);
      pos[role] = p;
    } else if (required.includes(role)) {
      throw new InputError(`${fn}: ${at}no '${role}' column; columns are ${list} (a long file needs ${required.join(', ')}; rename with the columns option)${hint}`);
    }
  }
  return pos;
}

/** Rows of `LongRows` placed on the (date x symbol) grid, in grid order. */
export interface LongGrid {
  /** Distinct dates, ascending. */
  dates: number[];
  /** Distinct symbols, sorted by code point (pandas' pivot order). */
  symbols: string[];
  /** Row indices sorted by (date, symbol). */
  order: Int32Array;
  /** Grid cell of each row: dateRow * symbols.length + symbolColumn. */
  cell: Float64Array;
  /** Times the date goes back from one row to the next in the file. */
  outOfOrder: number;
}

/**
 * Sorts rows by (date, symbol) and rejects duplicate (date, symbol) pairs, listing
 * them (up to 20) with their lines. Sorting packs (cell, row) into one float64
 * (cell * R + r, exact below 2^53) and uses the native numeric sort: O(R log R)
 * without a comparator. Duplicates are then adjacent.
 */
export function gridLongRows(fn: string, rows: LongRows, file?: string): LongGrid {
  const at = file ? `${file}, ` : '';
  const R = rows.dates.length;
  let outOfOrder = 0;
  for (let r = 1; r < R; r++) if (rows.dates[r] < rows.dates[r - 1]) outOfOrder++;
  const dates = [...new Set(rows.dates)].sort((a, b) => a - b);
  const dateRow = new Map(dates.map((d, t) => [d, t]));
  const names = rows.symbolNames;
  const byName = names.map((_, i) => i).sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
  const column = new Int32Array(names.length);
  byName.forEach((id, j) => { column[id] = j; });
  const N = names.length;
  const cell = new Float64Array(R);
  for (let r = 0; r < R; r++) cell[r] = dateRow.get(rows.dates[r])! * N + column[rows.symbolIds[r]];
  const order = new Int32Array(R);
  if (dates.length * N * R < 2 ** 53) {
    const packed = new Float64Array(R);
    for (let r = 0; r < R; r++) packed[r] = cell[r] * R + r;
    packed.sort();
    for (let i = 0; i < R; i++) order[i] = packed[i] - Math.floor(packed[i] / R) * R;
  } else {
    const idx = Array.from({ length: R }, (_, r) => r).sort((a, b) => cell[a] - cell[b] || a - b);
    order.set(idx);
  }
  const dups: number[][] = [];
  for (let i = 1; i < R; i++) {
    if (cell[order[i]] !== cell[order[i - 1]]) continue;
    const last = dups[dups.length - 1];
    if (last && cell[last[0]] === cell[order[i]]) last.push(order[i]);
    else dups.push([order[i - 1], order[i]]);
  }
  if (dups.length > 0) {
    const list = dups.slice(0, 20).map((g) => `${isoDate(rows.dates[g[0]])} ${names[rows.symbolIds[g[0]]]} (lines ${g.map((r) => rows.lines[r]).join(', ')})`);
    const more = dups.length > 20 ? `; and ${dups.length - 20} more` : '';
    throw new InputError(`${fn}: ${at}${dups.length} duplicate (date, symbol) row${dups.length > 1 ? 's' : ''}: ${list.join('; ')}${more}`);
  }
  return { dates, symbols: byName.map((id) => names[id]), order, cell, outOfOrder };
}
