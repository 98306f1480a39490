import { InputError } from '../errors.js';
import { Panel } from '../panel.js';
import { checkEnum, checkOptions } from '../validate.js';
import { splitCsvLine } from './csvLine.js';
import { csvLines, delimiterHint } from './csvText.js';
import { DATE_FORMATS, detectColumnDateFormat, parseDate, whyNotDate, type ConcreteDateFormat, type DateFormat } from './dates.js';
import { checkDuplicateDates, DATE_ORDERS, dateRowOrder, type DateOrder, type RowNames } from './dateOrder.js';

/** Row orders of a CSV (the same as every reader's, see `dateOrder.ts`). */
export const CSV_ORDERS = DATE_ORDERS;
export type CsvOrder = DateOrder;

export interface ReadCsvOptions {
  /** Name (or 0-based position) of the date column. Default: the first column. */
  dateColumn?: string | number;
  /** Cells read as NaN (compared after trimming spaces). Default `['', 'NA', 'N/A', 'NaN', 'null']`. */
  naValues?: readonly string[];
  /**
   * Columns to leave out, by header name. `''` names an unnamed column, such as the
   * empty trailing column of the ECB file (every line ends with a comma).
   */
  ignoreColumns?: readonly string[];
  /**
   * Row order in the file. `'ascending'` (default): dates must increase strictly,
   * the first one out of order is an error naming its line. `'descending'`: the file
   * is newest first (ECB); it must decrease strictly and is reversed on read.
   * `'sort'`: any order, sorted ascending (stable).
   */
  order?: CsvOrder;
  /**
   * `'iso'` (default): `YYYY-MM-DD` or an ISO date-time in UTC (a zone other than UTC
   * is refused, saying so). `'mdy'`: `M/D/YYYY`. `'dmy'`: `D/M/YYYY`. `'yyyymmdd'`:
   * `20180102`. `'epoch-ms'` / `'epoch-s'`: integer epoch milliseconds / seconds.
   * `'auto'`: chosen from the whole date column (see `detectColumnDateFormat`: slash
   * dates whose fields are all <= 12 are an error asking for `'mdy'` or `'dmy'`), then
   * applied strictly to every cell.
   */
  dateFormat?: DateFormat;
  /** Field separator (one character), default `,`. */
  delimiter?: string;
}

/** Defaults of `readCsv`, in one place. */
export const CSV_DEFAULTS = {
  naValues: ['', 'NA', 'N/A', 'NaN', 'null'] as readonly string[],
  ignoreColumns: [] as readonly string[],
  order: 'ascending' as CsvOrder,
  dateFormat: 'iso' as DateFormat,
  delimiter: ',',
} as const;

const CSV_OPTIONS = ['dateColumn', 'naValues', 'ignoreColumns', 'order', 'dateFormat', 'delimiter'] as const;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Reads a wide CSV (one date column, one numeric column per asset) into a Panel: the
 * pandas equivalent is `pd.read_csv(text, index_col=0, parse_dates=True, na_values=...)`
 * followed by a strictness pandas does not have.
 *
 * Rules: the first non-blank line is the header (a leading UTF-8 BOM is dropped); blank lines are skipped (they hold no
 * data); every other line is a data row and becomes exactly one panel row, nothing is
 * dropped. Cells in `naValues` are NaN; any other cell must be a decimal number
 * (`1`, `-2.5`, `.5`, `1e-3`), else an InputError names the line (1-based, as in the
 * file) and the column. A line with the wrong number of fields, an unparsable date,
 * duplicate dates (all listed), dates out of the declared `order`, a header without
 * asset columns, an unnamed column not listed in `ignoreColumns`, or no data rows are
 * InputErrors too. Dates are UTC; the panel's index keeps the date column's name.
 * Complexity O(cells) (plus O(T log T) with `order: 'sort'`).
 */
export function readCsv(text: string, options: ReadCsvOptions = {}): Panel {
  const fn = 'readCsv';
  checkOptions(fn, options, CSV_OPTIONS);
  if (typeof text !== 'string') throw new InputError(`${fn}: text must be a string (the contents of the file), got ${typeof text}`);
  const naValues = new Set(checkStrings(fn, 'naValues', options.naValues ?? CSV_DEFAULTS.naValues));
  const ignore = checkStrings(fn, 'ignoreColumns', options.ignoreColumns ?? CSV_DEFAULTS.ignoreColumns);
  const order = checkEnum(fn, 'order', options.order ?? CSV_DEFAULTS.order, CSV_ORDERS);
  const formatOpt = checkEnum(fn, 'dateFormat', options.dateFormat ?? CSV_DEFAULTS.dateFormat, DATE_FORMATS);
  const delimiter = options.delimiter ?? CSV_DEFAULTS.delimiter;
  if (typeof delimiter !== 'string' || delimiter.length !== 1 || delimiter === '"') {
    throw new InputError(`${fn}: delimiter must be one character other than '"', got ${JSON.stringify(delimiter)}`);
  }

  const lines = csvLines(fn, '', text.charCodeAt(0) === 0xfeff ? text.slice(1) : text); // drop a UTF-8 BOM
  let h = 0;
  while (h < lines.length && lines[h].trim() === '') h++;
  if (h === lines.length) throw new InputError(`${fn}: the text is empty (no header line)`);
  const header = split(fn, lines[h], h, delimiter).map((s) => s.trim());
  const dateCol = resolveDateColumn(fn, header, options.dateColumn);
  for (const name of ignore) {
    if (!header.includes(name)) throw new InputError(`${fn}: ignoreColumns names '${name}', which is not in the header; columns are ${header.map((c) => `'${c}'`).join(', ')}`);
  }
  if (ignore.includes(header[dateCol])) throw new InputError(`${fn}: the date column '${header[dateCol]}' cannot be ignored`);
  const assetPos: number[] = [];
  header.forEach((name, i) => {
    if (i === dateCol || ignore.includes(name)) return;
    if (name === '') throw new InputError(`${fn}: column ${i + 1} of the header (line ${h + 1}) has no name; list '' in ignoreColumns to skip it`);
    assetPos.push(i);
  });
  if (assetPos.length === 0) throw new InputError(`${fn}: no asset columns besides the date column '${header[dateCol]}' (empty universe)${delimiterHint(lines[h], delimiter)}`);

  const N = assetPos.length;
  const values: number[] = [];
  const dates: number[] = [];
  const lineNo: number[] = [];
  const cells: string[] = [];
  for (let i = h + 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const fields = split(fn, lines[i], i, delimiter);
    if (fields.length !== header.length) {
      throw new InputError(`${fn}: line ${i + 1} has ${fields.length} fields, the header has ${header.length}${delimiterHint(lines[h], delimiter)}`);
    }
    cells.push(fields[dateCol].trim());
    lineNo.push(i + 1);
    for (const pos of assetPos) {
      const s = fields[pos].trim();
      if (naValues.has(s)) values.push(NaN);
      else if (NUMBER.test(s)) values.push(Number(s));
      else throw new InputError(`${fn}: line ${i + 1}, column '${header[pos]}': '${s}' is not a number (missing values are ${[...naValues].map((v) => `'${v}'`).join(', ')})`);
    }
  }
  let format: ConcreteDateFormat;
  if (formatOpt === 'auto') {
    const guess = detectColumnDateFormat(cells);
    if ('error' in guess) throw new InputError(`${fn}: column '${header[dateCol]}' (line ${lineNo[guess.at]}): ${guess.error}`);
    format = guess.format;
  } else {
    format = formatOpt;
  }
  cells.forEach((cell, r) => {
    const ms = parseDate(cell, format);
    if (Number.isNaN(ms)) throw new InputError(`${fn}: line ${lineNo[r]}, column '${header[dateCol]}': '${cell}' is not a valid ${format} date (${whyNotDate(cell, format)})`);
    dates.push(ms);
  });
  if (dates.length === 0) throw new InputError(`${fn}: no data rows after the header (line ${h + 1})`);

  const rows: RowNames = { unit: 'line', of: (r) => lineNo[r] };
  checkDuplicateDates(fn, dates, rows);
  const perm = dateRowOrder(fn, dates, rows, order);
  const T = dates.length;
  const out = new Panel(T, N, {
    columns: assetPos.map((i) => header[i]),
    index: perm.map((r) => dates[r]),
    indexName: header[dateCol] === '' ? 'date' : header[dateCol],
  });
  const v = out.values;
  for (let t = 0; t < T; t++) {
    const src = perm[t] * N;
    for (let j = 0; j < N; j++) v[t * N + j] = values[src + j];
  }
  return out;
}

function split(fn: string, line: string, i: number, delimiter: string): string[] {
  const fields = splitCsvLine(line, delimiter);
  if (fields === null) throw new InputError(`${fn}: line ${i + 1} has an unclosed quote`);
  return fields;
}

function checkStrings(fn: string, name: string, v: unknown): readonly string[] {
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) {
    throw new InputError(`${fn}: ${name} must be an array of strings, got ${JSON.stringify(v)}`);
  }
  return v;
}

function resolveDateColumn(fn: string, header: string[], dateColumn: string | number | undefined): number {
  if (dateColumn === undefined) return 0;
  if (typeof dateColumn === 'number') {
    if (!Number.isInteger(dateColumn) || dateColumn < 0 || dateColumn >= header.length) {
      throw new InputError(`${fn}: dateColumn ${dateColumn} is not a column position (0 .. ${header.length - 1})`);
    }
    return dateColumn;
  }
  const i = header.indexOf(dateColumn);
  if (i < 0) throw new InputError(`${fn}: no date column '${dateColumn}'; columns are ${header.map((c) => `'${c}'`).join(', ')}`);
  return i;
}
